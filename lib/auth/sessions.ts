// Server-side session records. Each sign-in writes one; the JWT cookie carries its id.
// A record that is revoked, expired or deleted ends the browser's session on its next
// request, on every app instance, because every check reads the database.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/** How stale lastSeenAt may get before a request writes it again. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export async function createLoginSession(input: {
  userId: string;
  provider: string;
  ip: string | null;
  userAgent: string | null;
}) {
  const expiresAt = new Date(Date.now() + env.AUTH_SESSION_MAX_AGE * 1000);
  return db.loginSession.create({ data: { ...input, expiresAt } });
}

/** The live session with this id and its user, or null when it no longer counts. */
export async function findLiveSession(id: string, now = new Date()) {
  const session = await db.loginSession.findUnique({ where: { id }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
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

/** A user's sessions that still count, most recently seen first. */
export async function activeSessions(userId: string, now = new Date()) {
  return db.loginSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
  });
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
