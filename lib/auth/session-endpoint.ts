// GET /api/auth/session, "who is this?", answered here rather than by Auth.js, and
// without proxy.ts (which costs more than the answer): the session cookie checked (one
// HMAC), one read of the session record by primary key, and the answer in the shape
// Auth.js gave it here (`{ user: { id, name, email, image }, expires, sessionId }`, or
// `null`; `null` too while the session waits for its second factor). A revoked, expired or deleted session answers null and has its cookie
// cleared, as Auth.js does; a live one gets its cookie again only when it is older than
// SESSION_REFRESH_SECONDS. A database that does not answer (or that
// lib/database-health.ts knows is down) gives a 503, the cookie untouched: a check that
// failed says nothing about the session. (POST, Auth.js's session update, is still
// Auth.js's.)
import "server-only";
import { isDatabaseDown, isUnreachable, suspectDatabase } from "@/lib/database-health";
import { isPendingSecondFactor } from "@/lib/second-factor/step-up";
import { isSessionCookie } from "@/lib/security/cookies";
import { unavailableResponse } from "@/lib/security/unavailable-response";
import { cookiesOf, requestIsHttps } from "./browser-session";
import { claimsFromCookie, clearedCookie, refreshedCookie } from "./session-claims";
import { findLiveSession } from "./sessions";

const HEADERS = { "Content-Type": "application/json", "Cache-Control": "private, no-cache, no-store" };

export async function sessionEndpoint(request: Request): Promise<Response> {
  if (isDatabaseDown()) return unavailableResponse(request);
  const cookies = cookiesOf(request);
  const overHttps = requestIsHttps(request);
  const claims = await claimsFromCookie((name) => cookies.get(name), overHttps);
  let live: Awaited<ReturnType<typeof findLiveSession>> = null;
  if (claims) {
    try {
      live = await findLiveSession(claims.sid);
    } catch (error) {
      if (isUnreachable(error)) suspectDatabase();
      return unavailableResponse(request);
    }
  }
  if (!claims || !live || live.userId !== claims.sub) {
    const headers = new Headers(HEADERS);
    // Whatever session cookie came with it names no session: the browser drops it.
    for (const name of cookies.keys()) {
      if (isSessionCookie(name)) headers.append("Set-Cookie", clearedCookie(name));
    }
    return new Response("null", { headers });
  }
  const { user } = live;
  const headers = new Headers(HEADERS);
  // Not signed in yet: the account asks for its second factor after every sign-in.
  if (isPendingSecondFactor(live)) return new Response("null", { headers });
  const refreshed = refreshedCookie(claims, overHttps);
  if (refreshed) headers.append("Set-Cookie", refreshed);
  const body = { user: { id: user.id, name: user.name, email: user.email, image: user.image }, expires: live.expiresAt.toISOString(), sessionId: live.id };
  return new Response(JSON.stringify(body), { headers });
}
