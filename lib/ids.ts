// Ids for rows our raw SQL writes (lib/account/security-log.ts, lib/auth/sessions.ts):
// the shape of the ones Prisma makes for the same models (cuid), so the two mix.
import { randomBytes } from "node:crypto";

/** "c" and 24 random base-36 characters (about 124 bits). */
export function newId(): string {
  let id = "c";
  for (const byte of randomBytes(24)) id += (byte % 36).toString(36);
  return id;
}
