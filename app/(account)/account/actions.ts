"use server";
// The account overview's actions: sign out, unlink a sign-in method, choose the
// profile. Each checks the session itself (requireUser) and its input (zod).
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/account/action-result";
import { accountUrl } from "@/lib/account/notices";
import { chooseProfile } from "@/lib/account/profile";
import { isRecentSignIn } from "@/lib/account/reauth";
import { recordEvent } from "@/lib/account/security-log";
import { unlinkAccount } from "@/lib/account/unlink";
import { signOut } from "@/lib/auth";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

const accountInput = z.object({ accountId: z.string().min(1).max(64) });

export async function unlinkAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const parsed = accountInput.safeParse({ accountId: formData.get("accountId") });
  if (!parsed.success) return { error: "invalid" };
  const { user, session } = await requireUser("/account");
  if (!isRecentSignIn(session)) return { error: "reauth" };
  const result = await unlinkAccount(db, { userId: user.id, accountId: parsed.data.accountId, keepSessionId: session.id });
  if (!result.ok) return { error: result.reason };
  await recordEvent({
    userId: user.id,
    type: "unlinked",
    provider: result.provider,
    detail: { endedSessions: result.endedSessions },
    ...clientInfoFrom(await headers()),
  });
  redirect(accountUrl("/account", { notice: "unlinked", provider: result.provider }));
}

export async function chooseProfileAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const parsed = accountInput.safeParse({ accountId: formData.get("accountId") });
  if (!parsed.success) return { error: "invalid" };
  const { user } = await requireUser("/account");
  const account = await chooseProfile(db, user.id, parsed.data.accountId);
  if (!account) return { error: "not-found" };
  await recordEvent({ userId: user.id, type: "profile-changed", provider: account.provider, ...clientInfoFrom(await headers()) });
  revalidatePath("/account", "layout");
  return { ok: "profile-changed" };
}
