// Recovery codes: ten of them, shown once, for the day the authenticator app (or the
// only provider) is gone. Each is 10 characters from 31 letters and digits without
// look-alikes (about 50 bits), shown as xxxxx-xxxxx. Only an HMAC-SHA256 of each is
// stored, keyed with a key derived from AUTH_SECRET (lib/second-factor/keys.ts): the
// table alone gives nothing to try offline. Typing is forgiving: case, spaces and
// dashes do not count.
import { createHmac, randomInt } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

/** Ten new codes, as shown to the person. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${letters.slice(0, 5)}-${letters.slice(5)}`;
  });
}

/** The code as typed, normalised (lower case, no spaces or dashes), or null when it cannot be one. */
export function normaliseRecoveryCode(typed: string): string | null {
  const code = typed.toLowerCase().replace(/[\s-]+/g, "");
  return code.length === LENGTH && [...code].every((letter) => ALPHABET.includes(letter)) ? code : null;
}

/** What is stored for a code (typed or new). */
export function recoveryCodeHash(key: Buffer, code: string): string {
  return createHmac("sha256", key).update(code.toLowerCase().replace(/[\s-]+/g, "")).digest("base64url");
}
