// Every cookie of Vkhod's own, and the names of the Auth.js cookies we read: name,
// lifetime and options in one place. Ours are all HttpOnly and SameSite=Lax. Over HTTPS
// each is `__Host-<name>` and Secure (so no subdomain or plain-http page can set or read
// it); whether the request came over HTTPS is the request's own protocol as Next.js or
// the proxy in front reports it (X-Forwarded-Proto), not a guess from AUTH_URL.
import "server-only";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/env";
import { isHttpsRequest } from "./headers";

export type CookieSpec = { name: string; maxAge: () => number };

export const COOKIES = {
  /** The bot login (t.me deep link) this browser started: payload and this browser's secret. */
  botLogin: { name: "vkhod-telegram-login", maxAge: () => env.AUTH_TELEGRAM_BOT_LOGIN_TTL },
  /** A proved identity waiting for this browser's word (collision page, link confirmation). */
  pendingLink: { name: "vkhod-pending-link", maxAge: () => env.AUTH_PENDING_LINK_TTL },
  /** "Link" pressed on /account: which identity this browser asked to add. */
  linkIntent: { name: "vkhod-link-intent", maxAge: () => env.AUTH_LINK_INTENT_TTL },
  /** The Telegram Login Widget's nonce: the secret half; the public half is in data-auth-url. */
  widgetNonce: { name: "vkhod-telegram-widget", maxAge: () => env.AUTH_TELEGRAM_MAX_AGE * 2 },
  /** A random id for this browser, so that a sign-in from a new device can be told apart. */
  device: { name: "vkhod-device", maxAge: () => 400 * 24 * 60 * 60 },
  /** The identity (google, vk, telegram…) this browser last signed in with; never who. */
  lastMethod: { name: "vkhod-last-method", maxAge: () => 400 * 24 * 60 * 60 },
  /** The challenges of the passkey ceremonies this browser is in, one per purpose (lib/passkeys/challenge.ts). */
  passkeyRegister: { name: "vkhod-passkey-register", maxAge: () => 300 },
  passkeySignIn: { name: "vkhod-passkey-sign-in", maxAge: () => 300 },
  passkeyStepUp: { name: "vkhod-passkey-step-up", maxAge: () => 300 },
  passkeyMerge: { name: "vkhod-passkey-merge", maxAge: () => 300 },
  /** "Merge these accounts?": the offer this browser holds (lib/account/merge.ts). */
  mergeOffer: { name: "vkhod-merge", maxAge: () => env.AUTH_REAUTH_MAX_AGE },
} satisfies Record<string, CookieSpec>;

/** Auth.js's session cookie, on https and on http (it sets them; we only read them). Our JWT is small: never chunked. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * Any cookie Auth.js would read as (a chunk of) its session: it joins every cookie whose
 * name starts with the session cookie's name, so `authjs.session-token.0` counts too.
 */
export const isSessionCookie = (name: string) => SESSION_COOKIES.some((prefix) => name.startsWith(prefix));

/** Where Auth.js keeps the page a sign-in started from (an absolute URL), on https and on http. */
export const CALLBACK_URL_COOKIES = ["__Secure-authjs.callback-url", "authjs.callback-url"] as const;

/** Whether the request in scope came over HTTPS (directly, or to the proxy in front). */
export async function isHttps(): Promise<boolean> {
  // Next.js fills X-Forwarded-Proto in for a request that came straight to it.
  return isHttpsRequest("", (await headers()).get("x-forwarded-proto"));
}

const cookieName = (spec: CookieSpec, https: boolean) => (https ? `__Host-${spec.name}` : spec.name);

/** The cookie's value on this request (over HTTPS, only its __Host- form counts). */
export async function readCookie(spec: CookieSpec): Promise<string | undefined> {
  const jar = await cookies();
  return jar.get(cookieName(spec, await isHttps()))?.value;
}

export async function writeCookie(spec: CookieSpec, value: string) {
  const https = await isHttps();
  (await cookies()).set(cookieName(spec, https), value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: https,
    maxAge: spec.maxAge(),
  });
}

export async function clearCookie(spec: CookieSpec) {
  const https = await isHttps();
  (await cookies()).set(cookieName(spec, https), "", { httpOnly: true, sameSite: "lax", path: "/", secure: https, maxAge: 0 });
}

/** Where a browser keeps one secret: a cookie in the app, a variable in unit tests. */
export type SecretJar = { get(): Promise<string | undefined>; set(secret: string): Promise<void>; clear(): Promise<void> };

export const cookieJar = (spec: CookieSpec): SecretJar => ({
  get: () => readCookie(spec),
  set: (secret) => writeCookie(spec, secret),
  clear: () => clearCookie(spec),
});
