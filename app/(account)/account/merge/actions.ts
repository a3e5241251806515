"use server";
// The answers on "Merge two accounts?" (/account/merge; the whole story is
// lib/account/merge.ts): pass the other account's second factor (a code or a passkey),
// merge (a same-origin POST, after a recent sign-in or this account's second factor),
// or don't.
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { accountAction } from "@/lib/account/account-action";
import type { ActionResult } from "@/lib/account/action-result";
import { sendAlert } from "@/lib/account/alerts";
import { dropMergeOffer, markOtherFactorPassed, mergeAccounts, readMergeOffer } from "@/lib/account/merge";
import { accountUrl } from "@/lib/account/notices";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { passkeyPrompt, proveWithPasskey } from "@/lib/passkeys/sign-in";
import { checkSecondFactorCode, typedCode } from "@/lib/second-factor/verify";
import { limitAction, limitedFor } from "@/lib/security/limit-request";
import { passkeyAnswer } from "@/lib/passkeys/answer";

const MERGE = "/account/merge";

async function signedInWithOffer() {
  const { user, session } = await requireUser(MERGE);
  const offer = await readMergeOffer(db, session.id);
  return { user, session, offer };
}

export const mergeAction = accountAction(
  { schema: z.looseObject({ profile: z.enum(["mine", "theirs"]).default("mine") }), returnTo: MERGE, guard: "recent-sign-in", limited: true },
  async ({ input, user, session, client }) => {
    const offer = await readMergeOffer(db, session.id);
    if (!offer) return { error: "merge-expired" };
    // keep:<provider> = mine | theirs, one per conflict.
    const keep = Object.fromEntries(
      Object.entries(input)
        .filter(([key, value]) => key.startsWith("keep:") && (value === "mine" || value === "theirs"))
        .map(([key, value]) => [key.slice(5), value as "mine" | "theirs"]),
    );
    const result = await mergeAccounts(db, offer, { keep, profile: input.profile }, client);
    if (!result.ok) return { error: result.reason };
    await dropMergeOffer(db);
    sendAlert(db, user.id, "merged", { provider: offer.provider, ...client });
    revalidatePath("/account", "layout");
    redirect(accountUrl("/account", { notice: "merged", provider: offer.provider }));
  },
);

export async function cancelMergeAction() {
  await requireUser(MERGE);
  await dropMergeOffer(db);
  redirect(accountUrl("/account", { notice: "link-cancelled" }));
}

/** A code of the other account's second factor. */
export async function passOtherCodeAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const parsed = typedCode.safeParse(formData instanceof FormData ? Object.fromEntries(formData) : undefined);
  if (!parsed.success) return { error: "invalid" };
  const { session, offer } = await signedInWithOffer();
  if (!offer) return { error: "merge-expired" };
  await limitAction("second-factor");
  const client = clientInfoFrom(await headers());
  const outcome = await checkSecondFactorCode(db, { userId: offer.otherUserId, sessionId: session.id, code: parsed.data.code, kind: parsed.data.kind, client });
  if (!outcome.ok && outcome.reason === "signed-out") redirect("/login?error=too-many-codes");
  if (!outcome.ok) return { error: outcome.reason };
  await markOtherFactorPassed(db, offer.id);
  revalidatePath(MERGE);
  return { ok: "merge-other-confirmed" };
}

export async function otherPasskeyOptionsAction() {
  const { offer } = await signedInWithOffer();
  if (!offer) return { error: "passkey-expired" };
  if (await limitedFor("second-factor")) return { error: "limited" };
  return { options: await passkeyPrompt("merge", offer.otherUserId) };
}


export async function otherPasskeyAction(response: unknown) {
  const { offer } = await signedInWithOffer();
  if (!offer) return { error: "passkey-expired" };
  if (await limitedFor("second-factor")) return { error: "limited" };
  const parsed = passkeyAnswer.safeParse(response);
  if (!parsed.success) return { error: "passkey-invalid" };
  const result = await proveWithPasskey(parsed.data as unknown as AuthenticationResponseJSON, offer.otherUserId);
  if ("refused" in result) return { error: result.refused };
  await markOtherFactorPassed(db, offer.id);
  return { redirect: MERGE };
}
