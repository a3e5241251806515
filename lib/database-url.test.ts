import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { postgresqlSchema } from "../scripts/lib/postgresql-schema.mjs";
import { database, DatabaseUrlError, redactedUrl } from "./database-url";

describe("DATABASE_URL", () => {
  it("is SQLite for file: (relative to the project root) and by default", () => {
    expect(database({ DATABASE_URL: "file:./data/x.db" })).toEqual({ kind: "sqlite", url: `file:${resolve("data/x.db")}` });
    expect(database({}).kind).toBe("sqlite");
  });

  it("is PostgreSQL for postgres:// and postgresql://", () => {
    for (const url of ["postgres://u:p@db:5432/vkhod", "postgresql://u@127.0.0.1/vkhod?sslmode=disable"]) {
      expect(database({ DATABASE_URL: url })).toEqual({ kind: "postgresql", url });
    }
  });

  it("refuses anything else, saying what to write, without the password", () => {
    for (const url of ["mysql://root:hunter2@db/vkhod", "file:", "postgresql://", "./data/vkhod.db"]) {
      expect(() => database({ DATABASE_URL: url }), url).toThrow(DatabaseUrlError);
    }
    expect(() => database({ DATABASE_URL: "mysql://root:hunter2@db/vkhod" })).toThrow(/file: \(SQLite\) or postgresql:\/\/ \(PostgreSQL\).*mysql:\/\/root:\*\*\*@db/);
    expect(() => database({ DATABASE_URL: "mysql://root:hunter2@db/vkhod" })).not.toThrow(/hunter2/);
    expect(redactedUrl("postgresql://vkhod:s3cret@db:5432/vkhod")).toBe("postgresql://vkhod:***@db:5432/vkhod");
    expect(redactedUrl("postgresql://vkhod:p%40ss%40word@db/vkhod")).toBe("postgresql://vkhod:***@db/vkhod");
    expect(redactedUrl("postgresql://vkhod@db/vkhod?password=hunter2&sslmode=require")).toBe("postgresql://vkhod@db/vkhod?password=***&sslmode=require");
    expect(redactedUrl("file:/srv/vkhod.db")).toBe("file:/srv/vkhod.db");
  });
});

describe("prisma/postgresql/schema.prisma", () => {
  it("is the copy `npm run db:generate` makes of prisma/schema.prisma (run it after changing the models)", () => {
    const sqlite = readFileSync("prisma/schema.prisma", "utf8");
    expect(readFileSync("prisma/postgresql/schema.prisma", "utf8")).toBe(postgresqlSchema(sqlite));
  });

  it("has every model and column in the committed migrations of both databases", () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const models = [...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)].map(([, name, body]) => ({
      name: name!,
      // Scalar fields: a name, then a type that is not another model (a relation).
      columns: [...body!.matchAll(/^\s+(\w+)\s+(String|Int|Boolean|DateTime)\b/gm)].map((m) => m[1]!),
    }));
    expect(models.length).toBeGreaterThan(5);
    for (const folder of ["prisma/migrations", "prisma/postgresql/migrations"]) {
      const sql = readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => readFileSync(join(folder, entry.name, "migration.sql"), "utf8"))
        .join("\n");
      for (const { name, columns } of models) {
        expect(sql, `${folder}: table ${name}`).toMatch(new RegExp(`(CREATE TABLE|RENAME TO) "${name}"`));
        for (const column of columns) expect(sql, `${folder}: ${name}.${column}`).toContain(`"${column}"`);
      }
    }
  });
});
