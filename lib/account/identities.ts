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
import { logEvent } from "@/lib/log";
import type { PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { accountProvider, type ClientInfo, type Identity, type IdentityProfile } from "@/lib/identity";
import type { BrowserSession } from "@/lib/auth/browser-session";
import { createUserWithAccount, findIdentityAccount, linkIdentity, refreshAccount } from "./account-writes";
import { accountUrl } from "./notices";
import { recordAccountFailure } from "./failures";
import { takeLinkIntent } from "./link-intent";
import { startPendingLink, type SecretJar } from "./pending-link";
import { markReauthenticated } from "./reauth";
import { startMergeOffer } from "./merge";
import { recordEvent } from "./security-log";

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
  /** Where the browser keeps a merge offer's secret (its cookies, by default). */
  merges?: SecretJar;
  /**
   * A new identity is confirmed on /account/link even after "Link" (the bot login: whoever
   * saw its QR code could have answered in Telegram first).
   */
  alwaysConfirmLink?: boolean;
};


/** The identity's account was unlinked (on another device) between reading it and refreshing it. */
const UNLINKED_MEANWHILE = Symbol("unlinked meanwhile");

/** The decision for this identity in this browser, logged (never with the profile's data). */
export async function resolveIdentity(input: Input): Promise<Outcome> {
  let decided = await decide(input);
  // Decided again, as if the unlink had come first: the identity is then new to us. (Its
  // refresh failing made the sign-in fail as "you pressed Deny" before.)
  if (decided === UNLINKED_MEANWHILE) decided = await decide(input);
  if (decided === UNLINKED_MEANWHILE) throw new Error("the identity's account keeps vanishing under its sign-in");
  const outcome = decided;
  logEvent("info", {
    event: "identity-decision",
    provider: input.identity.provider,
    signedIn: Boolean(input.current),
    ...("userId" in outcome ? { outcome: "sign-in", userId: outcome.userId } : { outcome: "redirect", to: outcome.redirect }),
  });
  return outcome;
}

async function decide({ identity, profile, current, returnTo, client, db = defaultDb, jar, intents, merges, alwaysConfirmLink }: Input): Promise<Outcome | typeof UNLINKED_MEANWHILE> {
  const existing = await findIdentityAccount(db, identity);
  const provider = identity.provider;

  if (current) {
    if (existing?.userId === current.userId) {
      if (!(await refreshAccount(db, existing, profile))) return UNLINKED_MEANWHILE;
      await markReauthenticated(current.sessionId, db);
      await recordEvent({ userId: current.userId, type: "reauthenticated", provider, ...client }, db);
      return { redirect: accountUrl(returnTo, { notice: "reauthenticated", provider }) };
    }
    if (existing) {
      // "Link" pressed for it in this session: the person proved an identity of another
      // account of theirs, and may merge the two (lib/account/merge.ts). Without that press,
      // another site may have sent this browser: refused, and counted for that account.
      // Never for a way whose proof anyone shown its QR code could have given (the bot
      // login, alwaysConfirmLink): a merge there would take in a stranger's account.
      if (!alwaysConfirmLink && (await takeLinkIntent(db, { userId: current.userId, sessionId: current.sessionId, provider: accountProvider(provider) }, intents))) {
        await startMergeOffer(db, { sessionId: current.sessionId, userId: current.userId, otherUserId: existing.userId, provider, providerAccountId: identity.providerAccountId }, merges);
        await recordEvent({ userId: existing.userId, type: "merge-offered", provider, ...client }, db);
        return { redirect: "/account/merge" };
      }
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
    if (!(await refreshAccount(db, existing, profile))) return UNLINKED_MEANWHILE;
    return { userId: existing.userId };
  }
  if (profile.email && profile.emailVerified) {
    const owner = await db.user.findUnique({ where: { email: profile.email }, select: { id: true } });
    // The same identity's first sign-in in another browser, a moment ago, made that user
    // (and this account with it): sign in as it, as a later lookup would have.
    const raced = owner && (await findIdentityAccount(db, identity));
    if (raced) {
      if (!(await refreshAccount(db, raced, profile))) return UNLINKED_MEANWHILE;
      return { userId: raced.userId };
    }
    if (owner) {
      await startPendingLink(db, owner.id, identity, profile, jar);
      await recordEvent({ userId: owner.id, type: "link-pending", provider, ...client }, db);
      return { redirect: "/login/existing-account" };
    }
  }
  return { userId: await createUserWithAccount(db, identity, profile) };
}
