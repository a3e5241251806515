// The browsers an account has signed in from. Each browser gets a random id in a
// long-lived httpOnly cookie; an account keeps the ids' hashes (KnownDevice). A sign-in
// from a browser the account has not used before, when it has used others, is a "new
// device": logged and alerted (lib/account/alerts.ts). The cookie says nothing about
// who the person is.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { COOKIES, cookieJar, type SecretJar } from "@/lib/security/cookies";

const hash = (id: string) => createHash("sha256").update(id).digest("base64url");

export const deviceJar: SecretJar = cookieJar(COOKIES.device);

/** Notes this browser for the user; true when it is new to an account that has used others. */
export async function noteSignInDevice(db: Prisma.TransactionClient, userId: string, jar: SecretJar = deviceJar, now = new Date()): Promise<boolean> {
  let id = await jar.get();
  if (!id || !/^[\w-]{32,64}$/.test(id)) {
    id = randomBytes(24).toString("base64url");
    await jar.set(id);
  }
  const deviceHash = hash(id);
  const { count } = await db.knownDevice.updateMany({ where: { userId, deviceHash }, data: { lastSeenAt: now } });
  if (count === 1) return false;
  const others = await db.knownDevice.count({ where: { userId } });
  try {
    await db.knownDevice.create({ data: { userId, deviceHash, createdAt: now, lastSeenAt: now } });
  } catch (error) {
    // The same browser signing in twice at once: the other one noted it.
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
  return others > 0;
}
