"use server";
// End one session, or every session but this one. The ended browsers are signed out
// on their next request (lib/auth/require-user.ts reads the record every time).
import { redirect } from "next/navigation";
import { z } from "zod";
import { accountAction } from "@/lib/account/account-action";
import { accountUrl } from "@/lib/account/notices";
import { describeUserAgent } from "@/lib/account/user-agent";
import { revokeOtherSessions, revokeUserSession } from "@/lib/auth/sessions";

const options = { returnTo: "/account/sessions", limited: true };

export const revokeSessionAction = accountAction(
  { ...options, schema: z.object({ sessionId: z.string().min(1).max(64) }) },
  async ({ input, user, session, log }) => {
    if (input.sessionId === session.id) return { error: "this-session" };
    const target = await revokeUserSession(user.id, input.sessionId);
    if (!target) return { error: "not-found" };
    const { browser, os } = describeUserAgent(target.userAgent);
    await log({ type: "session-revoked", provider: target.provider, detail: { browser: browser ?? "", os: os ?? "", sessionIp: target.ip ?? "" } });
    redirect(accountUrl("/account/sessions", { notice: "session-revoked" }));
  },
);

export const revokeOtherSessionsAction = accountAction({ ...options, schema: z.object({}), guard: "second-factor" }, async ({ user, session, log }) => {
  const count = await revokeOtherSessions(user.id, session.id);
  if (count > 0) await log({ type: "sessions-revoked", detail: { count } });
  redirect(accountUrl("/account/sessions", { notice: "sessions-revoked" }));
});
