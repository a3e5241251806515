// Merging two accounts of one person. A browser signed in to one account ("this one")
// presses "Link" for a provider and proves an identity that belongs to another Vkhod
// account ("the other one"): instead of the bare refusal, /account/merge offers to move
// the other account into this one.
//
// Both accounts are proved by this browser: this one by its session (a recent sign-in,
// or its second factor: the page asks), the other by the identity just proved (the
// offer lasts at most AUTH_REAUTH_MAX_AGE) and, when the other account has a second
// factor, by that too (its app's code, a recovery code or a passkey, on the page).
// Providers both accounts have are conflicts: the person chooses which to keep, per
// provider, and nothing is chosen for them.
//
// The merge is one transaction that holds both user rows: the other account's sign-in
// methods, passkeys and security log move here; its sessions end and it is deleted (its
// authenticator app and recovery codes go with it: this account's stay). Both logs get
// an entry before they become one, and the export of the merged account shows them.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { MergeOffer, PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";
import { accountProvider, type ClientInfo } from "@/lib/identity";
import { COOKIES, cookieJar as jarFor, type SecretJar } from "@/lib/security/cookies";
import { recordEvent } from "./security-log";

const hash = (secret: string) => createHash("sha256").update(secret).digest("base64url");
export const mergeJar: SecretJar = jarFor(COOKIES.mergeOffer);

/** How long an offer stands: the other account was proved at its start. */
const ttlSeconds = () => Math.min(env.AUTH_PENDING_LINK_TTL, env.AUTH_REAUTH_MAX_AGE);

export async function startMergeOffer(
  db: PrismaClient,
  offer: { sessionId: string; userId: string; otherUserId: string; provider: string; providerAccountId: string },
  jar: SecretJar = mergeJar,
  now = new Date(),
) {
  const previous = await jar.get();
  if (previous) await db.mergeOffer.deleteMany({ where: { id: hash(previous) } });
  const secret = randomBytes(32).toString("base64url");
  await db.mergeOffer.create({ data: { id: hash(secret), ...offer, expiresAt: new Date(now.getTime() + ttlSeconds() * 1000) } });
  await jar.set(secret);
}

/** The offer this browser holds for this session, while it stands. */
export async function readMergeOffer(db: PrismaClient, sessionId: string, jar: SecretJar = mergeJar, now = new Date()): Promise<MergeOffer | null> {
  const secret = await jar.get();
  if (!secret) return null;
  const offer = await db.mergeOffer.findUnique({ where: { id: hash(secret) } });
  return offer && offer.sessionId === sessionId && offer.expiresAt > now ? offer : null;
}

export async function dropMergeOffer(db: PrismaClient, jar: SecretJar = mergeJar) {
  const secret = await jar.get();
  if (secret) await db.mergeOffer.deleteMany({ where: { id: hash(secret) } });
  await jar.clear();
}

/** This browser passed the other account's second factor (lib/second-factor/verify.ts checked it). */
export async function markOtherFactorPassed(db: PrismaClient, offerId: string, now = new Date()) {
  await db.mergeOffer.updateMany({ where: { id: offerId }, data: { otherFactorAt: now } });
}

async function side(db: PrismaClient, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      accounts: { orderBy: { createdAt: "asc" }, select: { id: true, provider: true, name: true, email: true } },
      totp: { select: { confirmedAt: true } },
      _count: { select: { passkeys: true, events: true, recoveryCodes: { where: { usedAt: null } }, sessions: { where: { revokedAt: null } } } },
    },
  });
  if (!user) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    image: user.image,
    accounts: user.accounts,
    passkeys: user._count.passkeys,
    events: user._count.events,
    liveSessions: user._count.sessions,
    totp: Boolean(user.totp?.confirmedAt),
    recoveryCodes: user._count.recoveryCodes,
  };
}

/** What the page shows: both accounts, the conflicts, and whether the other account's second factor is still to pass. */
export async function mergePlan(db: PrismaClient, offer: MergeOffer) {
  const [mine, other] = await Promise.all([side(db, offer.userId), side(db, offer.otherUserId)]);
  if (!mine || !other) return null;
  const conflicts = [...new Set(other.accounts.map((account) => accountProvider(account.provider)))].filter((provider) =>
    mine.accounts.some((account) => accountProvider(account.provider) === provider),
  );
  const otherHasFactor = other.totp || other.passkeys > 0;
  return { mine, other, conflicts, otherFactorNeeded: otherHasFactor && !offer.otherFactorAt };
}

