// "Sign in again first": unlinking an identity and deleting the account need this
// browser to have proved who it is within AUTH_REAUTH_MAX_AGE seconds (default 10
// minutes), by signing in or by going through one of its providers again.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { env } from "@/lib/env";

export function isRecentSignIn(session: { authenticatedAt: Date }, now = new Date(), maxAgeSeconds = env.AUTH_REAUTH_MAX_AGE) {
  return now.getTime() - session.authenticatedAt.getTime() <= maxAgeSeconds * 1000;
}

export async function markReauthenticated(sessionId: string, db: PrismaClient = defaultDb, now = new Date()) {
  await db.loginSession.update({ where: { id: sessionId }, data: { authenticatedAt: now } });
}
