// Server-side session records. Each sign-in writes one; the session cookie carries its
// id (lib/auth/session-token.ts). A record that is revoked, expired or deleted ends the
// browser's session on its next request, on every app instance, because every check
// reads the database (one read by primary key, lib/auth/session-lookup.ts).
import "server-only";
import type { Prisma } from "@prisma/client";
import { noteSignInDevice } from "@/lib/account/devices";
import { alertEvent, recordEvent } from "@/lib/account/security-log";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { accountProvider } from "@/lib/identity";
import { newId } from "@/lib/ids";
import { sessionWithUser } from "./session-lookup";

/** The provider id of a passkey sign-in (lib/passkeys/sign-in.ts). */
export const PASSKEY = "passkey";
/** The provider id of a sign-in with a recovery code (lib/second-factor/recovery-sign-in.ts). */
export const RECOVERY_CODE = "recovery-code";

/** How stale lastSeenAt may get before a request writes it again. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

type SignIn = { userId: string; provider: string; ip: string | null; userAgent: string | null; passkeyId?: string };

/** The identity a sign-in came through was unlinked (on another device) before its session was made. */
export class UnlinkedDuringSignIn extends Error {
  constructor(provider: string) {
    super(`the ${provider} identity was unlinked while signing in with it`);
  }
}

/**
 * A sign-in's session record with what it writes beside it (the "sign-in" entry, the
 * device and, for a device not seen before, its "new-device" alert), all or nothing:
 * a sign-in cut off halfway (a stop, a lost connection) leaves no known device without
 * its alert. The user's row is taken first, as an unlink takes it (lib/account/
 * unlink.ts), so the two take turns: a sign-in whose identity was unlinked just before
 * is refused here, and one that comes first is seen, and ended, by the unlink.
 */
export async function startLoginSession(input: SignIn, database = db) {
  const expiresAt = new Date(Date.now() + env.AUTH_SESSION_MAX_AGE * 1000);
  const client = { ip: input.ip, userAgent: input.userAgent };
  const newDevice = { userId: input.userId, type: "new-device", provider: input.provider, ...client } as const;
  const { session, alert } = await database.$transaction(async (tx: Prisma.TransactionClient) => {
    // Raw SQL here and in noteSignInDevice, the same on both databases: Prisma's model
    // queries cost about five times as much, and this runs in every sign-in.
    // Two statements, not one UPDATE … WHERE EXISTS: on PostgreSQL the read must come
    // after the lock, so that it sees an unlink that held the row a moment before.
    await tx.$executeRaw`UPDATE "User" SET "updatedAt" = ${new Date()} WHERE "id" = ${input.userId}`;
    const passkey = input.provider === PASSKEY;
    const recovery = input.provider === RECOVERY_CODE;
    // The way in is still there: its passkey, or its identity (a recovery code was used up already).
    const identity = passkey
      ? await tx.$queryRaw<unknown[]>`SELECT 1 AS "found" FROM "Passkey" WHERE "id" = ${input.passkeyId ?? ""} AND "userId" = ${input.userId}`
      : recovery
        ? await tx.$queryRaw<unknown[]>`SELECT 1 AS "found" FROM "User" WHERE "id" = ${input.userId}`
        : await tx.$queryRaw<unknown[]>`SELECT 1 AS "found" FROM "Account" WHERE "userId" = ${input.userId} AND "provider" = ${accountProvider(input.provider)}`;
    if (identity.length === 0) throw new UnlinkedDuringSignIn(input.provider);
    const now = new Date();
    const session = { id: newId() };
    // A passkey (with user verification) is two factors in one, and a recovery code stands
    // for the second factor: either session has passed it.
    const secondFactorAt = passkey || recovery ? now : null;
    await tx.$executeRaw`INSERT INTO "LoginSession" ("id", "userId", "provider", "passkeyId", "ip", "userAgent", "createdAt", "authenticatedAt", "secondFactorAt", "lastSeenAt", "expiresAt")
      VALUES (${session.id}, ${input.userId}, ${input.provider}, ${passkey ? (input.passkeyId ?? null) : null}, ${input.ip}, ${input.userAgent}, ${now}, ${now}, ${secondFactorAt}, ${now}, ${expiresAt})`;
    await recordEvent({ userId: input.userId, type: "sign-in", provider: input.provider, ...client }, tx);
    const alert = await noteSignInDevice(tx, input.userId);
    if (alert) await recordEvent(newDevice, tx, new Date(), { alert: false });
    return { session, alert };
  });
  if (alert) alertEvent(newDevice, database);
  return session;
}

/** The live session with this id and its user, or null when it no longer counts. */
export async function findLiveSession(id: string, now = new Date()) {
  const session = await sessionWithUser(id);
  // (A date that does not parse counts as expired, never as forever.)
  if (!session || session.revokedAt || !(session.expiresAt.getTime() > now.getTime())) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    const expiresAt = new Date(now.getTime() + env.AUTH_SESSION_MAX_AGE * 1000);
    // Only a session that is still live gets touched: a concurrent revoke wins.
    await db.loginSession.updateMany({
      where: { id, revokedAt: null },
      data: { lastSeenAt: now, expiresAt },
    });
  }
  return session;
}

export async function revokeLoginSession(id: string) {
  await db.loginSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** How many of the other sessions the sessions page lists before "Show all". */
export const SESSIONS_SHOWN = 10;

/**
 * A user's sessions that still count, most recently seen first: this one (the caller
 * has its record already), then the others (the first SESSIONS_SHOWN of them unless
 * `all`), and how many others there are (counted only when not all of them are listed).
 */
export async function activeSessions<S extends { id: string; userId: string }>(current: S, { all = false, now = new Date() } = {}) {
  const others = { userId: current.userId, revokedAt: null, expiresAt: { gt: now }, id: { not: current.id } };
  const listed = await db.loginSession.findMany({
    where: others,
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    ...(all ? {} : { take: SESSIONS_SHOWN }),
  });
  const othersCount = all || listed.length < SESSIONS_SHOWN ? listed.length : await db.loginSession.count({ where: others });
  return { sessions: [current, ...listed], othersCount };
}

/** Ends one of this user's sessions: the ended record, or null when it is not theirs or already ended. */
export async function revokeUserSession(userId: string, id: string) {
  const { count } = await db.loginSession.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1 ? db.loginSession.findUnique({ where: { id }, select: { provider: true, ip: true, userAgent: true } }) : null;
}

/** Ends every session of this user but `keepId`; how many ended. */
export async function revokeOtherSessions(userId: string, keepId: string) {
  const { count } = await db.loginSession.updateMany({
    where: { userId, revokedAt: null, id: { not: keepId } },
    data: { revokedAt: new Date() },
  });
  return count;
}
