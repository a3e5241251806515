// The keys the second factor keeps its secrets with, each derived from AUTH_SECRET for
// one use (HKDF-SHA256, its own label), so that a key for one can never open another:
// the TOTP secret's encryption key, and the key recovery codes are hashed with.
// AUTH_SECRET may be a rotation list (the first signs, all verify); these keys come
// from the first, so rotating AUTH_SECRET means setting up the authenticator app again.
import { hkdfSync } from "node:crypto";

export type KeyUse = "totp-secret" | "recovery-code";

const cache = new Map<string, Buffer>();

/** The 32-byte key for `use`, from `secret` (AUTH_SECRET's first value). */
export function derivedKey(secret: string, use: KeyUse): Buffer {
  const id = `${use}\0${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "vkhod second factor", `Vkhod ${use} v1`, 32));
    cache.set(id, key);
  }
  return key;
}
