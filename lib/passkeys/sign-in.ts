// Signing in with a passkey, and confirming it's you with one, from the browser's
// answer (ceremony.ts) to a session:
//   - sign-in (/login, the button or the browser's passkey autofill): the challenge this
//     browser was given for signing in, the passkey the answer names, its signature and
//     counter; then Auth.js makes the session from a grant (lib/auth/grant.ts), so the
//     session record, the security log ("sign-in", and "new-device" with its alert) and
//     the cookie are the same as for every other way in. The session has passed the
//     second factor (lib/auth/sessions.ts);
//   - step-up (/login/verify): the same check, for a challenge made for this signed-in
//     user and only their passkeys; the session is marked as past its second factor.
// A refusal signs nobody in and says which of a few plain reasons it was.
import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { headers } from "next/headers";
import { recordEvent } from "@/lib/account/security-log";
import { grantSignIn } from "@/lib/auth/grant";
import { signIn } from "@/lib/auth";
import { authRequestContext, clientInfoFrom } from "@/lib/auth/request-context";
import { PASSKEY, UnlinkedDuringSignIn } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { errorMessage, logEvent } from "@/lib/log";
import { markSecondFactorPassed } from "@/lib/second-factor/step-up";
import { authenticationOptions, verifyAuthentication } from "./ceremony";
import { rememberChallenge, takeChallenge, type Purpose } from "./challenge";
import { relyingParty } from "./relying-party";
import { findPasskey, passkeyDescriptors, recordPasskeyUse } from "./store";

export type PasskeyRefusal = "passkey-expired" | "passkey-unknown" | "passkey-invalid" | "server";

/** Options for the browser's passkey prompt: any passkey of this site (sign-in), or only this user's (step-up; merge: the other account's). */
export async function passkeyPrompt(purpose: Exclude<Purpose, "register">, userId = "") {
  const rp = await relyingParty();
  const options = await authenticationOptions(rp, purpose === "sign-in" ? undefined : await passkeyDescriptors(db, userId));
  await rememberChallenge(purpose, options.challenge, userId);
  return options;
}

/** The passkey an answer proves, for this browser's challenge, with its use recorded; or why not. */
async function provenPasskey(purpose: Exclude<Purpose, "register">, response: AuthenticationResponseJSON, userId = "") {
  const challenge = await takeChallenge(purpose, userId);
  if (!challenge) return { refused: "passkey-expired" } as const;
  const passkey = typeof response?.id === "string" ? await findPasskey(db, response.id) : null;
  if (!passkey || (userId && passkey.userId !== userId)) return { refused: "passkey-unknown" } as const;
  const counter = await verifyAuthentication(await relyingParty(), response, challenge, passkey);
  if (counter === null || !(await recordPasskeyUse(db, passkey.id, passkey.counter, counter))) return { refused: "passkey-invalid" } as const;
  return { passkey } as const;
}

export async function signInWithPasskey(response: AuthenticationResponseJSON, returnTo: string): Promise<{ ok: true } | { refused: PasskeyRefusal }> {
  try {
    const proven = await provenPasskey("sign-in", response);
    if (!proven.passkey) return { refused: proven.refused };
    // The session record's address and browser come from this request.
    const request = new Request("http://passkey.invalid/", { headers: await headers() });
    await authRequestContext.run({ request, returnTo, passkeyId: proven.passkey.id }, () => signIn(PASSKEY, { grant: grantSignIn(PASSKEY, proven.passkey.userId), redirect: false }));
    return { ok: true };
  } catch (error) {
    // Removed from the account while its answer was on the way.
    if (error instanceof UnlinkedDuringSignIn || (error as { cause?: unknown })?.cause instanceof UnlinkedDuringSignIn) return { refused: "passkey-unknown" };
    logEvent("error", { event: "sign-in-failed", provider: PASSKEY, error: errorMessage(error) });
    return { refused: "server" };
  }
}

export async function confirmWithPasskey(response: AuthenticationResponseJSON, session: { id: string; userId: string }): Promise<{ ok: true } | { refused: PasskeyRefusal }> {
  const proven = await provenPasskey("step-up", response, session.userId);
  if (!proven.passkey) return { refused: proven.refused };
  await markSecondFactorPassed(session.id);
  await recordEvent({ userId: session.userId, type: "second-factor-passed", detail: { method: "passkey" }, ...clientInfoFrom(await headers()) });
  return { ok: true };
}

/** The other account's passkey, for a merge (lib/account/merge.ts): proved, or why not. */
export async function proveWithPasskey(response: AuthenticationResponseJSON, userId: string): Promise<{ ok: true } | { refused: PasskeyRefusal }> {
  const proven = await provenPasskey("merge", response, userId);
  return proven.passkey ? { ok: true } : { refused: proven.refused };
}
