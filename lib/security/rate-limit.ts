// Abuse limits: how many attempts one network (or one user, or one account) may make in
// a window, counted where every app instance sees the same numbers — the database by
// default (the RateLimiterFlexible table), Redis when REDIS_URL is set. Each limit is
// one variable such as AUTH_LIMIT_SIGN_IN=<points>/<seconds> (all in .env.example);
// AUTH_LIMITS=off turns the per-request limits off for deployments whose proxy limits
// requests. The account lock stays on either way: no proxy can tell which account a
// signed payload concerns.
//
// A store that is down, or slower than its bound (STORE_TIMEOUT_MS), never fails a
// request: the same limit is then counted in this process's memory (rate-limiter-flexible's
// insurance limiter) until the store answers again. Limiters are made on first use,
// one per limit per process, so importing this module costs nothing.
import "server-only";
import { errorMessage, logEvent } from "@/lib/log";
import { createHash } from "node:crypto";
import {
  RateLimiterMemory,
  RateLimiterPrisma,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Prisma } from "@prisma/client";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { REDIS_COMMAND_TIMEOUT_MS, sharedRedis } from "@/lib/redis";

export type LimitName =
  | "sign-in"
  | "callback"
  | "telegram-widget"
  | "telegram-app"
  | "bot-login-start"
  | "bot-login-poll"
  | "webhook"
  | "bot-updates"
  | "account-action"
  | "second-factor"
  | "recovery";

type Limit = { points: number; seconds: number };

/** Every counter this module keeps, and its points per window. */
type Counter = LimitName | "account-failures" | "account-lock" | "second-factor-failures" | "second-factor-lock" | "second-factor-session-failures";

/** Wrong second-factor codes one session may type; the last one signs it out (lib/account/failures.ts). */
export const SESSION_CODE_FAILURES = 5;
const LIMITS: Record<Counter, () => Limit> = {
  "sign-in": () => env.AUTH_LIMIT_SIGN_IN,
  callback: () => env.AUTH_LIMIT_CALLBACK,
  "telegram-widget": () => env.AUTH_LIMIT_TELEGRAM_WIDGET,
  "telegram-app": () => env.AUTH_LIMIT_TELEGRAM_APP,
  "bot-login-start": () => env.AUTH_LIMIT_BOT_LOGIN_START,
  "bot-login-poll": () => env.AUTH_LIMIT_BOT_LOGIN_POLL,
  webhook: () => env.AUTH_LIMIT_WEBHOOK,
  "bot-updates": () => env.AUTH_LIMIT_BOT_UPDATES,
  "account-action": () => env.AUTH_LIMIT_ACCOUNT_ACTION,
  "second-factor": () => env.AUTH_LIMIT_SECOND_FACTOR,
  recovery: () => env.AUTH_LIMIT_RECOVERY,
  "account-failures": () => env.AUTH_LIMIT_ACCOUNT_FAILURES,
  // One point: the first failure past the limit takes it, and it lasts the lock's time.
  "account-lock": () => ({ points: 1, seconds: env.AUTH_LIMIT_LOCK_SECONDS }),
  "second-factor-failures": () => env.AUTH_LIMIT_SECOND_FACTOR_FAILURES,
  "second-factor-session-failures": () => ({ points: SESSION_CODE_FAILURES, seconds: 24 * 60 * 60 }),
  "second-factor-lock": () => ({ points: 1, seconds: env.AUTH_LIMIT_LOCK_SECONDS }),
};

/**
 * What a lock pauses: "sign-in", an account's Telegram sign-ins (after refused signed
 * payloads); "second-factor", an account's second-factor checks (after wrong codes,
 * which only a browser signed in to that account can send).
 */
export type LockKind = "sign-in" | "second-factor";
const LOCK_COUNTERS: Record<LockKind, { failures: Counter; lock: Counter }> = {
  "sign-in": { failures: "account-failures", lock: "account-lock" },
  "second-factor": { failures: "second-factor-failures", lock: "second-factor-lock" },
};

/**
 * How long an answer from the store may take before memory answers instead. Redis
 * answers in a millisecond or is in trouble. The database is in every request's path
 * anyway, and a busy SQLite file queues writes for its one write lock: an answer that
 * takes a second there is a busy moment, not a store that is gone, and counting it in
 * one process's memory instead would let a burst through split across the instances.
 */
