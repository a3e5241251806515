// The account writes that the identity decision (lib/account/identities.ts) and the
// pending links (lib/account/pending-link.ts) make: link an identity to a user, create a
// user with its first account, refresh what a provider said, adopt a verified email.
// Each is safe against the same write racing it (the database's unique keys decide).
import "server-only";
import { randomUUID } from "node:crypto";
import type { Account, PrismaClient } from "@prisma/client";
import { accountProvider, type ClientInfo, type Identity, type IdentityProfile } from "@/lib/identity";
import { recordEvent } from "./security-log";

/** The account of this identity (its id and user), if any: raw SQL, as every sign-in reads it. */
export async function findIdentityAccount(db: PrismaClient, identity: Pick<Identity, "provider" | "providerAccountId">): Promise<AccountRef | null> {
  const rows = await db.$queryRaw<AccountRef[]>`SELECT "id", "userId" FROM "Account" WHERE "provider" = ${accountProvider(identity.provider)} AND "providerAccountId" = ${identity.providerAccountId}`;
  return rows[0] ?? null;
}

export type AccountRef = Pick<Account, "id" | "userId">;

const snapshot = (profile: IdentityProfile) => ({
  name: profile.name,
  email: profile.email,
  emailVerified: Boolean(profile.email && profile.emailVerified),
  image: profile.image,
});

/**
 * Adds an identity to a user, unless the user already has an account at that provider
 * (then false). Gives the user the identity's verified email when they have none.
 */
export async function linkIdentity(db: PrismaClient, userId: string, identity: Identity, profile: IdentityProfile, client: ClientInfo) {
  const provider = accountProvider(identity.provider);
  if (await db.account.findFirst({ where: { userId, provider }, select: { id: true } })) return false;
  try {
    await db.account.create({
      data: { userId, type: identity.type, provider, providerAccountId: identity.providerAccountId, ...snapshot(profile) },
    });
  } catch (error) {
    // A link of the same provider (or identity) at the same moment won.
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
  await adoptEmail(db, userId, profile);
  await recordEvent({ userId, type: "linked", provider: identity.provider, ...client }, db);
  return true;
}

/** A new user and its first account, written together; the account is its profile. */
export async function createUserWithAccount(db: PrismaClient, identity: Identity, profile: IdentityProfile): Promise<string> {
  const userId = randomUUID();
  const accountId = randomUUID();
  // A verified email becomes the user's unless another user has it (a separate account
  // chosen on the collision page).
  const verified = profile.email && profile.emailVerified ? profile.email : null;
  const email = verified && !(await db.user.findUnique({ where: { email: verified }, select: { id: true } })) ? verified : null;
  const write = (withEmail: string | null) =>
    db.$transaction([
      db.user.create({
        data: { id: userId, name: profile.name, image: profile.image, email: withEmail, emailVerified: withEmail ? new Date() : null, profileAccountId: accountId },
      }),
      db.account.create({
        data: {
          id: accountId,
          userId,
          type: identity.type,
          provider: accountProvider(identity.provider),
          providerAccountId: identity.providerAccountId,
          ...snapshot(profile),
        },
      }),
    ]);
  try {
    await write(email);
    return userId;
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    // Two first sign-ins at once: the other one created it.
    const raced = await findIdentityAccount(db, identity);
    if (raced) return raced.userId;
    // The email was taken in between: the user is made without it.
    await write(null);
    return userId;
  }
}

/**
 * Keeps what the provider said this time; the user's name and picture follow their
 * profile account. False when the account is gone (unlinked on another device since it
 * was read): then nothing is written, and the identity is no longer that user's.
 */
export async function refreshAccount(db: PrismaClient, account: AccountRef, profile: IdentityProfile): Promise<boolean> {
  // Raw SQL, the same on both databases: every returning sign-in makes these two writes,
  // and Prisma's model queries cost about five times as much.
  const { name, email, emailVerified, image } = snapshot(profile);
  const now = new Date();
  const count = await db.$executeRaw`UPDATE "Account" SET "name" = ${name}, "email" = ${email}, "emailVerified" = ${emailVerified}, "image" = ${image}, "lastUsedAt" = ${now} WHERE "id" = ${account.id}`;
  if (!count) return false;
  // A name or picture the provider left out keeps the user's.
  await db.$executeRaw`UPDATE "User" SET "name" = COALESCE(${name}, "name"), "image" = COALESCE(${image}, "image"), "profileAccountId" = ${account.id}, "updatedAt" = ${now}
    WHERE "id" = ${account.userId} AND ("profileAccountId" = ${account.id} OR "profileAccountId" IS NULL)`;
  await adoptEmail(db, account.userId, profile);
  return true;
}

async function adoptEmail(db: PrismaClient, userId: string, profile: IdentityProfile) {
  if (!profile.email || !profile.emailVerified) return;
  if (await db.user.findUnique({ where: { email: profile.email }, select: { id: true } })) return;
  try {
    await db.user.updateMany({ where: { id: userId, email: null }, data: { email: profile.email, emailVerified: new Date() } });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
}
