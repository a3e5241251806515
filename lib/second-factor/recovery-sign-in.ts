// Signing in with a recovery code alone, from "Can't sign in?" (/login/recover), for
// someone whose other ways in are gone. A code is about 50 bits and unique over all
// users; attempts are limited per network (AUTH_LIMIT_RECOVERY, default 5 in 15
// minutes), so guessing any code of any account takes longer than codes live. The code
// is used up first, in one conditional UPDATE (two browsers with one code: one gets
// in; a sign-in that then fails on our side gives it back); then Auth.js makes the session from a grant, as for passkeys. The sign-in is
// logged ("sign-in" with the recovery code, and "recovery-code-used", alerted) and the
// person is sent to set up a new way in.
import "server-only";
import { headers } from "next/headers";
import { recordEvent } from "@/lib/account/security-log";
import { signIn } from "@/lib/auth";
import { grantSignIn } from "@/lib/auth/grant";
import { authRequestContext, clientInfoFrom } from "@/lib/auth/request-context";
import { RECOVERY_CODE } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { errorMessage, logEvent } from "@/lib/log";
import { secondFactorKeys } from "./step-up";
import { spendAnyRecoveryCode, unspendRecoveryCode } from "./store";

export type RecoverySignIn = { ok: true } | { refused: "recovery-code-wrong" | "server" };

export async function signInWithRecoveryCode(typed: string): Promise<RecoverySignIn> {
  const requestHeaders = await headers();
  const client = clientInfoFrom(requestHeaders);
  const usedAt = new Date();
  let spent: { userId: string; hash: string } | null = null;
  let signedIn = false;
  try {
    spent = await spendAnyRecoveryCode(db, typed, usedAt, secondFactorKeys());
    if (!spent) {
      logEvent("warn", { event: "sign-in-refused", provider: RECOVERY_CODE, reason: "wrong", ip: client.ip });
      return { refused: "recovery-code-wrong" };
    }
    const { userId } = spent;
    const request = new Request("http://recovery.invalid/", { headers: requestHeaders });
    await authRequestContext.run({ request, returnTo: "/account/security" }, () => signIn(RECOVERY_CODE, { grant: grantSignIn(RECOVERY_CODE, userId), redirect: false }));
    signedIn = true;
    const left = await db.recoveryCode.count({ where: { userId, usedAt: null } });
    await recordEvent({ userId, type: "recovery-code-used", detail: { count: left }, ...client });
    return { ok: true };
  } catch (error) {
    logEvent("error", { event: "sign-in-failed", provider: RECOVERY_CODE, error: errorMessage(error) });
    // Signed in, only the log entry failed: in all the same.
    if (signedIn) return { ok: true };
    // Nobody was signed in: the code is the person's again (when the database lets us say so).
    if (spent) await unspendRecoveryCode(db, spent.hash, usedAt).catch(() => undefined);
    return { refused: "server" };
  }
}
