"use server";
// End one session, or every session but this one. The ended browsers are signed out
// on their next request (lib/auth/require-user.ts reads the record every time).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/account/action-result";
import { accountUrl } from "@/lib/account/notices";
import { recordEvent } from "@/lib/account/security-log";
import { describeUserAgent } from "@/lib/account/user-agent";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import { revokeOtherSessions, revokeUserSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { limitAction } from "@/lib/security/limit-request";

const input = z.object({ sessionId: z.string().min(1).max(64) });

export async function revokeSessionAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const parsed = input.safeParse({ sessionId: formData.get("sessionId") });
  if (!parsed.success) return { error: "invalid" };
  const { user, session } = await requireUser("/account/sessions");
  await limitAction("account-action", user.id);
  if (parsed.data.sessionId === session.id) return { error: "this-session" };
  const target = await db.loginSession.findFirst({ where: { id: parsed.data.sessionId, userId: user.id } });
  if (!target || !(await revokeUserSession(user.id, target.id))) return { error: "not-found" };
  const { browser, os } = describeUserAgent(target.userAgent);
  await recordEvent({
    userId: user.id,
    type: "session-revoked",
    provider: target.provider,
    detail: { browser: browser ?? "", os: os ?? "", sessionIp: target.ip ?? "" },
    ...clientInfoFrom(await headers()),
  });
  redirect(accountUrl("/account/sessions", { notice: "session-revoked" }));
}

export async function revokeOtherSessionsAction(): Promise<ActionResult> {
  const { user, session } = await requireUser("/account/sessions");
  await limitAction("account-action", user.id);
  const count = await revokeOtherSessions(user.id, session.id);
  if (count > 0) {
    await recordEvent({ userId: user.id, type: "sessions-revoked", detail: { count }, ...clientInfoFrom(await headers()) });
  }
  redirect(accountUrl("/account/sessions", { notice: "sessions-revoked" }));
}
