// "Sign in again first": unlinking an identity and deleting the account need this
// browser to have proved who it is within AUTH_REAUTH_MAX_AGE seconds (default 10
// minutes), by signing in or by going through one of its providers again. An account
// with a second factor asks for that instead (lib/second-factor/step-up.ts), within the
// same window.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { env } from "@/lib/env";

/** Whether `when` is within the re-authentication window before `now`. */
export function isWithinReauthWindow(when: Date | null | undefined, now = new Date(), maxAgeSeconds = env.AUTH_REAUTH_MAX_AGE) {
  return Boolean(when) && now.getTime() - when!.getTime() <= maxAgeSeconds * 1000;
}

export function isRecentSignIn(session: { authenticatedAt: Date }, now = new Date(), maxAgeSeconds = env.AUTH_REAUTH_MAX_AGE) {
  return isWithinReauthWindow(session.authenticatedAt, now, maxAgeSeconds);
}

export async function markReauthenticated(sessionId: string, db: PrismaClient = defaultDb, now = new Date()) {
  await db.loginSession.update({ where: { id: sessionId }, data: { authenticatedAt: now } });
}
