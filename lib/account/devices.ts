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
  // Raw SQL, the same on both databases: this runs in every sign-in's transaction.
  if ((await db.$executeRaw`UPDATE "KnownDevice" SET "lastSeenAt" = ${now} WHERE "userId" = ${userId} AND "deviceHash" = ${deviceHash}`) === 1) return false;
  const [{ others } = { others: 0 }] = await db.$queryRaw<{ others: number | bigint }[]>`SELECT COUNT(*) AS "others" FROM "KnownDevice" WHERE "userId" = ${userId}`;
  // Nothing written: the same browser signing in twice at once, and the other one noted it.
  const noted = await db.$executeRaw`INSERT INTO "KnownDevice" ("userId", "deviceHash", "createdAt", "lastSeenAt") VALUES (${userId}, ${deviceHash}, ${now}, ${now}) ON CONFLICT ("userId", "deviceHash") DO NOTHING`;
  return noted === 1 && Number(others) > 0;
}