export type MergeChoices = {
  /** Per conflicting provider: keep this account's ("mine") or the other's ("theirs"). */
  keep: Record<string, "mine" | "theirs">;
  /** Whose name and picture stay. */
  profile: "mine" | "theirs";
};

export type MergeResult = { ok: true; moved: { accounts: number; passkeys: number; events: number; endedSessions: number } } | { ok: false; reason: "merge-expired" | "merge-unresolved" | "merge-factor" };

class Refused extends Error {
  constructor(readonly reason: "merge-expired" | "merge-unresolved" | "merge-factor") {
    super(reason);
  }
}

export async function mergeAccounts(db: PrismaClient, offer: MergeOffer, choices: MergeChoices, client: ClientInfo, now = new Date()): Promise<MergeResult> {
  const { userId, otherUserId } = offer;
  try {
    const moved = await db.$transaction(async (tx) => {
      // Both rows, in one order (two merges the other way round take turns, not deadlock).
      for (const id of [userId, otherUserId].sort()) await tx.user.updateMany({ where: { id }, data: { updatedAt: now } });
      // Single use: whoever deletes the offer merges.
      const { count } = await tx.mergeOffer.deleteMany({ where: { id: offer.id, expiresAt: { gt: now } } });
      if (count !== 1) throw new Refused("merge-expired");
      const [mine, other] = await Promise.all([
        tx.user.findUnique({ where: { id: userId }, include: { accounts: true } }),
        tx.user.findUnique({ where: { id: otherUserId }, include: { accounts: true, totp: true, _count: { select: { passkeys: true } } } }),
      ]);
      if (!mine || !other) throw new Refused("merge-expired");
      // The proof was of this identity: unlinked from the other account meanwhile, it proves nothing.
      if (!other.accounts.some((account) => account.provider === accountProvider(offer.provider) && account.providerAccountId === offer.providerAccountId)) {
        throw new Refused("merge-expired");
      }
      // The other account's second factor, read again here: one added meanwhile counts.
      if ((other.totp?.confirmedAt || other._count.passkeys > 0) && !offer.otherFactorAt) throw new Refused("merge-factor");

      const dropped = new Set<string>();
      for (const provider of new Set(other.accounts.map((account) => accountProvider(account.provider)))) {
        const ours = mine.accounts.filter((account) => accountProvider(account.provider) === provider);
        if (ours.length === 0) continue;
        const choice = choices.keep[provider];
        if (choice !== "mine" && choice !== "theirs") throw new Refused("merge-unresolved");
        const losing = choice === "mine" ? other.accounts.filter((account) => accountProvider(account.provider) === provider) : ours;
        for (const account of losing) dropped.add(account.id);
        await tx.account.deleteMany({ where: { id: { in: losing.map((account) => account.id) } } });
      }
      const accounts = await tx.account.updateMany({ where: { userId: otherUserId }, data: { userId } });
      const passkeys = await tx.passkey.updateMany({ where: { userId: otherUserId }, data: { userId } });
      const endedSessions = await tx.loginSession.count({ where: { userId: otherUserId, revokedAt: null } });
      const detail = { accounts: accounts.count, passkeys: passkeys.count, endedSessions };
      // Both logs keep an entry; then the other's log becomes part of this one.
      await recordEvent({ userId: otherUserId, type: "merged-away", provider: offer.provider, detail, ...client }, tx, now, { alert: false });
      const events = await tx.securityEvent.updateMany({ where: { userId: otherUserId }, data: { userId } });
      await recordEvent({ userId, type: "merged", provider: offer.provider, detail: { ...detail, events: events.count }, ...client }, tx, now, { alert: false });

      // The name and picture chosen, from an account that stays; else the first that does.
      const from = choices.profile === "theirs" ? other : mine;
      const kept = [...mine.accounts, ...other.accounts].filter((account) => !dropped.has(account.id));
      const source = kept.find((account) => account.id === from.profileAccountId);
      const fallback = source ?? kept.find((account) => account.id === mine.profileAccountId) ?? kept[0];
      const profile = source ? { name: from.name, image: from.image, profileAccountId: source.id } : fallback ? { name: fallback.name ?? mine.name, image: fallback.image, profileAccountId: fallback.id } : {};
      const email = !mine.email && other.email && other.emailVerified ? { email: other.email, emailVerified: other.emailVerified } : {};
      // The other account goes, and with it its sessions (each browser is signed out on its
      // next request), devices, waiting links, authenticator app and recovery codes.
      await tx.user.delete({ where: { id: otherUserId } });
      await tx.user.update({ where: { id: userId }, data: { ...profile, ...email } });
      return { ...detail, events: events.count };
    });
    return { ok: true, moved };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}
