// The read every signed-in request makes: a session record and its user, by the
// record's primary key, through the driver (lib/db.ts `driver`) rather than Prisma,
// which spends about half a millisecond on what the driver does in tens of
// microseconds. One statement, the same columns as Prisma's models, turned into the
// same values (dates, booleans) Prisma would give.
import "server-only";
import type { LoginSession, User } from "@prisma/client";
import { suspectDatabase } from "@/lib/database-health";
import { driver, traceStatement } from "@/lib/db";
import pg from "pg";

export type SessionWithUser = LoginSession & { user: User };

const SESSION_COLUMNS = ["id", "userId", "provider", "passkeyId", "ip", "userAgent", "createdAt", "authenticatedAt", "secondFactorAt", "lastSeenAt", "expiresAt", "revokedAt"] as const;
const USER_COLUMNS = ["id", "name", "email", "emailVerified", "image", "profileAccountId", "alertsEnabled", "createdAt", "updatedAt", "secondFactorOnSignIn"] as const;
const DATES = new Set(["createdAt", "authenticatedAt", "secondFactorAt", "lastSeenAt", "expiresAt", "revokedAt", "emailVerified", "updatedAt"]);

// One statement for both databases (both quote names with "); only the placeholder differs.
const q = (name: string) => `"${name}"`;
const SELECT =
  `SELECT ${[...SESSION_COLUMNS.map((c) => `s.${q(c)} AS ${q(`s_${c}`)}`), ...USER_COLUMNS.map((c) => `u.${q(c)} AS ${q(`u_${c}`)}`)].join(", ")} ` +
  `FROM ${q("LoginSession")} s JOIN ${q("User")} u ON u.${q("id")} = s.${q("userId")} WHERE s.${q("id")} = `;
const SQLITE = `${SELECT}?`;
const POSTGRESQL = `${SELECT}$1`;

// Prisma keeps PostgreSQL times as `timestamp(3)` in UTC; node-postgres would read
// them as local time.
const TIMESTAMP_OID = 1114;
const postgresqlTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// Prepared once per connection.
const prepared = new WeakMap<object, { get(id: string): unknown }>();
function sqliteStatement(connection: { prepare(sql: string): { get(id: string): unknown } }) {
  let statement = prepared.get(connection);
  if (!statement) prepared.set(connection, (statement = connection.prepare(SQLITE)));
  return statement;
}

/** One row's value for a column, as Prisma gives it. */
function value(column: string, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (DATES.has(column)) return raw instanceof Date ? raw : new Date(typeof raw === "number" ? raw : String(raw));
  if (column === "alertsEnabled" || column === "secondFactorOnSignIn") return Boolean(raw);
  return raw;
}

function fromRow(row: Record<string, unknown>): SessionWithUser {
  const session = Object.fromEntries(SESSION_COLUMNS.map((c) => [c, value(c, row[`s_${c}`])])) as LoginSession;
  const user = Object.fromEntries(USER_COLUMNS.map((c) => [c, value(c, row[`u_${c}`])])) as User;
  return { ...session, user };
}

/** The session record with this id and its user, revoked and expired ones included; null when there is none. */
export async function sessionWithUser(id: string): Promise<SessionWithUser | null> {
  const started = performance.now();
  if (driver.kind === "sqlite") {
    const row = sqliteStatement(driver.connection()).get(id) as Record<string, unknown> | undefined;
    traceStatement(SQLITE, started);
    return row ? fromRow(row) : null;
  }
  try {
    // Unnamed: a named (server-side prepared) statement breaks behind PgBouncer's transaction pooling.
    const { rows } = await driver.pool.query({ text: POSTGRESQL, values: [id], types: postgresqlTypes });
    traceStatement(POSTGRESQL, started);
    return rows[0] ? fromRow(rows[0] as Record<string, unknown>) : null;
  } catch (error) {
    // Not a bad query (this one is fixed): the database, most likely. The probe decides.
    suspectDatabase();
    throw error;
  }
}
