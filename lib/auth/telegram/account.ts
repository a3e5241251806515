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
import { browserSession } from "../browser-session";
import { authRequestContext, callbackPath, requestClientInfo } from "../request-context";
import type { TelegramUser } from "./verify";

export class SignInRedirect extends CredentialsSignin {
  override code = "redirect";
  constructor(readonly url: string) {
    super(`Sign-in answered with a page: ${url}`);
  }
}

export function telegramProfile(telegram: TelegramUser) {
  return {
    name: [telegram.first_name, telegram.last_name].filter(Boolean).join(" ") || telegram.username || null,
    email: null,
    emailVerified: false,
    image: telegram.photo_url || null,
  };
}

/** The user to sign in as, or a SignInRedirect (thrown) for a browser that is signed in. */
export async function telegramAccountUser(provider: string, telegram: TelegramUser) {
  const request = authRequestContext.getStore()?.request;
  const outcome = await resolveIdentity({
    identity: { provider, providerAccountId: String(telegram.id), type: "telegram" },
    profile: telegramProfile(telegram),
    current: request ? await browserSession(request) : null,
    returnTo: callbackPath(),
    client: requestClientInfo(),
  });
  if ("redirect" in outcome) throw new SignInRedirect(outcome.redirect);
  const user = await db.user.findUniqueOrThrow({ where: { id: outcome.userId } });
  return { id: user.id, name: user.name, email: user.email, image: user.image };
}

/** A correctly signed but refused Telegram sign-in (too old, replayed) goes in its owner's log. */
export async function recordFailedTelegramSignIn(provider: string, telegramId: number, reason: string) {
  const account = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: "telegram", providerAccountId: String(telegramId) } },
    select: { userId: true },
  });
  if (account) await recordEvent({ userId: account.userId, type: "sign-in-failed", provider, detail: { reason }, ...requestClientInfo() });
}
