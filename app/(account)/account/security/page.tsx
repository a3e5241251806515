// Security: the second factor. The authenticator app (set up, or remove), the recovery
// codes (how many are left; new ones shown once), and "ask after every sign-in". What
// the second factor guards is lib/second-factor/step-up.ts.
import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/account/action-form";
import { RecoveryCodesForm } from "@/components/account/recovery-codes";
import { SubmitButton } from "@/components/account/submit-button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { secondFactors } from "@/lib/second-factor/store";
import { newRecoveryCodesAction, removeTotpAction, setSignInCheckAction, startTotpSetupAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.security"))("title") };
}

const RETURN_TO = "/account/security";
const LOW = 3;

export default async function SecurityPage() {
  const { user } = await requireUser(RETURN_TO);
  const [t, format, factors] = await Promise.all([getTranslations("account.security"), getFormatter(), secondFactors(db, user.id)]);
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <h1 className="text-lg font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("totpTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("totpIntro")}</p>
        <p className="mt-3 text-sm font-medium" data-testid="totp-state">
          {factors.totpSince ? t("totpOn", { date: format.dateTime(factors.totpSince, { dateStyle: "medium" }) }) : t("totpOff")}
        </p>
        {factors.totp ? (
          <ActionForm action={removeTotpAction} returnTo={RETURN_TO} className="mt-4">
            <SubmitButton variant="danger">{t("totpRemove")}</SubmitButton>
          </ActionForm>
        ) : (
          <form action={startTotpSetupAction} className="mt-4">
            <SubmitButton variant="primary">{t("totpSetUp")}</SubmitButton>
          </form>
        )}
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("codesTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("codesIntro")}</p>
        <p className="mt-3 text-sm font-medium" data-testid="recovery-codes-left">
          {factors.recoveryCodesLeft > 0 ? t("codesLeft", { count: factors.recoveryCodesLeft }) : t("codesNone")}
          {factors.recoveryCodesLeft > 0 && factors.recoveryCodesLeft <= LOW && ` ${t("codesLow")}`}
        </p>
        <RecoveryCodesForm action={newRecoveryCodesAction} label={t("codesMake")} returnTo={RETURN_TO} />
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("signInCheckTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("signInCheckIntro")}</p>
        <p className="mt-3 text-sm font-medium" data-testid="sign-in-check-state">
          {user.secondFactorOnSignIn ? t("signInCheckIsOn") : t("signInCheckIsOff")}
        </p>
        {factors.totp ? (
          <ActionForm action={setSignInCheckAction} returnTo={RETURN_TO} className="mt-4">
            <input type="hidden" name="enabled" value={user.secondFactorOnSignIn ? "off" : "on"} />
            <SubmitButton>{user.secondFactorOnSignIn ? t("signInCheckTurnOff") : t("signInCheckTurnOn")}</SubmitButton>
          </ActionForm>
        ) : (
          <p className="mt-3 text-sm">{t("signInCheckNeedsFactor")}</p>
        )}
      </Card>
    </div>
  );
}
