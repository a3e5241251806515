// Passing the second factor in one session: a code from the authenticator app, or a
// recovery code instead. A pass marks the session (LoginSession.secondFactorAt), which
// then counts for critical actions within AUTH_REAUTH_MAX_AGE and ends the wait after
// sign-in. A wrong or reused code is logged (folded, like failed sign-ins) and counted:
// a session that types too many is signed out, and an account that gets too many pauses
// code checks; while that lock holds, no code is checked. A recovery code is logged and
// alerted.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { recordSecondFactorFailure } from "@/lib/account/failures";
import { recordEvent } from "@/lib/account/security-log";
import type { ClientInfo } from "@/lib/identity";
import { accountLockedFor } from "@/lib/security/rate-limit";
import { markSecondFactorPassed, secondFactorKeys } from "./step-up";
import { checkTotpCode, spendRecoveryCode } from "./store";

/** A typed code as the code forms send it (components/auth/code-form.tsx). */
export const typedCode = z.object({ code: z.string().trim().min(1).max(40), kind: z.enum(["totp", "recovery"]) });

export type CodeKind = z.infer<typeof typedCode>["kind"];

export type VerifyOutcome = { ok: true } | { ok: false; reason: "wrong-code" | "code-used" | "second-factor-locked" | "signed-out"; retryAfter?: number };

type Attempt = { userId: string; sessionId: string; code: string; kind: CodeKind; client: ClientInfo };

/** A typed code for `userId`'s second factor: checked (and used up), or why not; failures counted against `sessionId` and the account. */
export async function checkSecondFactorCode(db: PrismaClient, { userId, sessionId, code, kind, client }: Attempt, now = new Date()): Promise<VerifyOutcome> {
  const lockedFor = await accountLockedFor(userId, "second-factor");
  if (lockedFor > 0) return { ok: false, reason: "second-factor-locked", retryAfter: lockedFor };
  const keys = secondFactorKeys();
  const verdict = kind === "totp" ? await checkTotpCode(db, userId, code, now, keys) : (await spendRecoveryCode(db, userId, code, now, keys)) ? "accepted" : "wrong";
  if (verdict !== "accepted") {
    await recordEvent({ userId, type: "second-factor-failed", detail: { reason: verdict, method: kind }, ...client }, db);
    if (await recordSecondFactorFailure(userId, sessionId, client, db)) return { ok: false, reason: "signed-out" };
    return { ok: false, reason: verdict === "used" ? "code-used" : "wrong-code" };
  }
  if (kind === "recovery") {
    const left = await db.recoveryCode.count({ where: { userId, usedAt: null } });
    await recordEvent({ userId, type: "recovery-code-used", detail: { count: left }, ...client }, db);
  } else {
    await recordEvent({ userId, type: "second-factor-passed", detail: { method: kind }, ...client }, db);
  }
  return { ok: true };
}

/** The session's own second factor: a pass marks the session. */
export async function verifySecondFactor(db: PrismaClient, attempt: Attempt, now = new Date()): Promise<VerifyOutcome> {
  const outcome = await checkSecondFactorCode(db, attempt, now);
  if (outcome.ok) await markSecondFactorPassed(attempt.sessionId, db, now);
  return outcome;
}
