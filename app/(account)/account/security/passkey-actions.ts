"use server";
// Passkeys on /account/security: add one (the browser's ceremony in between), rename,
// remove. Adding a way in is critical: it needs a recent sign-in, or the second factor
// when the account has one; renaming and removing too. Removing the last way in is
// refused (lib/passkeys/store.ts). Each change is logged; adding and removing are
// alerted.
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { accountAction } from "@/lib/account/account-action";
import type { ActionResult } from "@/lib/account/action-result";
import { recordEvent } from "@/lib/account/security-log";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { passkeyRegistrationPrompt, registerPasskey } from "@/lib/passkeys/registration";
import { removePasskey, renamePasskey } from "@/lib/passkeys/store";
import { markSecondFactorPassed, stepUpFor } from "@/lib/second-factor/step-up";
import { limitedFor } from "@/lib/security/limit-request";
import { passkeyAnswer } from "@/lib/passkeys/answer";

const SECURITY = "/account/security";


type SignedIn = Awaited<ReturnType<typeof requireUser>>;

async function signedInForPasskeys(): Promise<SignedIn | { error: string }> {
  const signedIn = await requireUser(SECURITY);
  const step = await stepUpFor(signedIn.session, "recent-sign-in");
  if (step) return { error: step };
  if (await limitedFor("account-action")) return { error: "limited" };
  return signedIn;
}

export async function passkeyRegistrationOptionsAction() {
  const signedIn = await signedInForPasskeys();
  if ("error" in signedIn) return { error: signedIn.error };
  return { options: await passkeyRegistrationPrompt(signedIn.user) };
}

export async function addPasskeyAction(response: unknown): Promise<Exclude<ActionResult, null>> {
  const signedIn = await signedInForPasskeys();
  if ("error" in signedIn) return { error: signedIn.error };
  const parsed = passkeyAnswer.safeParse(response);
  if (!parsed.success) return { error: "passkey-invalid" };
  const client = clientInfoFrom(await headers());
  const result = await registerPasskey(signedIn.user.id, parsed.data as unknown as RegistrationResponseJSON, client.userAgent);
  if ("refused" in result) return { error: result.refused };
  // The passkey just made, with its user verification, is this browser's second factor.
  await markSecondFactorPassed(signedIn.session.id);
  await recordEvent({ userId: signedIn.user.id, type: "passkey-added", detail: { name: result.name }, ...client });
  revalidatePath(SECURITY);
  return { ok: "passkey-added" };
}

const passkeyId = z.string().min(1).max(1024);

export const renamePasskeyAction = accountAction(
  { schema: z.object({ passkeyId, name: z.string().trim().min(1).max(60) }), returnTo: SECURITY, guard: "recent-sign-in", limited: true },
  async ({ input, user, log }) => {
    if (!(await renamePasskey(db, user.id, input.passkeyId, input.name))) return { error: "not-found" };
    await log({ type: "passkey-renamed", detail: { name: input.name } });
    revalidatePath(SECURITY);
    return { ok: "passkey-renamed" };
  },
);

export const removePasskeyAction = accountAction(
  { schema: z.object({ passkeyId }), returnTo: SECURITY, guard: "recent-sign-in", limited: true },
  async ({ input, user, session, log }) => {
    const result = await removePasskey(db, user.id, input.passkeyId, session.id);
    if (!result.ok) return { error: result.reason === "last-method" ? "last-way" : "not-found" };
    await log({ type: "passkey-removed", detail: { name: result.name, endedSessions: result.endedSessions } });
    revalidatePath(SECURITY);
    return { ok: "passkey-removed" };
  },
);
