// The real gate. Every page, server action and route that needs a signed-in person
// calls requireUser(); proxy.ts only makes an optimistic check of the cookie.
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { isPendingSecondFactor } from "@/lib/second-factor/step-up";
import { isHttps } from "@/lib/security/cookies";
import { claimsFromCookie } from "./session-claims";
import { findLiveSession } from "./sessions";

/**
 * What the session cookie says, checked once per request (one HMAC,
 * lib/auth/session-token.ts). Not through auth(): in a server action that one re-issues
 * the cookie from the request's copy, which brought a signed-out (or deleted) session's
 * cookie back when the action's redirect rendered a page. Keeping the cookie fresh is
 * proxy.ts's job.
 */
const sessionCookie = cache(async () => {
  const jar = await cookies();
  return claimsFromCookie((name) => jar.get(name)?.value, await isHttps());
});

/** The signed-in user's live session record (with the user), read once per request. */
export const currentSession = cache(async () => {
  const cookie = await sessionCookie();
  if (!cookie) return null;
  const live = await findLiveSession(cookie.sid);
  return live && live.userId === cookie.sub ? live : null;
});

/**
 * The signed-in user, or a redirect: to /login when there is no session cookie,
 * through /api/session/ended (which clears the cookie) when the cookie's session
 * record was revoked, expired or deleted, and to /login/verify while the account asks
 * for its second factor after every sign-in and this session has not given it (only
 * that page and signing out take `{ pending: true }`).
 */
export async function requireUser(returnTo = "/account", { pending = false } = {}) {
  if (!(await sessionCookie())) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  const live = await currentSession();
  if (!live) redirect("/api/session/ended");
  if (!pending && isPendingSecondFactor(live)) redirect(`/login/verify?${new URLSearchParams({ returnTo })}`);
  return { user: live.user, session: live };
}
