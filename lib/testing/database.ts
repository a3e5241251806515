// A real, migrated SQLite database in a temporary folder, for unit tests that need one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";

export function createTestDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "vkhod-unit-"));
  const url = `file:${join(dir, "test.db")}`;
  const migrate = spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
