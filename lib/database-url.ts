// The one place that turns DATABASE_URL into a database: which kind (SQLite for a
// `file:` URL, PostgreSQL for `postgres://` or `postgresql://`) and its connection
// string, shared by the app (lib/db.ts), the Prisma CLI (prisma.config.ts) and the
// start-time checks, so all of them open the same database.
// Relative SQLite paths are relative to the project root (the working directory).
import { resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/vkhod.db";

export type DatabaseKind = "sqlite" | "postgresql";

export type Database = { kind: DatabaseKind; url: string };

/** Where each kind keeps its Prisma schema and its committed migrations. */
export const PRISMA_FILES: Record<DatabaseKind, { schema: string; migrations: string }> = {
  sqlite: { schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  postgresql: { schema: "prisma/postgresql/schema.prisma", migrations: "prisma/postgresql/migrations" },
};

export class DatabaseUrlError extends Error {}

/** The database DATABASE_URL names; throws DatabaseUrlError, saying what to write, when it names none. */
export function database(env: { DATABASE_URL?: string | undefined } = process.env as { DATABASE_URL?: string }): Database {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).split("?")[0];
    if (!path) throw new DatabaseUrlError("DATABASE_URL is file: with no path. Use file:./data/vkhod.db (SQLite) or postgresql://user:password@host:5432/vkhod.");
    return { kind: "sqlite", url: `file:${resolve(path)}` };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      const parsed = new URL(url);
      if (!parsed.hostname && !parsed.searchParams.get("host")) throw new Error("no host");
    } catch {
      throw new DatabaseUrlError(`DATABASE_URL is not a PostgreSQL URL that can be read (${redactedUrl(url)}). Write postgresql://user:password@host:5432/database.`);
    }
    return { kind: "postgresql", url };
  }
  throw new DatabaseUrlError(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); it is ${redactedUrl(url)}. ` +
      "Examples: file:./data/vkhod.db, postgresql://vkhod:password@127.0.0.1:5432/vkhod.",
  );
}

/** The connection string for DATABASE_URL (see database()). */
export const databaseUrl = (env?: { DATABASE_URL?: string | undefined }) => database(env).url;

/** A database URL fit for a log line or an error message: no password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.host && !parsed.username) return url;
    if (parsed.password) parsed.password = "***";
    for (const name of ["password", "sslpassword", "sslkey"]) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, "***");
    return parsed.toString().replace("%2A%2A%2A", "***");
  } catch {
    // Not a URL at all: keep only what comes before any password-like part.
    return url.replace(/:[^/@]*@.*$/, ":***@…");
  }
}
