"use server";
// The code typed on /login/verify: checked (lib/second-factor/verify.ts), and on a pass
// back to where the session was going. Also for a session that waits for its second
// factor after sign-in, which requireUser() otherwise sends here.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/account/action-result";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { db } from "@/lib/db";
import { typedCode, verifySecondFactor } from "@/lib/second-factor/verify";
import { limitAction } from "@/lib/security/limit-request";

const input = typedCode.extend({ returnTo: z.string().max(2000).default("/account") });

export async function verifySecondFactorAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const parsed = input.safeParse(formData instanceof FormData ? Object.fromEntries(formData) : undefined);
  if (!parsed.success) return { error: "invalid" };
  const returnTo = safeRedirectPath(parsed.data.returnTo, RELATIVE_ONLY);
  const { user, session } = await requireUser(returnTo, { pending: true });
  // Per network: a per-user count could be run down by someone else signed in to the account.
  await limitAction("second-factor");
  const client = clientInfoFrom(await headers());
  const outcome = await verifySecondFactor(db, { userId: user.id, sessionId: session.id, code: parsed.data.code, kind: parsed.data.kind, client });
  if (!outcome.ok && outcome.reason === "signed-out") redirect("/login?error=too-many-codes");
  if (!outcome.ok) return { error: outcome.reason };
  redirect(returnTo);
}
