// The one Prisma client, for the database DATABASE_URL names (lib/database-url.ts):
// SQLite through better-sqlite3, or PostgreSQL through node-postgres. Outside
// production it is cached on globalThis so that hot reloads in development do not
// open a new connection each time.
//
// The two clients are generated from one set of models (prisma/schema.prisma and the
// copy made from it, prisma/postgresql/schema.prisma), so the app types everything with
// the SQLite client's types.
//
// SQLite runs in WAL mode: readers (another instance, `npm test`'s own checks) never
// block the writer and the writer never blocks them, and a write waits up to
// BUSY_TIMEOUT_MS for another process's write to finish instead of failing at once.
// (In the default rollback journal, one process reading while another writes could
// refuse a write outright: a "database is locked" error page.)
// PostgreSQL keeps its defaults; a pool of connections with bounded waits, so a
// database that is down or swamped fails a request in seconds, never hangs it, and a
// failure to reach it tells lib/database-health.ts, which answers 503 until it is back.
//
// `driver` is the same database without Prisma, for the one read every request makes
// (the session record, lib/auth/session-lookup.ts): Prisma spends about half a
// millisecond on a lookup by primary key that the driver does in tens of microseconds.
// On PostgreSQL it is the client's own pool; on SQLite a read-only connection of its
// own (WAL: it sees every commit, and never waits for a writer).
//
// With LOG_LEVEL=trace every statement is one log line (`statement`: its SQL with
// placeholders, never the values, and its time), which is how `npm run bench` counts
// the statements of a sign-in.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { PrismaClient as PostgresqlClient } from ".prisma/client-postgresql";
import Database from "better-sqlite3";
import pg from "pg";
import { isUnreachable, setDatabaseProbe, suspectDatabase } from "./database-health";
import { database } from "./database-url";
import { env } from "./env";
import { errorMessage, logEvent } from "./log";
import { VkhodSQLite3 } from "./sqlite-adapter";

const BUSY_TIMEOUT_MS = 10_000;
/** How long a request waits for a PostgreSQL connection, and for one statement. */
const CONNECT_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 10_000;

export type Driver = { kind: "sqlite"; connection(): Database.Database } | { kind: "postgresql"; pool: pg.Pool };

function createClient(): { client: PrismaClient; driver: Driver } {
  const { kind, url } = database(env);
  if (kind === "postgresql") {
    const pool = new pg.Pool({
      connectionString: url,
      max: env.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
    });
    // The server closed an idle connection (a restart, a failover): is it still there?
    pool.on("error", () => suspectDatabase());
    // disposeExternalPool: $disconnect() (a clean stop, lib/shutdown.ts) ends the pool too.
    // A transaction may wait longer than Prisma's defaults (2 s to start, 5 s to finish)
    // for a pooled connection and, in it, for a row another transaction holds: a burst
    // of sign-ins of one person takes turns on the user's row. Both are bounded like a
    // statement, at 10 s.
    const plain = new PostgresqlClient({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      log: statementLog,
      transactionOptions: { maxWait: STATEMENT_TIMEOUT_MS, timeout: STATEMENT_TIMEOUT_MS },
    });
    traceStatements(plain);
    const client = plain.$extends({
      query: {
        async $allOperations({ args, query }) {
          try {
            return await query(args);
          } catch (error) {
            if (isUnreachable(error)) suspectDatabase();
            throw error;
          }
        },
      },
    });
    // The probe has a connection of its own: a pool that is full (load) is not a database
    // that is gone.
    setDatabaseProbe(async () => {
      const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
      try {
        await probe.connect();
        await probe.query("SELECT 1");
      } finally {
        await probe.end().catch(() => undefined);
      }
    });
    return { client: client as unknown as PrismaClient, driver: { kind, pool } };
  }
  const adapter = new VkhodSQLite3(
    { url, timeout: BUSY_TIMEOUT_MS },
    { onLongTurn: (heldMs) => logEvent("warn", { event: "database-turn-held", heldMs, note: "one statement or transaction has held the SQLite connection this long; every other waits" }) },
  );
  // A transaction waits for the statements queued before it (lib/sqlite-adapter.ts):
  // under load that can take longer than Prisma's default 2 s to start.
  const client = new PrismaClient({ adapter, log: statementLog, transactionOptions: { maxWait: BUSY_TIMEOUT_MS } });
  traceStatements(client);
  // Kept in the file once set; "synchronous = NORMAL" is safe with WAL (a power cut can
  // lose the last commits, never corrupt the file) and is per connection.
  client.$queryRawUnsafe("PRAGMA journal_mode = WAL").then(() => client.$queryRawUnsafe("PRAGMA synchronous = NORMAL")).catch((error: unknown) => {
    logEvent("error", { event: "database-wal-failed", error: errorMessage(error) });
  });
  let reader: Database.Database | undefined;
  const connection = () => {
    if (!reader) {
      reader = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    }
    return reader;
  };
  return { client, driver: { kind, connection } };
}

const tracing = env.LOG_LEVEL === "trace";
const statementLog = tracing ? [{ emit: "event" as const, level: "query" as const }] : [];

/** A statement that did not go through Prisma (`driver`), logged as Prisma's are. */
export function traceStatement(statement: string, startedAt: number) {
  if (tracing) logEvent("trace", { event: "statement", statement: statement.slice(0, 300), durationMs: Math.round(performance.now() - startedAt) });
}

function traceStatements(client: { $on(event: "query", listener: (event: { query: string; duration: number }) => void): void }) {
  if (!tracing) return;
  client.$on("query", ({ query, duration }) => logEvent("trace", { event: "statement", statement: query.slice(0, 300), durationMs: duration }));
}

const cache = globalThis as unknown as { vkhodPrisma?: PrismaClient; vkhodDriver?: Driver };

const created = cache.vkhodPrisma && cache.vkhodDriver ? { client: cache.vkhodPrisma, driver: cache.vkhodDriver } : createClient();

export const db = created.client;
export const driver = created.driver;

if (process.env.NODE_ENV !== "production") {
  cache.vkhodPrisma = db;
  cache.vkhodDriver = driver;
}
