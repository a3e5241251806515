// Signs a Telegram user in through one of the Credentials entry points (widget, deep
// link, Mini App) from a route or server action: the session cookie is set, or the
// reason it was refused comes back, as /login's ?error= names it.
import "server-only";
import { CredentialsSignin } from "next-auth";
import { signIn } from "../index";
import { authRequestContext } from "../request-context";
import { signInErrorReason } from "../sign-in-errors";

export async function telegramSignIn(
  provider: "telegram-widget" | "telegram-link" | "telegram-app",
  credentials: Record<string, string>,
  request: Request,
): Promise<string | undefined> {
  try {
    await authRequestContext.run({ request }, () => signIn(provider, { ...credentials, redirect: false }));
    return undefined;
  } catch (error) {
    return error instanceof CredentialsSignin ? `telegram-${error.code}` : signInErrorReason(error);
  }
}
