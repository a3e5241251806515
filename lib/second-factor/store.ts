// The second factor in the database: an authenticator app (one per user) and recovery
// codes. Every "use once" is one conditional UPDATE, so two instances (or two tabs)
// given the same code accept it once between them. Nothing here returns a secret or a
// code except the calls that make them, for the one page that shows them once.
import type { PrismaClient } from "@prisma/client";
import { newId } from "@/lib/ids";
import { derivedKey } from "./keys";
import { newRecoveryCodes, normaliseRecoveryCode, recoveryCodeHash } from "./recovery-codes";
import { open, seal } from "./secret-box";
import { matchTotp, newTotpSecret } from "./totp";

type Keys = { secret: string };

/** What a user has set up: a confirmed authenticator app (and since when), how many passkeys, and how many recovery codes are left. */
export async function secondFactors(db: PrismaClient, userId: string) {
  const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.passkey.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp: Boolean(totp?.confirmedAt), totpSince: totp?.confirmedAt ?? null, passkeys, recoveryCodesLeft };
}

/**
 * A new authenticator-app secret for this user, not yet in force: it counts once the
 * first code from it is typed (confirmTotp). Refused (null) while one is confirmed:
 * that one is removed first. A setup started again replaces the unconfirmed secret.
 */
export async function beginTotpSetup(db: PrismaClient, userId: string, { secret: authSecret }: Keys): Promise<string | null> {
  const secret = newTotpSecret();
  const sealed = seal(derivedKey(authSecret, "totp-secret"), secret, userId);
  // Only an unconfirmed row is replaced; a confirmed one stays, and then creating fails.
  const { count } = await db.totpFactor.updateMany({ where: { userId, confirmedAt: null }, data: { secret: sealed, lastUsedStep: null } });
  if (count === 1) return secret;
  try {
    await db.totpFactor.create({ data: { userId, secret: sealed } });
    return secret;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return null;
    throw error;
  }
}

/** The unconfirmed secret again (to redraw the setup page), or null. */
export async function pendingTotpSecret(db: PrismaClient, userId: string, { secret: authSecret }: Keys): Promise<string | null> {
  const row = await db.totpFactor.findUnique({ where: { userId } });
  if (!row || row.confirmedAt) return null;
  return open(derivedKey(authSecret, "totp-secret"), row.secret, userId);
}

/** What became of a typed code: accepted (and now used), a code already used (this step or an earlier one), or wrong. */
export type CodeVerdict = "accepted" | "used" | "wrong";

async function acceptCode(db: PrismaClient, userId: string, code: string, now: Date, keys: Keys, confirming: boolean): Promise<CodeVerdict> {
  const row = await db.totpFactor.findUnique({ where: { userId } });
  if (!row || Boolean(row.confirmedAt) === confirming) return "wrong";
  const secret = open(derivedKey(keys.secret, "totp-secret"), row.secret, userId);
  if (!secret) return "wrong";
  const step = matchTotp(secret, code, now.getTime(), null);
  if (step === null) return "wrong";
  if (row.lastUsedStep !== null && step <= row.lastUsedStep) return "used";
  const { count } = await db.totpFactor.updateMany({
    where: {
      userId,
      secret: row.secret,
      confirmedAt: confirming ? null : { not: null },
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
    },
    data: { lastUsedStep: step, ...(confirming && { confirmedAt: now }) },
  });
  // Another request took this step (or a later one) first: this one is a replay of it.
  return count === 1 ? "accepted" : "used";
}

/** The first code from the new secret: the authenticator app is now in force. */
export const confirmTotp = async (db: PrismaClient, userId: string, code: string, now: Date, keys: Keys) =>
  (await acceptCode(db, userId, code, now, keys, true)) === "accepted";

/** A code from the confirmed authenticator app, accepted once (a verdict: lib/second-factor/verify.ts tells "used" apart). */
export const checkTotpCode = (db: PrismaClient, userId: string, code: string, now: Date, keys: Keys) => acceptCode(db, userId, code, now, keys, false);

/** A code from the confirmed authenticator app, accepted once. */
export const checkTotp = async (db: PrismaClient, userId: string, code: string, now: Date, keys: Keys) =>
  (await checkTotpCode(db, userId, code, now, keys)) === "accepted";

/**
 * Removes the authenticator app; with no second factor left, "ask after every sign-in"
 * goes off and the recovery codes go too (they stand in for a second factor).
 */
export async function removeTotp(db: PrismaClient, userId: string) {
  const noFactorLeft = { totp: { is: null }, passkeys: { none: {} } } as const;
  await db.$transaction([
    db.totpFactor.deleteMany({ where: { userId } }),
    db.user.updateMany({ where: { id: userId, ...noFactorLeft }, data: { secondFactorOnSignIn: false } }),
    db.recoveryCode.deleteMany({ where: { userId, user: noFactorLeft } }),
  ]);
}

/** "Always ask for a second factor after signing in", on or off; on only while one (the app or a passkey) is in force (else false). */
export async function setSecondFactorOnSignIn(db: PrismaClient, userId: string, enabled: boolean): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, ...(enabled && { OR: [{ totp: { is: { confirmedAt: { not: null } } } }, { passkeys: { some: {} } }] }) },
    data: { secondFactorOnSignIn: enabled },
  });
  return count === 1;
}

/**
 * Ten new recovery codes, replacing all of this user's (used or not); shown once. No
 * code may match another's anywhere (a code alone signs in): at about 50 bits each that
 * is rare, and such a set is drawn again.
 */
export async function replaceRecoveryCodes(db: PrismaClient, userId: string, { secret }: Keys): Promise<string[]> {
  const key = derivedKey(secret, "recovery-code");
  for (let attempt = 1; ; attempt++) {
    const codes = newRecoveryCodes();
    try {
      await db.$transaction([
        db.recoveryCode.deleteMany({ where: { userId } }),
        db.recoveryCode.createMany({ data: codes.map((code) => ({ id: newId(), userId, hash: recoveryCodeHash(key, code) })) }),
      ]);
      return codes;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002" || attempt >= 3) throw error;
    }
  }
}

/** Whose an unused recovery code is, using it up (for signing in with it alone), or null. */
export async function spendAnyRecoveryCode(db: PrismaClient, typed: string, now: Date, { secret }: Keys): Promise<{ userId: string; hash: string } | null> {
  const code = normaliseRecoveryCode(typed);
  if (!code) return null;
  const hash = recoveryCodeHash(derivedKey(secret, "recovery-code"), code);
  const row = await db.recoveryCode.findUnique({ where: { hash }, select: { userId: true, usedAt: true } });
  if (!row || row.usedAt) return null;
  const { count } = await db.recoveryCode.updateMany({ where: { hash, usedAt: null }, data: { usedAt: now } });
  return count === 1 ? { userId: row.userId, hash } : null;
}

/** Gives back a code spent at `usedAt` whose sign-in then failed on our side: it was not used. */
export async function unspendRecoveryCode(db: PrismaClient, hash: string, usedAt: Date) {
  await db.recoveryCode.updateMany({ where: { hash, usedAt }, data: { usedAt: null } });
}

/** A recovery code, accepted once. */
export async function spendRecoveryCode(db: PrismaClient, userId: string, typed: string, now: Date, { secret }: Keys): Promise<boolean> {
  const code = normaliseRecoveryCode(typed);
  if (!code) return false;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, hash: recoveryCodeHash(derivedKey(secret, "recovery-code"), code), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}
