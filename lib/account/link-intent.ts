// "Link" pressed on /account (or on the collision page): this browser, in this session,
// asked to add an identity of one provider. The intent is single use and short-lived
// (AUTH_LINK_INTENT_TTL, default 10 minutes); the browser holds its secret in an
// httpOnly cookie and the row is keyed by the secret's SHA-256. A proved identity that
// arrives in a signed-in browser without a matching intent is never linked silently:
// lib/account/identities.ts parks it for the person to confirm on /account/link.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";
import { COOKIES, cookieJar, type SecretJar } from "@/lib/security/cookies";

const hash = (secret: string) => createHash("sha256").update(secret).digest("base64url");

export const intentJar: SecretJar = cookieJar(COOKIES.linkIntent);

export type LinkIntentFor = { userId: string; sessionId: string; provider: string };

export async function startLinkIntent(db: PrismaClient, intent: LinkIntentFor, jar: SecretJar = intentJar, now = new Date()) {
  const previous = await jar.get();
  if (previous) await db.linkIntent.deleteMany({ where: { id: hash(previous) } });
  const secret = randomBytes(32).toString("base64url");
  await db.linkIntent.create({ data: { id: hash(secret), ...intent, expiresAt: new Date(now.getTime() + env.AUTH_LINK_INTENT_TTL * 1000) } });
  // Intents nobody can use any more.
  await db.linkIntent.deleteMany({ where: { expiresAt: { lt: now } } });
  await jar.set(secret);
}

/**
 * Uses up this browser's intent when it was made by this session for this provider's
 * identity; true only then. Any other intent the cookie names stays unusable.
 */
export async function takeLinkIntent(db: PrismaClient, intent: LinkIntentFor, jar: SecretJar = intentJar, now = new Date()) {
  const secret = await jar.get();
  if (!secret) return false;
  const { count } = await db.linkIntent.deleteMany({
    where: { id: hash(secret), userId: intent.userId, sessionId: intent.sessionId, provider: intent.provider, expiresAt: { gt: now } },
  });
  if (count === 1) await jar.clear();
  return count === 1;
}
