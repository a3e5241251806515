// The real gate. Every page, server action and route that needs a signed-in person
// calls requireUser(); proxy.ts only makes an optimistic check of the cookie.
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./index";
import { findLiveSession } from "./sessions";

/** The session cookie's contents, decoded once per request. */
const sessionCookie = cache(() => auth());

/** The signed-in user's live session record (with the user), read once per request. */
export const currentSession = cache(async () => {
  const sessionId = (await sessionCookie())?.sessionId;
  return sessionId ? findLiveSession(sessionId) : null;
});

/**
 * The signed-in user, or a redirect: to /login when there is no session cookie, and
 * through /api/session/ended (which clears the cookie) when the cookie's session
 * record was revoked, expired or deleted.
 */
export async function requireUser(returnTo = "/account") {
  if (!(await sessionCookie())?.sessionId) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  const live = await currentSession();
  if (!live) redirect("/api/session/ended");
  return { user: live.user, session: live };
}
