"use server";
// Signing in with a passkey from /login (lib/passkeys/sign-in.ts has the whole story):
// the options for the browser's prompt, then its answer. Both are limited per network
// like the other ways in.
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { passkeyPrompt, signInWithPasskey } from "@/lib/passkeys/sign-in";
import { limitedFor } from "@/lib/security/limit-request";
import { passkeyAnswer } from "@/lib/passkeys/answer";


export async function passkeySignInOptionsAction() {
  if (await limitedFor("sign-in")) return { error: "limited" };
  return { options: await passkeyPrompt("sign-in") };
}

export async function passkeySignInAction(response: unknown, callbackUrl: unknown) {
  if (await limitedFor("callback")) return { error: "limited" };
  const parsed = passkeyAnswer.safeParse(response);
  if (!parsed.success) return { error: "passkey-invalid" };
  const returnTo = safeRedirectPath(callbackUrl, RELATIVE_ONLY);
  const result = await signInWithPasskey(parsed.data as unknown as AuthenticationResponseJSON, returnTo);
  return "refused" in result ? { error: result.refused } : { redirect: returnTo };
}
