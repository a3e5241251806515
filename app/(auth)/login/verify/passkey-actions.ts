"use server";
// Confirming it's you with a passkey on /login/verify: only this user's passkeys are
// offered and accepted (lib/passkeys/sign-in.ts).
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { requireUser } from "@/lib/auth/require-user";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { confirmWithPasskey, passkeyPrompt } from "@/lib/passkeys/sign-in";
import { limitedFor } from "@/lib/security/limit-request";
import { passkeyAnswer } from "@/lib/passkeys/answer";


export async function passkeyStepUpOptionsAction() {
  const { user } = await requireUser("/login/verify", { pending: true });
  if (await limitedFor("second-factor")) return { error: "limited" };
  return { options: await passkeyPrompt("step-up", user.id) };
}

export async function passkeyStepUpAction(response: unknown, returnToValue: unknown) {
  const returnTo = safeRedirectPath(returnToValue, RELATIVE_ONLY);
  const { session } = await requireUser(returnTo, { pending: true });
  if (await limitedFor("second-factor")) return { error: "limited" };
  const parsed = passkeyAnswer.safeParse(response);
  if (!parsed.success) return { error: "passkey-invalid" };
  const result = await confirmWithPasskey(parsed.data as unknown as AuthenticationResponseJSON, session);
  return "refused" in result ? { error: result.refused } : { redirect: returnTo };
}