const STORE_TIMEOUT_MS = { redis: REDIS_COMMAND_TIMEOUT_MS, database: 3_000 };
const KEY_PREFIX = "vkhod";

export type LimitResult = { ok: true } | { ok: false; retryAfter: number };

/** One attempt against a limit for `key` (an IP, a user id, "ip:target"...). */
export async function consume(name: LimitName, key: string): Promise<LimitResult> {
  if (!env.AUTH_LIMITS) return { ok: true };
  const res = await hit(name, key);
  if (!res || res.consumedPoints <= LIMITS[name]().points) return { ok: true };
  return { ok: false, retryAfter: secondsLeft(res) };
}

/** A refused attempt that really concerns this account. Returns whether this one locked it (newly) and until when. */
export async function recordAccountFailure(userId: string, kind: LockKind = "sign-in"): Promise<{ locked: boolean; newlyLocked: boolean; retryAfter: number }> {
  const counters = LOCK_COUNTERS[kind];
  const failures = await hit(counters.failures, userId);
  if (!failures || failures.consumedPoints < LIMITS[counters.failures]().points) {
    return { locked: false, newlyLocked: false, retryAfter: 0 };
  }
  // The store counts atomically: of failures racing past the limit, exactly one
  // takes the lock's single point; the others find it taken. The lock's window is
  // fixed, so further failures do not extend it.
  const lock = await hit(counters.lock, userId);
  if (!lock) return { locked: false, newlyLocked: false, retryAfter: 0 };
  return { locked: true, newlyLocked: lock.consumedPoints === 1, retryAfter: secondsLeft(lock) };
}

/** One more wrong code typed in this session: how many so far (0 when no store could count it). */
export async function countSessionCodeFailure(sessionId: string): Promise<number> {
  return (await hit("second-factor-session-failures", sessionId))?.consumedPoints ?? 0;
}

/** Seconds left on this account's lock, 0 when not locked. */
export async function accountLockedFor(userId: string, kind: LockKind = "sign-in"): Promise<number> {
  let res: RateLimiterRes | null;
  try {
    res = await (await limiter(LOCK_COUNTERS[kind].lock)).get(storeKey(userId));
  } catch (error) {
    storeTrouble(error);
    return 0;
  }
  // Memory may still hold a record a moment past its expiry (msBeforeNext ≤ 0).
  if (!res || res.consumedPoints < 1 || res.msBeforeNext <= 0) return 0;
  return secondsLeft(res);
}

/** The client's key for per-IP limits, from a request's headers (uses clientInfoFrom; "unknown" when none). */
export function clientKey(headers: Headers): string {
  const ip = clientInfoFrom(headers).ip;
  return ip ? networkOf(ip) : "unknown";
}

/**
 * An IPv6 client is counted by its /64, the block one subscriber gets (and can walk
 * through freely); IPv4, and IPv4 mapped into IPv6, by its address.
 */
