// Adding a passkey to the signed-in account: options that exclude the passkeys it has,
// the challenge kept for this browser and this user, and the answer checked before the
// passkey is stored under a name the person can change (their browser and system, to
// begin with). The caller has checked the step-up (adding a way in is critical).
import "server-only";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import type { User } from "@prisma/client";
import { describeUserAgent } from "@/lib/account/user-agent";
import { db } from "@/lib/db";
import { registrationOptions, verifyRegistration } from "./ceremony";
import { rememberChallenge, takeChallenge } from "./challenge";
import { relyingParty } from "./relying-party";
import { addPasskey, passkeyDescriptors } from "./store";

export async function passkeyRegistrationPrompt(user: Pick<User, "id" | "name" | "email">) {
  const options = await registrationOptions(await relyingParty(), { id: user.id, name: user.name ?? user.email ?? "Vkhod" }, await passkeyDescriptors(db, user.id));
  await rememberChallenge("register", options.challenge, user.id);
  return options;
}

/** The default name: "Chrome on Linux", or "Passkey". */
export function passkeyName(userAgent: string | null | undefined): string {
  const { browser, os } = describeUserAgent(userAgent);
  return [browser, os].filter(Boolean).join(" · ") || "Passkey";
}

export async function registerPasskey(userId: string, response: RegistrationResponseJSON, userAgent: string | null): Promise<{ ok: true; name: string } | { refused: "passkey-expired" | "passkey-invalid" | "passkey-limit" }> {
  const challenge = await takeChallenge("register", userId);
  if (!challenge) return { refused: "passkey-expired" };
  const verified = await verifyRegistration(await relyingParty(), response, challenge);
  if (!verified) return { refused: "passkey-invalid" };
  const name = passkeyName(userAgent);
  if (!(await addPasskey(db, { ...verified, userId, name }))) return { refused: "passkey-limit" };
  return { ok: true, name };
}
