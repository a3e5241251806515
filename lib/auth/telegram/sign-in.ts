// Signs a Telegram user in through one of the Credentials entry points (widget, deep
// link, Mini App) from a route or server action. Three answers: signed in (the session
// cookie is set); refused, with the reason as /login's ?error= names it; or, for a
// browser that was already signed in, a page to go to (linked, re-authenticated,
// refused because the Telegram account is another user's).
import "server-only";
import { CredentialsSignin } from "next-auth";
import { signIn } from "../index";
import { authRequestContext } from "../request-context";
import { signInErrorReason } from "../sign-in-errors";
import { SignInRedirect } from "./account";

export type TelegramSignInResult = { ok: true } | { refused: string } | { redirect: string };

export async function telegramSignIn(
  provider: "telegram-widget" | "telegram-link" | "telegram-app",
  credentials: Record<string, string>,
  request: Request,
  returnTo: string,
): Promise<TelegramSignInResult> {
  try {
    await authRequestContext.run({ request, returnTo }, () => signIn(provider, { ...credentials, redirect: false }));
    return { ok: true };
  } catch (error) {
    if (error instanceof SignInRedirect) return { redirect: error.url };
    return { refused: error instanceof CredentialsSignin ? `telegram-${error.code}` : signInErrorReason(error) };
  }
}
