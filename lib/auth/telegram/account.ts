// The Vkhod side of a Telegram user id, for every Telegram way in: whose account it is,
// the profile it gives, and the log entry (and lock count) for a refused attempt.
import "server-only";
import { findIdentityAccount } from "@/lib/account/account-writes";
import { recordAccountFailure } from "@/lib/account/failures";
import { recordEvent } from "@/lib/account/security-log";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { IdentityProfile } from "@/lib/identity";
import { clientInfoFrom } from "../request-context";
import { consumeOnce } from "./replay";
import type { TelegramUser } from "./verify";

/** The account (and its user) this Telegram id is, if any. */
export const telegramAccountOwner = (telegramId: number) => findIdentityAccount(db, { provider: "telegram", providerAccountId: String(telegramId) });

export function telegramProfile(telegram: TelegramUser): IdentityProfile {
  return {
    name: [telegram.first_name, telegram.last_name].filter(Boolean).join(" ") || telegram.username || null,
    email: null,
    emailVerified: false,
    image: telegram.photo_url || null,
  };
}

/**
 * A correctly signed but refused Telegram sign-in (too old, replayed, sent to a browser
 * that had not started it) goes in its owner's log. Only a genuinely signed payload
 * names an account here: anyone could type any id into an unsigned one.
 *
 * It also counts towards the account's lock (lib/account/failures.ts), but each signed
 * payload at most once, and only while it is recent: one leaked (or old) payload sent
 * again and again cannot keep anyone locked out.
 */
export async function recordFailedTelegramSignIn(
  provider: string,
  telegramId: number,
  reason: string,
  signed: { proof?: string; authDate?: number },
  request: Request,
) {
  const account = await telegramAccountOwner(telegramId);
  const client = clientInfoFrom(request.headers);
  if (!account) return;
  await recordEvent({ userId: account.userId, type: "sign-in-failed", provider, detail: { reason }, ...client });
  if (!signed.proof || !signed.authDate) return;
  // A payload counts while it could still be someone's fresh attempt: a few freshness windows.
  const countsUntil = (signed.authDate + 3 * env.AUTH_TELEGRAM_MAX_AGE) * 1000;
  if (countsUntil <= Date.now() || signed.authDate * 1000 > Date.now() + 3 * env.AUTH_TELEGRAM_MAX_AGE * 1000) return;
  if (await consumeOnce(db, `failure:${signed.proof}`, new Date(countsUntil))) await recordAccountFailure(account.userId, provider, client);
}
