// An authenticator app's codes (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30 s steps, as
// every authenticator app reads them from an otpauth:// URI), through `otpauth`.
// A code is accepted for the step it belongs to, one step either side (a phone clock a
// little off, or a code typed as it changed), and each step's code once: the caller
// keeps the last step accepted and this refuses that step and every earlier one, so a
// code seen over a shoulder cannot be typed again, nor an older one.
import { HOTP, Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_S = 30;
const DIGITS = 6;

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI the QR code carries (issuer and account name shown by the app). */
export function totpUri(secret: string, { issuer, account }: { issuer: string; account: string }): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), digits: DIGITS, period: TOTP_PERIOD_S, algorithm: "SHA1" }).toString();
}

/** The time step `now` falls in. */
export const totpStep = (now: number) => Math.floor(now / 1000 / TOTP_PERIOD_S);

/** The code for a step (tests, and nothing else, make codes). */
export function totpCode(secret: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret), counter: step, digits: DIGITS, algorithm: "SHA1" });
}

/**
 * The step `code` is valid for at `now` (this step or one either side), or null. A step
 * at or before `lastUsedStep` is refused: each code works once.
 */
export function matchTotp(secret: string, code: string, now: number, lastUsedStep: number | null): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const current = totpStep(now);
  const delta = HOTP.validate({ token, secret: Secret.fromBase32(secret), counter: current, window: 1, digits: DIGITS, algorithm: "SHA1" });
  if (delta === null) return null;
  const step = current + delta;
  return lastUsedStep !== null && step <= lastUsedStep ? null : step;
}
