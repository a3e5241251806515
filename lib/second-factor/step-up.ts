// Step-up: what a session must have done before a critical action, and after a sign-in.
//
// Critical actions (linking a method, unlinking, deleting the account, downloading its
// data, ending all other sessions, turning alerts off, and changing the second factor
// itself) need, on an account with a second factor, a code from it within
// AUTH_REAUTH_MAX_AGE, whichever provider the session came from: a stolen Telegram
// session is then not a stolen account. An account without one keeps the rule it had:
// unlinking, deleting and linking need a recent sign-in, the rest nothing more.
//
// "Always ask for a second factor after signing in" makes every new session pending
// until it passes one: requireUser() sends it to /login/verify before anything else.
import "server-only";
import type { LoginSession, PrismaClient, User } from "@prisma/client";
import { redirect } from "next/navigation";
import { isRecentSignIn, isWithinReauthWindow } from "@/lib/account/reauth";
import { db as defaultDb } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * How much an action asks: "recent-sign-in" (a recent sign-in, or the second factor when
 * the account has one) or "second-factor" (the second factor when the account has one,
 * else nothing).
 */
export type Guard = "recent-sign-in" | "second-factor";

/** What the session must do first: sign in again, pass the second factor, or nothing (null). */
export type StepUp = "reauth" | "second-factor" | null;

type SessionTimes = Pick<LoginSession, "userId" | "authenticatedAt" | "secondFactorAt">;

/** Whether this user has a second factor in force: a confirmed authenticator app, or a passkey. */
export async function hasSecondFactor(userId: string, db: PrismaClient = defaultDb): Promise<boolean> {
  const [totp, passkeys] = await Promise.all([db.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }), db.passkey.count({ where: { userId } })]);
  return totp + passkeys > 0;
}

export async function stepUpFor(session: SessionTimes, guard: Guard, db: PrismaClient = defaultDb, now = new Date()): Promise<StepUp> {
  if (await hasSecondFactor(session.userId, db)) return isWithinReauthWindow(session.secondFactorAt, now) ? null : "second-factor";
  return guard === "recent-sign-in" && !isRecentSignIn(session, now) ? "reauth" : null;
}

/** Where a browser goes to do `step` and come back to `returnTo`. */
export function stepUpUrl(step: Exclude<StepUp, null>, returnTo: string): string {
  return `${step === "reauth" ? "/account/confirm" : "/login/verify"}?${new URLSearchParams({ returnTo })}`;
}

/** For actions and routes that redirect: there, when this session must step up first. */
export async function requireStepUp(session: SessionTimes, guard: Guard, returnTo: string) {
  const step = await stepUpFor(session, guard);
  if (step) redirect(stepUpUrl(step, returnTo));
}

/** A new session of an account that asks after every sign-in, not yet past its second factor. */
export function isPendingSecondFactor(session: Pick<LoginSession, "secondFactorAt"> & { user: Pick<User, "secondFactorOnSignIn"> }) {
  return session.user.secondFactorOnSignIn && !session.secondFactorAt;
}

/** This session just passed the second factor. */
export async function markSecondFactorPassed(sessionId: string, db: PrismaClient = defaultDb, now = new Date()) {
  await db.loginSession.update({ where: { id: sessionId }, data: { secondFactorAt: now } });
}

/** The keys the second factor's store needs (lib/second-factor/keys.ts). */
export const secondFactorKeys = () => ({ secret: env.AUTH_SECRET! });
