// Ids for rows our raw SQL writes (lib/account/security-log.ts, lib/auth/sessions.ts):
// the shape of the ones Prisma makes for the same models (cuid: "c" and 24 base-36
// characters), and in the order they were made, as cuid's are: the security log sorts
// by time and then id, so two entries of one millisecond keep their order.
import { randomBytes } from "node:crypto";

let last = 0;
let counter = 0;

/** "c", the time in ms (8 base-36 characters), a counter within it (4), 12 random characters (about 62 bits). */
export function newId(now = Date.now()): string {
  counter = now === last ? counter + 1 : 0;
  last = now;
  let id = `c${now.toString(36).padStart(8, "0")}${(counter % 36 ** 4).toString(36).padStart(4, "0")}`;
  for (const byte of randomBytes(12)) id += (byte % 36).toString(36);
  return id;
}
