// Which identity this browser last signed in with (Google, VK, Telegram…), so that /login
// and the collision page can put it first with a "Last used" mark: returning people
// pick the way they used before instead of starting a second account. The cookie holds
// the identity's name only (never a user id, nothing that says who), and is written
// on every sign-in (lib/auth/index.ts, the jwt callback) whichever way in it took.
import "server-only";
import { IDENTITY_IDS } from "@/lib/auth/providers/manifest";
import { accountProvider } from "@/lib/identity";
import { COOKIES, readCookie, writeCookie } from "@/lib/security/cookies";

const known = (identity: string | undefined) => (IDENTITY_IDS as readonly string[]).includes(identity ?? "");

/** Notes the identity `provider` (an Auth.js id such as vkid or telegram-widget) signs in to. */
export async function rememberLastMethod(provider: string) {
  const identity = accountProvider(provider);
  if (known(identity)) await writeCookie(COOKIES.lastMethod, identity);
}

/** The identity this browser last signed in with, when it is one we know. */
export async function lastMethod(): Promise<string | undefined> {
  const identity = await readCookie(COOKIES.lastMethod);
  return known(identity) ? identity : undefined;
}
