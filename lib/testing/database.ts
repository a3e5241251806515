// A real, migrated SQLite database in a temporary folder, for unit tests that need one:
// a copy of the run's template (migrated once, lib/testing/global-setup.ts), or, when a
// test runs without that setup, one migrated here.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VkhodSQLite3 } from "@/lib/sqlite-adapter";
import { PrismaClient } from "@prisma/client";

/** Runs the committed migrations on a new SQLite file. */
export function migrateInto(file: string) {
  const migrate = spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
}

export function createTestDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "vkhod-unit-"));
  const file = join(dir, "test.db");
  const url = `file:${file}`;
  const template = process.env.VKHOD_TEST_TEMPLATE_DB;
  if (template && existsSync(template)) {
    copyFileSync(template, file);
  } else {
    migrateInto(file);
  }
  const db = new PrismaClient({ adapter: new VkhodSQLite3({ url }) });
  return {
    db,
    url,
    async dispose() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
