// An identity waiting to be linked. Nothing is linked yet. The identity is kept
// server-side for AUTH_PENDING_LINK_TTL seconds (default 10 minutes); this browser keeps
// a secret (httpOnly cookie) whose SHA-256 is the row's id. Two kinds:
// - email collision (no session): a new identity whose verified email belongs to an
//   existing user; when the same browser then signs in to that user, it is linked;
// - confirmation (a session): an identity that arrived in a signed-in browser that had
//   not pressed "Link"; it is linked only if the person confirms it on /account/link.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { PendingLink, PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";
import { COOKIES, cookieJar as jarFor, type SecretJar } from "@/lib/security/cookies";
import type { ClientInfo, Identity, IdentityProfile } from "@/lib/identity";
import { hasSecondFactor } from "@/lib/second-factor/step-up";
import { linkIdentity } from "./account-writes";

export type { SecretJar } from "@/lib/security/cookies";

export const cookieJar: SecretJar = jarFor(COOKIES.pendingLink);

const hash = (secret: string) => createHash("sha256").update(secret).digest("base64url");

export async function startPendingLink(
  db: PrismaClient,
  userId: string,
  identity: Identity,
  profile: IdentityProfile,
  jar: SecretJar = cookieJar,
  now = new Date(),
  /** Set for a confirmation: the signed-in session that must confirm it. */
  sessionId: string | null = null,
) {
  const previous = await jar.get();
  if (previous) await db.pendingLink.deleteMany({ where: { id: hash(previous) } });
  const secret = randomBytes(32).toString("base64url");
  await db.pendingLink.create({
    data: {
      id: hash(secret),
      userId,
      sessionId,
      ...identity,
      name: profile.name,
      // Only a verified email is kept: the waiting row must not vouch for an unverified one.
      email: profile.email && profile.emailVerified ? profile.email : null,
      image: profile.image,
      expiresAt: new Date(now.getTime() + env.AUTH_PENDING_LINK_TTL * 1000),
    },
  });
  await jar.set(secret);
}

/**
 * This browser's pending link, while it lives: the email-collision kind by default, or
 * the confirmation waiting for `sessionId`.
 */
export async function readPendingLink(
  db: PrismaClient,
  jar: SecretJar = cookieJar,
  now = new Date(),
  sessionId: string | null = null,
): Promise<PendingLink | null> {
  const secret = await jar.get();
  if (!secret) return null;
  const pending = await db.pendingLink.findUnique({ where: { id: hash(secret) } });
  return pending && pending.expiresAt > now && pending.sessionId === sessionId ? pending : null;
}

/** Where the collision page's sign-in buttons come back to: a sign-in that does is the person's "link it". */
export const collisionReturnTo = (provider: string) => `/account?${new URLSearchParams({ notice: "linked", provider })}`;

/**
 * After this browser signs in as `userId`, from the collision page's buttons (the sign-in
 * returns to collisionReturnTo): links its pending identity when it was waiting for that
 * user. A sign-in started anywhere else, or as another user, leaves it waiting (until it
 * expires): closing the collision page and signing in later links nothing.
 */
export async function completePendingLink(
  db: PrismaClient,
  userId: string,
  client: ClientInfo,
  returnTo: string,
  jar: SecretJar = cookieJar,
  now = new Date(),
  sessionId?: string,
) {
  const pending = await readPendingLink(db, jar, now);
  if (!pending || pending.userId !== userId || returnTo !== collisionReturnTo(pending.provider)) return false;
  // An account with a second factor adds a way in only past it: the identity waits for
  // this new session's "Link" on /account/link, which asks for the second factor.
  if (sessionId && (await hasSecondFactor(userId, db))) {
    await db.pendingLink.updateMany({ where: { id: pending.id }, data: { sessionId } });
    return false;
  }
  await db.pendingLink.delete({ where: { id: pending.id } });
  await jar.clear();
  const { identity, profile } = pendingIdentity(pending);
  // False when the identity was linked elsewhere meanwhile, or the user has that provider already.
  return linkIdentity(db, userId, identity, profile, client);
}

/** The waiting identity and what its provider said, as the sign-in proved them. */
export function pendingIdentity(pending: PendingLink): { identity: Identity; profile: IdentityProfile } {
  return {
    identity: { provider: pending.provider, providerAccountId: pending.providerAccountId, type: pending.type },
    // Only a verified email makes a collision; a confirmation keeps only a verified one.
    profile: { name: pending.name, email: pending.email, emailVerified: Boolean(pending.email), image: pending.image },
  };
}

/** The person confirmed on /account/link: links the identity that waits for this session. */
export async function confirmPendingLink(db: PrismaClient, session: { id: string; userId: string }, client: ClientInfo, jar: SecretJar = cookieJar, now = new Date()) {
  const pending = await readPendingLink(db, jar, now, session.id);
  if (!pending || pending.userId !== session.userId) return { ok: false as const, reason: "link-expired" };
  // Whoever deletes the row links it: a double submit links once.
  const { count } = await db.pendingLink.deleteMany({ where: { id: pending.id } });
  await jar.clear();
  if (count !== 1) return { ok: false as const, reason: "link-expired" };
  const { identity, profile } = pendingIdentity(pending);
  const linked = await linkIdentity(db, session.userId, identity, profile, client);
  return linked ? { ok: true as const, provider: pending.provider } : { ok: false as const, reason: "provider-already-linked" };
}

export async function cancelPendingLink(db: PrismaClient, jar: SecretJar = cookieJar) {
  const secret = await jar.get();
  if (secret) await db.pendingLink.deleteMany({ where: { id: hash(secret) } });
  await jar.clear();
}
