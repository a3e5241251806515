// The Vkhod user behind a Telegram user id, for every Telegram Credentials entry point
// (widget, deep link, Mini App): the shared decision in lib/account/identities.ts, on
// the one "telegram" identity whatever the way in. When the browser is signed in, the
// answer is not a user but a page (linked, re-authenticated, refused), which reaches
// lib/auth/telegram/sign-in.ts as a SignInRedirect.
import "server-only";
import { CredentialsSignin } from "next-auth";
import { resolveIdentity } from "@/lib/account/identities";
import { recordEvent } from "@/lib/account/security-log";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { consumeOnce } from "./replay";
import { accountLockedFor } from "@/lib/security/rate-limit";
import { recordAccountFailure } from "@/lib/account/failures";
import { browserSession } from "../browser-session";
import { authRequestContext, callbackPath, clientInfoFrom, requestClientInfo } from "../request-context";
import type { TelegramUser } from "./verify";

/** The Telegram account's user is locked for a while (lib/account/failures.ts). */
export class TelegramLocked extends CredentialsSignin {
  override code = "locked";
}

export class SignInRedirect extends CredentialsSignin {
  override code = "redirect";
  constructor(readonly url: string) {
    super(`Sign-in answered with a page: ${url}`);
  }
}

/** The user whose account this Telegram id is, if any. */
const telegramAccountOwner = (telegramId: number) =>
  db.account.findUnique({ where: { provider_providerAccountId: { provider: "telegram", providerAccountId: String(telegramId) } }, select: { userId: true } });

export function telegramProfile(telegram: TelegramUser) {
  return {
    name: [telegram.first_name, telegram.last_name].filter(Boolean).join(" ") || telegram.username || null,
    email: null,
    emailVerified: false,
    image: telegram.photo_url || null,
  };
}

/**
 * The user to sign in as, or a SignInRedirect (thrown) for a browser that is signed in.
 * An account locked after too many refused Telegram attempts is not signed in by
 * Telegram until the lock ends (its other methods still work).
 */
export async function telegramAccountUser(provider: string, telegram: TelegramUser, options: { alwaysConfirmLink?: boolean } = {}) {
  const owner = await telegramAccountOwner(telegram.id);
  if (owner && (await accountLockedFor(owner.userId)) > 0) {
    await recordEvent({ userId: owner.userId, type: "sign-in-failed", provider, detail: { reason: "locked" }, ...requestClientInfo() });
    throw new TelegramLocked();
  }
  const request = authRequestContext.getStore()?.request;
  const outcome = await resolveIdentity({
    identity: { provider, providerAccountId: String(telegram.id), type: "telegram" },
    profile: telegramProfile(telegram),
    current: request ? await browserSession(request) : null,
    returnTo: callbackPath(),
    client: requestClientInfo(),
    alwaysConfirmLink: options.alwaysConfirmLink,
  });
  if ("redirect" in outcome) throw new SignInRedirect(outcome.redirect);
  const user = await db.user.findUniqueOrThrow({ where: { id: outcome.userId } });
  return { id: user.id, name: user.name, email: user.email, image: user.image };
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
  request?: Request,
) {
  const account = await telegramAccountOwner(telegramId);
  const client = request ? clientInfoFrom(request.headers) : requestClientInfo();
  if (!account) return;
  await recordEvent({ userId: account.userId, type: "sign-in-failed", provider, detail: { reason }, ...client });
  if (!signed.proof || !signed.authDate) return;
  // A payload counts while it could still be someone's fresh attempt: a few freshness windows.
  const countsUntil = (signed.authDate + 3 * env.AUTH_TELEGRAM_MAX_AGE) * 1000;
  if (countsUntil <= Date.now() || signed.authDate * 1000 > Date.now() + 3 * env.AUTH_TELEGRAM_MAX_AGE * 1000) return;
  if (await consumeOnce(db, `failure:${signed.proof}`, new Date(countsUntil))) await recordAccountFailure(account.userId, provider, client);
}
