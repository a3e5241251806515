// The two halves every signed-payload Telegram way in (Login Widget, Mini App) and the
// bot login share:
//   - checkSignedPayload: verify the payload (its way's verifier), check freshness, use
//     it once on every instance, and log a refused one for its account when it is
//     genuinely signed;
//   - the Auth.js side: each way's Credentials provider accepts only a grant
//     (lib/auth/grant.ts) for a user the identity decision chose (lib/auth/telegram/
//     sign-in.ts). Nothing a browser sends to /api/auth/callback/telegram-* itself can
//     sign anyone in.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { grantProvider } from "../grant";
import { recordFailedTelegramSignIn } from "./account";
import { consumeOnce, OneTimeStoreDown } from "./replay";
import type { Freshness, Refused, TelegramUser, Verified } from "./verify";

export type TelegramRefusal = Refused["reason"] | "replayed" | "foreign" | "locked" | "bot-login-expired" | "login-denied" | "unavailable";

export type Checked = { ok: true; user: TelegramUser } | { ok: false; reason: TelegramRefusal };

const freshness = (): Freshness => ({ now: Date.now(), maxAgeSeconds: env.AUTH_TELEGRAM_MAX_AGE, skewSeconds: env.AUTH_TELEGRAM_CLOCK_SKEW });

/** A signed payload judged for `way`: the Telegram user it proves, or why not. */
export async function checkSignedPayload(way: string, payload: string, request: Request, verify: (payload: string, freshness: Freshness) => Verified | Refused): Promise<Checked> {
  const result = verify(payload, freshness());
  if (!result.ok) {
    if (result.telegramId) await recordFailedTelegramSignIn(way, result.telegramId, result.reason, { proof: `${way}:${result.proof}`, authDate: result.authDate }, request);
    return { ok: false, reason: result.reason };
  }
  const staleAt = new Date((result.authDate + env.AUTH_TELEGRAM_MAX_AGE + env.AUTH_TELEGRAM_CLOCK_SKEW) * 1000);
  let first: boolean;
  try {
    first = await consumeOnce(db, `${way}:${result.proof}`, staleAt, { strict: true });
  } catch (error) {
    // Not judged at all: the payload may be tried again in a moment, and counts for nothing.
    if (error instanceof OneTimeStoreDown) return { ok: false, reason: "unavailable" };
    throw error;
  }
  if (!first) {
    await recordFailedTelegramSignIn(way, result.user.id, "replayed", { proof: `${way}:${result.proof}`, authDate: result.authDate }, request);
    return { ok: false, reason: "replayed" };
  }
  return { ok: true, user: result.user };
}

/** A signed payload that never reaches checkSignedPayload (no nonce) still names its account in the log. */
export async function recordForeignPayload(way: string, payload: string, request: Request, verify: (payload: string, freshness: Freshness) => Verified | Refused) {
  const result = verify(payload, freshness());
  const telegramId = result.ok ? result.user.id : result.telegramId;
  if (telegramId) await recordFailedTelegramSignIn(way, telegramId, "foreign", { proof: `${way}:${result.proof}`, authDate: result.authDate }, request);
}

/** The Credentials provider for one Telegram way in: it signs in whom a grant names. */
export const telegramGrantProvider = (way: string) => grantProvider(way, "Telegram");
