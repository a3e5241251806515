// The WebAuthn ceremonies, through @simplewebauthn/server: options for the browser
// (navigator.credentials.create / get, via @simplewebauthn/browser), and the answer
// checked against the challenge this browser was given (challenge.ts), our relying
// party and origin (relying-party.ts), and, for a sign-in, the stored public key and
// counter. User verification (a PIN, a fingerprint) is required: a passkey then counts
// as two factors in one, so signing in with one passes the second factor as well.
import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { logEvent, errorMessage } from "@/lib/log";
import type { RelyingParty } from "./relying-party";
import type { NewPasskey } from "./store";

type Descriptor = { id: string; transports?: ("ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb")[] };

export function registrationOptions(rp: RelyingParty, user: { id: string; name: string }, existing: Descriptor[]) {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.name,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing,
    // A discoverable credential: it signs in with no name typed first.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
}

/** The new passkey an answer to registrationOptions proves, or null when it does not check out. */
export async function verifyRegistration(rp: RelyingParty, response: RegistrationResponseJSON, challenge: string): Promise<Omit<NewPasskey, "userId" | "name"> | null> {
  try {
    const result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true });
    if (!result.verified) return null;
    const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
    return { id: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports, deviceType: credentialDeviceType, backedUp: credentialBackedUp };
  } catch (error) {
    logEvent("warn", { event: "passkey-refused", ceremony: "register", error: errorMessage(error) });
    return null;
  }
}

/** Sign-in and step-up: any of this site's passkeys (discoverable), or only `allow`'s. */
export function authenticationOptions(rp: RelyingParty, allow?: Descriptor[]) {
  return generateAuthenticationOptions({ rpID: rp.id, userVerification: "required", allowCredentials: allow });
}

type Stored = { id: string; publicKey: Uint8Array<ArrayBuffer>; counter: number; transports?: Descriptor["transports"] };

/** The new signature counter when the answer is this passkey's, for this challenge, else null. */
export async function verifyAuthentication(rp: RelyingParty, response: AuthenticationResponseJSON, challenge: string, passkey: Stored): Promise<number | null> {
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: passkey,
      requireUserVerification: true,
    });
    return result.verified ? result.authenticationInfo.newCounter : null;
  } catch (error) {
    logEvent("warn", { event: "passkey-refused", ceremony: "authenticate", error: errorMessage(error) });
    return null;
  }
}
