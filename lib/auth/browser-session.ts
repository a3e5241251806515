// Which live session, if any, the browser behind a request already has, read from the
// session cookie inside the Auth.js route (where auth() is not available). Auth.js
// itself links a new identity to whoever the cookie names, even when that session was
// revoked; the route wrapper uses this to hide such a cookie from it.
import "server-only";
import { isSessionCookie, SESSION_COOKIES } from "@/lib/security/cookies";
import { isHttpsRequest } from "@/lib/security/headers";
import { claimsFromCookie } from "./session-claims";
import { findLiveSession } from "./sessions";

export type BrowserSession = { sessionId: string; userId: string };

/** The cookies a request carries, by name (values as sent). */
export function cookiesOf(request: Request): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of request.headers.get("cookie")?.split(";") ?? []) {
    const at = part.indexOf("=");
    if (at > 0) found.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return found;
}

/** Whether a request came over HTTPS (its own URL, or the proxy's X-Forwarded-Proto). */
export const requestIsHttps = (request: Request) => isHttpsRequest(new URL(request.url).protocol, request.headers.get("x-forwarded-proto"));

/** The browser's live session, or null when it has none (or only a revoked, expired or forged one). */
export async function browserSession(request: Request): Promise<BrowserSession | null> {
  const cookies = cookiesOf(request);
  const cookie = await claimsFromCookie((name) => cookies.get(name), requestIsHttps(request));
  if (!cookie) return null;
  const live = await findLiveSession(cookie.sid);
  return live && live.userId === cookie.sub ? { sessionId: live.id, userId: live.userId } : null;
}

/** The request without its session cookie when that cookie does not name a live session. */
export async function withoutDeadSession<R extends Request>(request: R, rebuild: (headers: Headers) => R): Promise<R> {
  const cookies = cookiesOf(request);
  if (![...cookies.keys()].some(isSessionCookie)) return request;
  // Only an exact, unchunked cookie naming a live session goes through; chunks never do.
  if ([...cookies.keys()].filter(isSessionCookie).every((name) => (SESSION_COOKIES as readonly string[]).includes(name)) && (await browserSession(request))) return request;
  const kept = [...cookies].filter(([name]) => !isSessionCookie(name));
  const headers = new Headers(request.headers);
  headers.set("cookie", kept.map(([name, value]) => `${name}=${value}`).join("; "));
  return rebuild(headers);
}
