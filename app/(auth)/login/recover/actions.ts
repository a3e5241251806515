"use server";
// The recovery code typed on "Can't sign in?" (lib/second-factor/recovery-sign-in.ts):
// on success, to /account/security, which says what to set up next.
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/account/action-result";
import { signInWithRecoveryCode } from "@/lib/second-factor/recovery-sign-in";
import { limitAction } from "@/lib/security/limit-request";

const input = z.object({ code: z.string().trim().min(1).max(40) });

export async function recoverySignInAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const parsed = input.safeParse(formData instanceof FormData ? Object.fromEntries(formData) : undefined);
  if (!parsed.success) return { error: "recovery-code-wrong" };
  await limitAction("recovery");
  const result = await signInWithRecoveryCode(parsed.data.code);
  if ("refused" in result) return { error: result.refused };
  redirect("/account/security?notice=recovered");
}
