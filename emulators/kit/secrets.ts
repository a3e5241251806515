// Random values and constant-time comparison for the emulators.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const sha256 = (value: string) => createHash("sha256").update(value).digest();

/** Whether code_verifier matches code_challenge for the given method (RFC 7636 §4.6). */
export function pkceMatches(verifier: string, challenge: string, method: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed = method.toUpperCase() === "S256" ? sha256(verifier).toString("base64url") : verifier;
  return safeEqual(computed, challenge);
}
