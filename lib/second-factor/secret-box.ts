// A TOTP secret at rest: AES-256-GCM with a key derived from AUTH_SECRET
// (lib/second-factor/keys.ts), a fresh 12-byte IV each time, and the user's id as the
// associated data, so a sealed secret copied onto another user's row does not open.
// Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url). A tampered value does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export function seal(key: Buffer, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** The secret, or null when `sealed` was not made by seal() with this key for this user. */
export function open(key: Buffer, sealed: string, boundTo: string): string | null {
  const [version, iv, ciphertext, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag || rest.length) return null;
  try {
    // A full 16-byte tag only: GCM would otherwise check a shortened one, which is easier to forge.
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
