// The second factor's pieces, with a fixed clock: TOTP codes (one step either side,
// each once), the sealed secret (tampering, another user, another key), recovery codes.
import { describe, expect, it } from "vitest";
import { derivedKey } from "./keys";
import { newRecoveryCodes, normaliseRecoveryCode, recoveryCodeHash, RECOVERY_CODE_COUNT } from "./recovery-codes";
import { open, seal } from "./secret-box";
import { matchTotp, newTotpSecret, totpCode, totpStep, totpUri } from "./totp";

const at = Date.UTC(2026, 11, 2, 12, 0, 10); // 10 s into a step
const step = totpStep(at);

describe("TOTP", () => {
  const secret = newTotpSecret();

  it("matches RFC 6238's test vector (SHA-1, 59 s: 94287082, of which the last 6 digits)", () => {
    const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"
    expect(totpCode(rfcSecret, totpStep(59_000))).toBe("287082");
  });

  it("accepts this step's code and one step either side, not two", () => {
    expect(matchTotp(secret, totpCode(secret, step), at, null)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, step - 1), at, null)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, step + 1), at, null)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, step - 2), at, null)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, step + 2), at, null)).toBeNull();
  });

  it("takes each code once: the step used last and every earlier one are refused", () => {
    const code = totpCode(secret, step);
    expect(matchTotp(secret, code, at, step)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, step - 1), at, step)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, step + 1), at, step)).toBe(step + 1);
  });

  it("refuses what is not six digits, and another secret's code; forgives spaces", () => {
    const code = totpCode(secret, step);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at, null)).toBe(step);
    for (const typed of ["", "12345", "1234567", "abcdef", `${code}0`]) expect(matchTotp(secret, typed, at, null)).toBeNull();
    expect(matchTotp(newTotpSecret(), code, at, null)).toBeNull();
  });

  it("gives an otpauth URI with the issuer, the account, and the parameters apps read", () => {
    const uri = new URL(totpUri(secret, { issuer: "Vkhod", account: "anna@example.com" }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Vkhod:anna@example.com");
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, issuer: "Vkhod", algorithm: "SHA1", digits: "6", period: "30" });
  });
});

describe("the sealed TOTP secret", () => {
  const key = derivedKey("an-auth-secret-of-at-least-32-characters!", "totp-secret");

  it("opens for its user with its key, and a fresh IV makes every seal different", () => {
    const sealed = seal(key, "JBSWY3DPEHPK3PXP", "user-1");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(seal(key, "JBSWY3DPEHPK3PXP", "user-1")).not.toBe(sealed);
    expect(open(key, sealed, "user-1")).toBe("JBSWY3DPEHPK3PXP");
  });

  it("does not open for another user, with another key, tampered, or with a short tag", () => {
    const sealed = seal(key, "JBSWY3DPEHPK3PXP", "user-1");
    expect(open(key, sealed, "user-2")).toBeNull();
    expect(open(derivedKey("another-auth-secret-of-at-least-32-chars", "totp-secret"), sealed, "user-1")).toBeNull();
    expect(open(derivedKey("an-auth-secret-of-at-least-32-characters!", "recovery-code"), sealed, "user-1")).toBeNull();
    const [version, iv, ciphertext, tag] = sealed.split(".") as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, "base64url");
    flipped[0]! ^= 1;
    expect(open(key, [version, iv, flipped.toString("base64url"), tag].join("."), "user-1")).toBeNull();
    expect(open(key, [version, iv, ciphertext, Buffer.from(tag, "base64url").subarray(0, 8).toString("base64url")].join("."), "user-1")).toBeNull();
    for (const bad of ["", "v1", "v2.a.b.c", `${sealed}.extra`]) expect(open(key, bad, "user-1")).toBeNull();
  });
});

describe("recovery codes", () => {
  const key = derivedKey("an-auth-secret-of-at-least-32-characters!", "recovery-code");

  it("are ten, all different, shaped xxxxx-xxxxx without look-alikes", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it("hash the same however typed, and differently for another code or key", () => {
    const [code, other] = newRecoveryCodes() as [string, string];
    const typed = ` ${code.toUpperCase().replace("-", " - ")} `;
    expect(normaliseRecoveryCode(typed)).toBe(code.replace("-", ""));
    expect(recoveryCodeHash(key, normaliseRecoveryCode(typed)!)).toBe(recoveryCodeHash(key, code));
    expect(recoveryCodeHash(key, other)).not.toBe(recoveryCodeHash(key, code));
    expect(recoveryCodeHash(derivedKey("another-auth-secret-of-at-least-32-chars", "recovery-code"), code)).not.toBe(recoveryCodeHash(key, code));
    expect(recoveryCodeHash(key, code)).not.toContain(code.replace("-", ""));
  });

  it("refuse what cannot be a code", () => {
    for (const typed of ["", "abcde", "abcde-abcde-a", "abcd0-abcde", "abcde-abcdl"]) expect(normaliseRecoveryCode(typed)).toBeNull();
  });
});
