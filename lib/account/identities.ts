// What happens when a browser proves an identity (a Google account, a Telegram user…),
// whichever provider or entry point it came through. One decision for all of them:
//
//   signed in, identity is this user's      -> re-authenticated (unlink and delete need it)
//   signed in, identity is another user's   -> refused, never moved ("identity-taken")
//   signed in, user has this provider       -> refused ("provider-already-linked")
//   signed in, identity is new, and this
//     browser pressed "Link" for it         -> linked to this user (lib/account/link-intent.ts)
//   signed in, identity is new, no intent   -> kept for the person to confirm (/account/link);
//                                              never linked silently
//   not signed in, identity is known        -> sign in as its user
//   not signed in, new, verified email that
//     an existing user has                  -> kept as a pending link; the person is asked
//                                              to sign in to that user first
//   not signed in, new                      -> a new user with this account, in one write
//
// An email counts as a match only when the provider marks it verified.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Account, PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { accountProvider } from "@/lib/auth/providers/identity";
import type { BrowserSession } from "@/lib/auth/browser-session";
import { accountUrl } from "./notices";
import { recordAccountFailure } from "./failures";
import { takeLinkIntent } from "./link-intent";
import { startPendingLink, type SecretJar } from "./pending-link";
import { markReauthenticated } from "./reauth";
import { recordEvent } from "./security-log";

/** An identity at a provider, as the sign-in proved it. `provider` is the Auth.js id (vkid, telegram-widget…). */
export type Identity = { provider: string; providerAccountId: string; type: string };

/** What the provider said about the person. */
export type IdentityProfile = { name: string | null; email: string | null; emailVerified: boolean; image: string | null };

export type ClientInfo = { ip: string | null; userAgent: string | null };

export type Outcome = { userId: string } | { redirect: string };

type Input = {
  identity: Identity;
  profile: IdentityProfile;
  /** The browser's live session, if it is signed in. */
  current: BrowserSession | null;
  /** Where a signed-in browser goes back to (its own page, such as /account). */
  returnTo: string;
  client: ClientInfo;
  db?: PrismaClient;
  /** Where the browser keeps a pending link's secret (its cookies, by default). */
  jar?: SecretJar;
  /** Where the browser keeps its link intent's secret (its cookies, by default). */
  intents?: SecretJar;
  /**
   * A new identity is confirmed on /account/link even after "Link" (the bot login: whoever
   * saw its QR code could have answered in Telegram first).
   */
  alwaysConfirmLink?: boolean;
};

const accountKey = (identity: Identity) => ({
  provider_providerAccountId: { provider: accountProvider(identity.provider), providerAccountId: identity.providerAccountId },
});

const snapshot = (profile: IdentityProfile) => ({
  name: profile.name,
  email: profile.email,
  emailVerified: Boolean(profile.email && profile.emailVerified),
  image: profile.image,
});

export async function resolveIdentity({ identity, profile, current, returnTo, client, db = defaultDb, jar, intents, alwaysConfirmLink }: Input): Promise<Outcome> {
  const existing = await db.account.findUnique({ where: accountKey(identity) });
  const provider = identity.provider;

  if (current) {
    if (existing?.userId === current.userId) {
      await refreshAccount(db, existing, profile);
      await markReauthenticated(current.sessionId, db);
      await recordEvent({ userId: current.userId, type: "reauthenticated", provider, ...client }, db);
      return { redirect: accountUrl(returnTo, { notice: "reauthenticated", provider }) };
    }
    if (existing) {
      await recordEvent({ userId: existing.userId, type: "sign-in-failed", provider, detail: { reason: "identity-taken" }, ...client }, db);
      await recordAccountFailure(existing.userId, provider, client, db);
      return { redirect: accountUrl(returnTo, { error: "identity-taken", provider }) };
    }
    const canonical = accountProvider(provider);
    if (await db.account.findFirst({ where: { userId: current.userId, provider: canonical }, select: { id: true } })) {
      return { redirect: accountUrl(returnTo, { error: "provider-already-linked", provider }) };
    }
    const asked = await takeLinkIntent(db, { userId: current.userId, sessionId: current.sessionId, provider: canonical }, intents);
    if (!asked || alwaysConfirmLink) {
      await startPendingLink(db, current.userId, identity, profile, jar, new Date(), current.sessionId);
      // Proved here, but this browser did not ask for it: another site may have sent it.
      if (!asked) await recordEvent({ userId: current.userId, type: "link-unrequested", provider, ...client }, db);
      return { redirect: "/account/link" };
    }
    const linked = await linkIdentity(db, current.userId, identity, profile, client);
    return { redirect: accountUrl(returnTo, linked ? { notice: "linked", provider } : { error: "provider-already-linked", provider }) };
  }

  if (existing) {
    await refreshAccount(db, existing, profile);
    return { userId: existing.userId };
  }
  if (profile.email && profile.emailVerified) {
    const owner = await db.user.findUnique({ where: { email: profile.email }, select: { id: true } });
    if (owner) {
      await startPendingLink(db, owner.id, identity, profile, jar);
      await recordEvent({ userId: owner.id, type: "link-pending", provider, ...client }, db);
      return { redirect: "/login/existing-account" };
    }
  }
  return { userId: await createUserWithAccount(db, identity, profile) };
}

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
    const raced = await db.account.findUnique({ where: accountKey(identity) });
    if (raced) return raced.userId;
    // The email was taken in between: the user is made without it.
    await write(null);
    return userId;
  }
}

/** Keeps what the provider said this time; the user's name and picture follow their profile account. */
async function refreshAccount(db: PrismaClient, account: Account, profile: IdentityProfile) {
  await db.account.update({ where: { id: account.id }, data: { ...snapshot(profile), lastUsedAt: new Date() } });
  await db.user.updateMany({
    where: { id: account.userId, OR: [{ profileAccountId: account.id }, { profileAccountId: null }] },
    data: { name: profile.name ?? undefined, image: profile.image ?? undefined, profileAccountId: account.id },
  });
  await adoptEmail(db, account.userId, profile);
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
