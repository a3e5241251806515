// An identity waiting to be linked: someone signed in with a new identity whose
// verified email belongs to an existing user. Nothing is linked yet. The identity is
// kept server-side for AUTH_PENDING_LINK_TTL seconds (default 10 minutes); this
// browser keeps a secret (httpOnly cookie) whose SHA-256 is the row's id. When the
// same browser then signs in to that user, the identity is linked and the row goes.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { PendingLink, PrismaClient } from "@prisma/client";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { linkIdentity, type ClientInfo, type Identity, type IdentityProfile } from "./identities";

const COOKIE = "vkhod-pending-link";

/** Where the browser keeps its secret; next/headers' cookies in the app, a map in tests. */
export type SecretJar = { get(): Promise<string | undefined>; set(secret: string): Promise<void>; clear(): Promise<void> };

export const cookieJar: SecretJar = {
  async get() {
    return (await cookies()).get(COOKIE)?.value;
  },
  async set(secret) {
    (await cookies()).set(COOKIE, secret, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env.AUTH_URL?.startsWith("https:") ?? false,
      maxAge: env.AUTH_PENDING_LINK_TTL,
    });
  },
  async clear() {
    (await cookies()).delete(COOKIE);
  },
};

const hash = (secret: string) => createHash("sha256").update(secret).digest("base64url");

export async function startPendingLink(
  db: PrismaClient,
  userId: string,
  identity: Identity,
  profile: IdentityProfile,
  jar: SecretJar = cookieJar,
  now = new Date(),
) {
  const previous = await jar.get();
  if (previous) await db.pendingLink.deleteMany({ where: { id: hash(previous) } });
  const secret = randomBytes(32).toString("base64url");
  await db.pendingLink.create({
    data: {
      id: hash(secret),
      userId,
      ...identity,
      name: profile.name,
      email: profile.email,
      image: profile.image,
      expiresAt: new Date(now.getTime() + env.AUTH_PENDING_LINK_TTL * 1000),
    },
  });
  await jar.set(secret);
}

/** This browser's pending link, while it lives. */
export async function readPendingLink(db: PrismaClient, jar: SecretJar = cookieJar, now = new Date()): Promise<PendingLink | null> {
  const secret = await jar.get();
  if (!secret) return null;
  const pending = await db.pendingLink.findUnique({ where: { id: hash(secret) } });
  return pending && pending.expiresAt > now ? pending : null;
}

/**
 * After this browser signs in as `userId`: links its pending identity when it was
 * waiting for that user. Another user's sign-in leaves it waiting (until it expires).
 */
export async function completePendingLink(db: PrismaClient, userId: string, client: ClientInfo, jar: SecretJar = cookieJar, now = new Date()) {
  const pending = await readPendingLink(db, jar, now);
  if (!pending || pending.userId !== userId) return false;
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
    // Only a verified email makes a pending link.
    profile: { name: pending.name, email: pending.email, emailVerified: true, image: pending.image },
  };
}

export async function cancelPendingLink(db: PrismaClient, jar: SecretJar = cookieJar) {
  const secret = await jar.get();
  if (secret) await db.pendingLink.deleteMany({ where: { id: hash(secret) } });
  await jar.clear();
}
