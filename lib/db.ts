// The one Prisma client. Outside production it is cached on globalThis so that hot
// reloads in development do not open a new connection each time.
//
// SQLite runs in WAL mode: readers (another instance, `npm test`'s own checks) never
// block the writer and the writer never blocks them, and a write waits up to
// BUSY_TIMEOUT_MS for another process's write to finish instead of failing at once.
// (In the default rollback journal, one process reading while another writes could
// refuse a write outright: a "database is locked" error page.)
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { databaseUrl } from "./database-url";
import { env } from "./env";

const BUSY_TIMEOUT_MS = 10_000;

function createClient() {
  const url = databaseUrl(env);
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS }) });
  // Kept in the file once set; "synchronous = NORMAL" is safe with WAL (a power cut can
  // lose the last commits, never corrupt the file) and is per connection.
  client.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => client.$queryRawUnsafe("PRAGMA synchronous = NORMAL")).catch((error: unknown) => {
    console.error(`[db] could not switch SQLite to WAL mode: ${String(error)}`);
  });
  return client;
}

const cache = globalThis as unknown as { vkhodPrisma?: PrismaClient };

export const db = cache.vkhodPrisma ?? createClient();

if (process.env.NODE_ENV !== "production") cache.vkhodPrisma = db;
