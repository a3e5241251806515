// Is the database usable? Reachable, and every committed migration of its kind
// applied. The start (instrumentation.ts) refuses to serve when it is not, with a
// sentence an operator can act on; /api/health answers it for load balancers.
import "server-only";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { database, PRISMA_FILES, redactedUrl, type DatabaseKind } from "./database-url";
import { databaseAnswered } from "./database-health";
import { db } from "./db";
import { env } from "./env";

export type DatabaseStatus =
  | { ok: true; kind: DatabaseKind; migrations: number }
  | { ok: false; kind: DatabaseKind; reason: "unreachable" | "unmigrated"; problem: string; fix: string };

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The committed migrations of this kind, by folder name (read from the project). */
function committedMigrations(kind: DatabaseKind): string[] | undefined {
  try {
    return readdirSync(join(process.cwd(), PRISMA_FILES[kind].migrations), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return undefined; // deployed without prisma/: nothing to compare with
  }
}

/** What went wrong, in one line: Prisma puts the driver's own words last, after the call site. */
const cause = (error: unknown) =>
  ((error instanceof Error ? error.message : String(error)).split("\n").filter((line) => line.trim()).at(-1) ?? "unknown error").trim().slice(0, 300);

export async function checkDatabase(): Promise<DatabaseStatus> {
  const { kind, url } = database(env);
  const where = `${kind === "sqlite" ? "SQLite" : "PostgreSQL"} database ${redactedUrl(url)}`;
  try {
    await withTimeout(db.$queryRawUnsafe("SELECT 1"), "SELECT 1");
  } catch (error) {
    return {
      ok: false,
      kind,
      reason: "unreachable",
      problem: `The ${where} (DATABASE_URL) cannot be opened: ${cause(error)}`,
      fix:
        kind === "sqlite"
          ? "Point DATABASE_URL at a file in a folder this process can write (file:./data/vkhod.db), then run npm run db:migrate."
          : "Check that PostgreSQL is running and reachable at that host and port, and that the user, password and database name are right.",
    };
  }
  let applied: string[];
  try {
    const rows = await withTimeout(
      db.$queryRawUnsafe<{ migration_name: string }[]>("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL"),
      "the migrations table",
    );
    applied = rows.map((row) => row.migration_name);
  } catch {
    return { ok: false, kind, reason: "unmigrated", problem: `The ${where} has no migrations applied.`, fix: "Run npm run db:migrate with the same DATABASE_URL." };
  }
  const missing = (committedMigrations(kind) ?? []).filter((name) => !applied.includes(name));
  if (missing.length) {
    return {
      ok: false,
      kind,
      reason: "unmigrated",
      problem: `The ${where} is missing ${missing.length} migration${missing.length === 1 ? "" : "s"} (${missing.join(", ")}).`,
      fix: "Run npm run db:migrate with the same DATABASE_URL.",
    };
  }
  databaseAnswered();
  return { ok: true, kind, migrations: applied.length };
}
