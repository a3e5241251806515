// Each signed Telegram payload (and each widget nonce, each bot update, each counted
// failure) is used once, on every app instance. Where that is remembered:
//   - the database by default: the proof is written to UsedTelegramPayload until the
//     payload would be stale anyway; its primary key makes a second use fail on every
//     instance, with no read-then-write race. One statement (raw SQL, the same on both
//     databases, as Prisma's model query costs five times as much): proofs past their time are
//     deleted by the retention job (lib/retention.ts), not by each sign-in;
//   - Redis when REDIS_URL is set: `SET key 1 NX PX <ms>`, atomic in the same way, and
//     the key expires by itself.
// With Redis, what signs someone in (a signed payload, a widget nonce: `strict`) is
// never judged by the database instead: a proof used in Redis a moment before is not
// there, so a used payload would pass once more. While Redis does not answer, such a
// sign-in is refused as briefly unavailable (OneTimeStoreDown), and nothing is written.
// What only keeps work from being done twice (a bot update, a counted failure) goes to
// the database meanwhile (the log says so, once a minute): at worst the bot answers an
// update twice, or a failure counts twice.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";
import { errorMessage, logEvent } from "@/lib/log";
import { sharedRedis } from "@/lib/redis";

type Store = { redisUrl?: string; now?: Date; strict?: boolean };

/** Redis (REDIS_URL) did not answer for a proof that only it may judge. */
export class OneTimeStoreDown extends Error {}
const KEY_PREFIX = "vkhod:once:";

/** True the first time `proof` is presented (until `expiresAt`), false ever after. */
export async function consumeOnce(db: PrismaClient, proof: string, expiresAt: Date, { redisUrl = env.REDIS_URL, now = new Date(), strict = false }: Store = {}): Promise<boolean> {
  if (redisUrl) {
    try {
      const redis = await sharedRedis(redisUrl, storeTrouble);
      const milliseconds = Math.max(1, expiresAt.getTime() - now.getTime());
      return (await redis.set(KEY_PREFIX + proof, "1", "PX", milliseconds, "NX")) === "OK";
    } catch (error) {
      storeTrouble(error);
      if (strict) throw new OneTimeStoreDown("Redis (REDIS_URL) did not answer", { cause: error });
    }
  }
  // Raw SQL, the same on both databases: a model query costs Prisma about five times as
  // much, and this runs twice in every Telegram sign-in. No row written: used before.
  const written = await db.$executeRaw`INSERT INTO "UsedTelegramPayload" ("proof", "usedAt", "expiresAt") VALUES (${proof}, ${now}, ${expiresAt}) ON CONFLICT ("proof") DO NOTHING`;
  return written === 1;
}

/** Undoes consumeOnce for work that did not happen after all (a bot update that failed). */
export async function forgetOnce(db: PrismaClient, proof: string, { redisUrl = env.REDIS_URL }: Store = {}) {
  if (redisUrl) await sharedRedis(redisUrl, storeTrouble).then((redis) => redis.del(KEY_PREFIX + proof)).catch(() => undefined);
  await db.usedTelegramPayload.deleteMany({ where: { proof } }).catch(() => undefined);
}

let lastTrouble = 0;
function storeTrouble(error: unknown) {
  if (Date.now() - lastTrouble < 60_000) return;
  lastTrouble = Date.now();
  logEvent("warn", { event: "one-time-store-down", store: "Redis (REDIS_URL)", message: "Telegram sign-ins are refused as briefly unavailable, and bot updates are remembered in the database, until Redis answers", error: errorMessage(error) });
}