function networkOf(ip: string): string {
  const bare = ip.replace(/^\[|\]$/g, "").split("%")[0] ?? "";
  if (!bare.includes(":")) return bare;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const [head = "", tail, ...rest] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  if (rest.length > 0 || groups.length !== 8 || !groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return bare;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/** The attempt's result (over the limit or not), or null when no limiter could count it. */
async function hit(name: Counter, key: string): Promise<RateLimiterRes | null> {
  try {
    return await (await limiter(name)).consume(storeKey(key));
  } catch (outcome) {
    // Over the limit: rate-limiter-flexible rejects with the result itself.
    if (outcome instanceof RateLimiterRes) return outcome;
    // Neither the store nor memory counted it: let the attempt through rather than fail it.
    storeTrouble(outcome);
    return null;
  }
}

/** Keys are stored as they are; a long one (such as "ip:target") is hashed to fit. */
function storeKey(key: string): string {
  return key.length <= 128 ? key : `sha256:${createHash("sha256").update(key).digest("base64url")}`;
}

/** Whole seconds until the window ends, at least 1 (every window here has an end). */
function secondsLeft(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

// ── Limiters, made on first use ──────────────────────────────────────────────────

const limiters = new Map<Counter, Promise<RateLimiterAbstract>>();
let sweeping = false;

function limiter(name: Counter): Promise<RateLimiterAbstract> {
  let made = limiters.get(name);
  if (!made) {
    made = makeLimiter(name);
    limiters.set(name, made);
  }
  return made;
}

async function makeLimiter(name: Counter): Promise<RateLimiterAbstract> {
  const { points, seconds: duration } = LIMITS[name]();
  const keyPrefix = `${KEY_PREFIX}:${name}`;
  const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points, duration });
  // Only the outer wrapper falls back to memory: a store call that times out and then
  // fails late must not count the same attempt in memory twice.
  const options = { keyPrefix, points, duration };
  let store: RateLimiterAbstract;
  const timeoutMs = env.REDIS_URL ? STORE_TIMEOUT_MS.redis : STORE_TIMEOUT_MS.database;
  try {
    if (env.REDIS_URL) {
      store = new RateLimiterRedis({ ...options, storeClient: await sharedRedis(env.REDIS_URL, storeTrouble), rejectIfRedisNotReady: true });
    } else {
      // Rows past their window are deleted by one limiter per process (every 5 minutes).
      store = new RateLimiterDatabase({ ...options, storeClient: prismaStore, tableName: "RateLimiterFlexible", clearExpiredByTimeout: !sweeping });
      sweeping = true;
    }
  } catch (error) {
    storeTrouble(error);
    return insuranceLimiter;
  }
  return new RLWrapperTimeouts({ limiter: store, insuranceLimiter, timeoutMs });
}

/**
 * RateLimiterPrisma on lib/db's client, with its two hot calls as one raw statement each
 * (the same SQL on SQLite and PostgreSQL; Prisma's model queries cost about five times
 * as much, and every request that is limited makes one): an attempt is one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which starts a new window over an
 * expired row and otherwise adds the points in the database, so concurrent attempts are
 * all counted; a look at a counter is one SELECT. Its sweep of old rows and its deletes
 * stay Prisma's. Failures are reported, then go to memory.
 */
// (points as a number: a driver may hand an integer back as a bigint.)
type Counted = { points: number | bigint; expire: Date | string | null };
class RateLimiterDatabase extends RateLimiterPrisma {
  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Counted> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    // An expired row (or any row, when the window is set anew) takes the new points and
    // expiry. (No nested Prisma.sql: the PostgreSQL client has a runtime of its own, and
    // would not know the SQLite client's fragments.)
    return reported(
      db.$queryRaw<Counted[]>`INSERT INTO "RateLimiterFlexible" ("key", "points", "expire") VALUES (${key}, ${points}, ${expire})
        ON CONFLICT ("key") DO UPDATE SET
          "points" = CASE WHEN ${forceExpire} OR ("RateLimiterFlexible"."expire" IS NOT NULL AND "RateLimiterFlexible"."expire" <= ${now}) THEN excluded."points" ELSE "RateLimiterFlexible"."points" + excluded."points" END,
          "expire" = CASE WHEN ${forceExpire} OR ("RateLimiterFlexible"."expire" IS NOT NULL AND "RateLimiterFlexible"."expire" <= ${now}) THEN excluded."expire" ELSE "RateLimiterFlexible"."expire" END
        RETURNING "points", "expire"`.then(([row]) => ({ points: Number(row!.points), expire: row!.expire })),
    );
  }

  _get(key: string): Promise<Counted | null> {
    return reported(
      db.$queryRaw<Counted[]>`SELECT "points", "expire" FROM "RateLimiterFlexible" WHERE "key" = ${key} AND ("expire" > ${new Date()} OR "expire" IS NULL)`.then(([row]) =>
        row ? { points: Number(row.points), expire: row.expire } : null,
      ),
    );
  }
}

/** What else of the Prisma client RateLimiterPrisma uses: its deletes. */
const prismaStore = {
  RateLimiterFlexible: {
    deleteMany: (args: Prisma.RateLimiterFlexibleDeleteManyArgs) => reported(db.rateLimiterFlexible.deleteMany(args)),
  },
};

async function reported<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    storeTrouble(error);
    throw error;
  }
}

/** Says, at most once a minute per process, that limits are being counted in memory. */
let lastTrouble = 0;
function storeTrouble(error: unknown) {
  if (Date.now() - lastTrouble < 60_000) return;
  lastTrouble = Date.now();
  const store = env.REDIS_URL ? "Redis (REDIS_URL)" : "the database";
  logEvent("warn", { event: "limit-store-down", store, message: "counting abuse limits in this instance's memory until the store answers", error: errorMessage(error) });
}
