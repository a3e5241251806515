"use server";
// The security page's actions: set up the authenticator app (start, then confirm with
// its first code), remove it, make new recovery codes, and "ask after every sign-in".
// Adding a factor needs a recent sign-in; changing or removing one, once one is in force,
// needs the second factor itself (lib/second-factor/step-up.ts). Every change is logged,
// and adding or removing the app is alerted.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { accountAction } from "@/lib/account/account-action";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { hasSecondFactor, markSecondFactorPassed, requireStepUp, secondFactorKeys } from "@/lib/second-factor/step-up";
import { beginTotpSetup, confirmTotp, removeTotp, replaceRecoveryCodes, secondFactors, setSecondFactorOnSignIn } from "@/lib/second-factor/store";
import { limitAction } from "@/lib/security/limit-request";

const SECURITY = "/account/security";
const SETUP = "/account/security/authenticator";

/** "Set up an authenticator app": a new secret, not in force until its first code is typed. */
export async function startTotpSetupAction() {
  const { user, session } = await requireUser(SECURITY);
  await requireStepUp(session, "recent-sign-in", SECURITY);
  await limitAction("account-action", user.id);
  // Refused while one is in force: that one is removed first.
  if (!(await beginTotpSetup(db, user.id, secondFactorKeys()))) redirect(SECURITY);
  redirect(SETUP);
}

export const confirmTotpAction = accountAction(
  { schema: z.object({ code: z.string().trim().min(1).max(20) }), returnTo: SETUP, guard: "recent-sign-in", limited: true },
  async ({ input, user, session, log }) => {
    await limitAction("second-factor", user.id);
    if (!(await confirmTotp(db, user.id, input.code, new Date(), secondFactorKeys()))) return { error: "wrong-code" };
    // The code just typed proves this browser holds the app.
    await markSecondFactorPassed(session.id);
    await log({ type: "totp-added" });
    // A first second factor comes with recovery codes (a passkey added before may have made some).
    let codes: string[] | undefined;
    if ((await secondFactors(db, user.id)).recoveryCodesLeft === 0) {
      codes = await replaceRecoveryCodes(db, user.id, secondFactorKeys());
      await log({ type: "recovery-codes-made" });
    }
    return { ok: "totp-on", codes };
  },
);

export const removeTotpAction = accountAction({ schema: z.object({}), returnTo: SECURITY, guard: "second-factor", limited: true }, async ({ user, log }) => {
  await removeTotp(db, user.id);
  await log({ type: "totp-removed" });
  revalidatePath(SECURITY);
  return { ok: "totp-off" };
});

/**
 * Ten new codes in place of all the old ones, shown once in the answer. Only with a
 * second factor in force, and past it: codes made before would outlive the factor
 * added later, in the hands of whoever made them.
 */
export const newRecoveryCodesAction = accountAction({ schema: z.object({}), returnTo: SECURITY, guard: "second-factor", limited: true }, async ({ user, log }) => {
  if (!(await hasSecondFactor(user.id))) return { error: "no-second-factor" };
  const codes = await replaceRecoveryCodes(db, user.id, secondFactorKeys());
  await log({ type: "recovery-codes-made" });
  revalidatePath(SECURITY);
  return { ok: "recovery-codes-made", codes };
});

export const setSignInCheckAction = accountAction(
  { schema: z.object({ enabled: z.enum(["on", "off"]) }), returnTo: SECURITY, guard: "second-factor", limited: true },
  async ({ input, user, log }) => {
    const enabled = input.enabled === "on";
    if (!(await setSecondFactorOnSignIn(db, user.id, enabled))) return { error: "no-second-factor" };
    await log({ type: "second-factor-setting", detail: { count: enabled ? 1 : 0 } });
    revalidatePath(SECURITY);
    return { ok: enabled ? "sign-in-check-on" : "sign-in-check-off" };
  },
);
