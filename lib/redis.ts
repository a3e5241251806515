// The one Redis connection of a process (REDIS_URL, optional), shared by the abuse
// limits (lib/security/rate-limit.ts) and the one-time values (lib/auth/telegram/
// replay.ts). Opened on first use, so a deployment without Redis never loads ioredis.
//
// With the offline queue off, a command fails at once while the connection is down
// (each caller then has its fallback); ioredis keeps reconnecting in the background.
// The first caller waits for the connection at most `connectTimeout`.
import "server-only";
import type { Redis } from "ioredis";
import { logEvent } from "@/lib/log";

/** How long one Redis command may take before its caller falls back. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

type Trouble = (error: unknown) => void;
const listeners = new Set<Trouble>();
let client: Promise<Redis> | undefined;

/** The shared client for `url`; `onTrouble` hears of every connection error. */
export function sharedRedis(url: string, onTrouble: Trouble): Promise<Redis> {
  listeners.add(onTrouble);
  client ??= (async () => {
    const { Redis } = await import("ioredis");
    const made = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
    });
    const tell = (error: unknown) => listeners.forEach((listener) => listener(error));
    made.on("error", tell);
    await made.connect().catch(tell);
    made.on("ready", () => void checkPolicy(made));
    if (made.status === "ready") void checkPolicy(made);
    return made;
  })();
  return client;
}

/**
 * Says so in the log when Redis may drop keys before they expire (any maxmemory-policy
 * but noeviction): a used payload's key evicted is a payload that signs in again.
 * Managed Redis that refuses CONFIG is left unchecked.
 */
async function checkPolicy(redis: Redis) {
  const answer = (await redis.config("GET", "maxmemory-policy").catch(() => null)) as string[] | null;
  const policy = answer?.[1];
  if (policy && policy !== "noeviction") {
    logEvent("warn", { event: "redis-may-evict", policy, message: "set maxmemory-policy noeviction on this Redis: an evicted one-time key lets a used Telegram payload in again" });
  }
}

/** Closes the connection, if this process opened one (lib/shutdown.ts, after the last answer). */
export async function closeRedis() {
  if (client) (await client).disconnect();
}
