// Refused attempts that really concern one account: a correctly signed Telegram
// confirmation that was too old, dated ahead, replayed, or sent to a browser that had
// not started it, and a proved identity refused because it is this account's while
// another account tried to link it. Only such attempts count: each needs a proof only
// the account's owner (or Telegram) could have made, so nobody can lock someone out by
// typing their id into a forged payload. Past AUTH_LIMIT_ACCOUNT_FAILURES, signing in
// to the account with Telegram pauses for AUTH_LIMIT_LOCK_SECONDS; the lock goes in the
// security log (and so to the bot's alerts).
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { countSessionCodeFailure, recordAccountFailure as countFailure, SESSION_CODE_FAILURES } from "@/lib/security/rate-limit";
import type { ClientInfo } from "@/lib/identity";
import { recordEvent } from "./security-log";

/**
 * A wrong (or reused) second-factor code, typed in `sessionId`. Only a browser signed in
 * to the account can type one (with one of its sign-in methods). The session's fifth
 * signs that session out (SESSION_CODE_FAILURES, logged and alerted): guessing then
 * takes a new sign-in every few codes. Past AUTH_LIMIT_SECOND_FACTOR_FAILURES for the
 * account, code checks pause for AUTH_LIMIT_LOCK_SECONDS (logged and alerted); passkeys
 * and sessions that passed already are not held up. Returns whether the session ended.
 */
export async function recordSecondFactorFailure(userId: string, sessionId: string, client: ClientInfo, db: PrismaClient = defaultDb): Promise<boolean> {
  const inSession = await countSessionCodeFailure(sessionId);
  const { newlyLocked, retryAfter } = await countFailure(userId, "second-factor");
  if (newlyLocked) await recordEvent({ userId, type: "second-factor-locked", detail: { seconds: retryAfter }, ...client }, db);
  if (inSession < SESSION_CODE_FAILURES) return false;
  await db.loginSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  await recordEvent({ userId, type: "second-factor-signed-out", detail: { count: inSession }, ...client }, db);
  return true;
}

export async function recordAccountFailure(userId: string, provider: string, client: ClientInfo, db: PrismaClient = defaultDb) {
  const { newlyLocked, retryAfter } = await countFailure(userId);
  if (newlyLocked) await recordEvent({ userId, type: "locked", provider, detail: { seconds: retryAfter }, ...client }, db);
}
