// Which session a request's cookie names, read once per request: proxy.ts verifies the
// session cookie (lib/auth/session-token.ts) and passes what it found on to the app in
// the SESSION_HEADER request header, always its own (one the client sent is replaced),
// so pages and server actions (requireUser()) read that header instead of checking the
// cookie again.
//
// The header is only as good as proxy.ts's having run: every page and server action
// passes through it (their CSP nonce comes from it), but a route it skips
// (/api/auth/session, see its matcher) would see whatever the client sent. So only
// requireUser() reads the header; routes read the cookie (claimsFromCookie), which
// costs one HMAC.
//
// These are claims, not a session: the record they name decides (lib/auth/sessions.ts).
// Nothing here touches the database; proxy.ts imports it.
import "server-only";
import { env } from "@/lib/env";
import { SESSION_COOKIES } from "@/lib/security/cookies";
import { issueSession, readSessionToken, SESSION_HEADER, SESSION_REFRESH_SECONDS, type SessionClaims } from "./session-token";

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

/** The SESSION_HEADER value for what proxy.ts found. */
export const claimsHeader = (claims: SessionClaims | null) => (claims ? `${claims.sid} ${claims.sub} ${claims.issuedAt} ${claims.expiresAt}` : "-");

/** What proxy.ts found, from its header: claims, null for none, undefined when there is no header. */
export function claimsFromHeader(value: string | null): SessionClaims | null | undefined {
  if (value === null) return undefined;
  const [sid, sub, issuedAt, expiresAt] = value.split(" ");
  if (!sid || !sub || !issuedAt || !expiresAt) return null;
  return { sid, sub, issuedAt: Number(issuedAt), expiresAt: Number(expiresAt) };
}

/** The claims of a page's or server action's request: proxy.ts's, or its cookie's when there is no header. Not for routes (see above). */
export async function requestClaims(headers: Headers, cookie: (name: string) => string | undefined, overHttps: boolean): Promise<SessionClaims | null> {
  const found = claimsFromHeader(headers.get(SESSION_HEADER));
  return found !== undefined ? found : claimsFromCookie(cookie, overHttps);
}

const attributes = (name: string) => `Path=/; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`;

/** A Set-Cookie value that issues this session's cookie again with a fresh expiry, when it is older than SESSION_REFRESH_SECONDS; else null. */
export function refreshedCookie(claims: SessionClaims, overHttps: boolean, now = Math.floor(Date.now() / 1000)): string | null {
  if (now - claims.issuedAt < SESSION_REFRESH_SECONDS) return null;
  const name = sessionCookieName(overHttps);
  const maxAge = env.AUTH_SESSION_MAX_AGE;
  return `${name}=${issueSession(claims, env.AUTH_SECRET, name, maxAge, now)}; Max-Age=${maxAge}; ${attributes(name)}`;
}

/** A Set-Cookie value that makes the browser drop this (session) cookie. */
export const clearedCookie = (name: string) => `${name}=; Max-Age=0; ${attributes(name)}`;
