// Vitest's global setup: one migrated SQLite database, made once per run, that every
// test file copies (lib/testing/database.ts) instead of running the migrations itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateInto } from "./database";

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), "vkhod-unit-template-"));
  const file = join(dir, "template.db");
  migrateInto(file);
  // Test files run in worker processes that inherit this environment.
  process.env.VKHOD_TEST_TEMPLATE_DB = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
