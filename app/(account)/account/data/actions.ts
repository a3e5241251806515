"use server";
// Deleting the account: only after a recent sign-in and with the confirmation phrase
// typed in. Every row of the user goes (lib/account/delete.ts), so every browser is
// signed out on its next request; this one is signed out now.
import { z } from "zod";
import type { ActionResult } from "@/lib/account/action-result";
import { deleteUser } from "@/lib/account/delete";
import { isRecentSignIn } from "@/lib/account/reauth";
import { signOut } from "@/lib/auth";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { limitAction } from "@/lib/security/limit-request";
import { deletePhrases } from "./delete-phrases";

const input = z.object({ confirm: z.string().max(200) });

export async function deleteAccountAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const parsed = input.safeParse({ confirm: formData.get("confirm") ?? "" });
  if (!parsed.success) return { error: "invalid" };
  const { user, session } = await requireUser("/account/data");
  if (!isRecentSignIn(session)) return { error: "reauth" };
  await limitAction("account-action", user.id);
  const typed = parsed.data.confirm.trim().toLocaleLowerCase();
  if (!deletePhrases.includes(typed)) return { error: "confirm-phrase" };
  await deleteUser(db, user.id);
  await signOut({ redirectTo: "/login?notice=deleted" });
  return { ok: "deleted" };
}
