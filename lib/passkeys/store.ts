// Passkeys in the database. A passkey is a way in: removing the last way in (no linked
// account and no other passkey) is refused, in one transaction that holds the user's
// row, as unlinking is (lib/account/unlink.ts). It is a second factor too: the last
// second factor going turns "ask after every sign-in" off.
import "server-only";
import type { PrismaClient } from "@prisma/client";

/** At most this many passkeys per account. */
export const MAX_PASSKEYS = 20;

export type NewPasskey = {
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: number;
  transports?: string[];
  deviceType: string;
  backedUp: boolean;
  name: string;
};

/** What the account page shows (nothing that verifying needs). */
export function listPasskeys(db: PrismaClient, userId: string) {
  return db.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true },
  });
}

/** The user's passkeys as WebAuthn names them (to exclude when adding, or to allow when confirming). */
export async function passkeyDescriptors(db: PrismaClient, userId: string) {
  const rows = await db.passkey.findMany({ where: { userId }, select: { id: true, transports: true } });
  return rows.map((row) => ({ id: row.id, transports: transportsOf(row.transports) }));
}

const transportsOf = (stored: string | null) => (stored ? (stored.split(",") as AuthenticatorTransport[]) : undefined);
type AuthenticatorTransport = "ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb";

/** A stored passkey, ready for verifying an answer from it. */
export async function findPasskey(db: PrismaClient, id: string) {
  const row = await db.passkey.findUnique({ where: { id } });
  if (!row) return null;
  const publicKey: Uint8Array<ArrayBuffer> = new Uint8Array(Buffer.from(row.publicKey, "base64url"));
  return { ...row, publicKey, transports: transportsOf(row.transports) };
}

/** Adds one; false when the account already has MAX_PASSKEYS (or this one). */
export async function addPasskey(db: PrismaClient, passkey: NewPasskey): Promise<boolean> {
  if ((await db.passkey.count({ where: { userId: passkey.userId } })) >= MAX_PASSKEYS) return false;
  try {
    await db.passkey.create({
      data: { ...passkey, publicKey: Buffer.from(passkey.publicKey).toString("base64url"), transports: passkey.transports?.join(",") || null },
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

/**
 * A use: the new signature counter and the time. An authenticator that counts must count
 * up; the update is conditional on the counter read, so two answers with one counter
 * value (a cloned key, or a replay racing) count once.
 */
export async function recordPasskeyUse(db: PrismaClient, id: string, previousCounter: number, newCounter: number, now = new Date()): Promise<boolean> {
  const { count } = await db.passkey.updateMany({ where: { id, counter: previousCounter }, data: { counter: newCounter, lastUsedAt: now } });
  return count === 1;
}

export async function renamePasskey(db: PrismaClient, userId: string, id: string, name: string): Promise<boolean> {
  const { count } = await db.passkey.updateMany({ where: { id, userId }, data: { name } });
  return count === 1;
}

class LastWayIn extends Error {}

/**
 * Removes a passkey, and ends the sessions that signed in with it on other devices (a
 * passkey someone else planted loses what it gave them); this browser's session stays.
 */
export async function removePasskey(
  db: PrismaClient,
  userId: string,
  id: string,
  keepSessionId = "",
): Promise<{ ok: true; name: string; endedSessions: number } | { ok: false; reason: "last-method" | "not-found" }> {
  try {
    return await db.$transaction(async (tx) => {
      // The user's row first, as an unlink takes it: a removal and an unlink take turns.
      await tx.user.updateMany({ where: { id: userId }, data: { updatedAt: new Date() } });
      const passkey = await tx.passkey.findFirst({ where: { id, userId }, select: { name: true } });
      if (!passkey) return { ok: false, reason: "not-found" } as const;
      await tx.passkey.delete({ where: { id } });
      const [accounts, passkeys, totp] = await Promise.all([
        tx.account.count({ where: { userId } }),
        tx.passkey.count({ where: { userId } }),
        tx.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
      ]);
      if (accounts + passkeys === 0) throw new LastWayIn();
      if (passkeys + totp === 0) {
        // No second factor left: nor the setting that asks for one, nor the codes that stand in for one.
        await tx.user.update({ where: { id: userId }, data: { secondFactorOnSignIn: false } });
        await tx.recoveryCode.deleteMany({ where: { userId } });
      }
      const ended = await tx.loginSession.updateMany({ where: { userId, passkeyId: id, revokedAt: null, id: { not: keepSessionId } }, data: { revokedAt: new Date() } });
      return { ok: true, name: passkey.name, endedSessions: ended.count } as const;
    });
  } catch (error) {
    if (error instanceof LastWayIn) return { ok: false, reason: "last-method" };
    throw error;
  }
}
