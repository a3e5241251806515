// Reading the session cookie of a request: which name counts (over HTTPS only the
// __Secure- one), what it says once checked (lib/auth/session-token.ts: one HMAC), and
// the Set-Cookie values that refresh or clear it. These are claims, not a session: the
// record they name decides (lib/auth/sessions.ts). Nothing here touches the database;
// proxy.ts imports it.
import "server-only";
import { env } from "@/lib/env";
import { SESSION_COOKIES } from "@/lib/security/cookies";
import { issueSession, readSessionToken, SESSION_REFRESH_SECONDS, type SessionClaims } from "./session-token";

/**
 * The one session cookie name that counts for a request, as Auth.js decides it: the
 * __Secure- one when AUTH_URL (or, without it, the request) is https. Over HTTPS a plain
 * `authjs.session-token` is not ours (a sibling subdomain or a plain-http page could
 * have set it) and is ignored, as Auth.js ignores it.
 */
export function sessionCookieName(overHttps: boolean): string {
  const https = env.AUTH_URL ? env.AUTH_URL.startsWith("https:") : overHttps;
  return https ? SESSION_COOKIES[0]! : SESSION_COOKIES[1]!;
}

/** What the session cookie says, if it is ours, well signed and unexpired. */
export async function claimsFromCookie(get: (name: string) => string | undefined, overHttps: boolean): Promise<SessionClaims | null> {
  const name = sessionCookieName(overHttps);
  const token = get(name);
  return token ? readSessionToken(token, env.AUTH_SECRET, name) : null;
}

const attributes = (name: string) => `Path=/; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`;

/** Whether a cookie issued at `issuedAt` is due for issuing again. */
export const dueForRefresh = (issuedAt: number, now = Math.floor(Date.now() / 1000)) => now - issuedAt >= SESSION_REFRESH_SECONDS;

/** A Set-Cookie value that issues this (checked) session's cookie again with a fresh expiry, when it is due; else null. */
export function refreshedCookie(claims: SessionClaims, overHttps: boolean, now = Math.floor(Date.now() / 1000)): string | null {
  if (!dueForRefresh(claims.issuedAt, now)) return null;
  const name = sessionCookieName(overHttps);
  const maxAge = env.AUTH_SESSION_MAX_AGE;
  return `${name}=${issueSession(claims, env.AUTH_SECRET, name, maxAge, now)}; Max-Age=${maxAge}; ${attributes(name)}`;
}

/** A Set-Cookie value that makes the browser drop this (session) cookie. */
export const clearedCookie = (name: string) => `${name}=; Max-Age=0; ${attributes(name)}`;
