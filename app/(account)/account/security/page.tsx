// Security: passkeys (add, rename, remove) and the second factor: the authenticator app
// (set up, or remove), the recovery codes (how many are left; new ones shown once), and
// "ask after every sign-in". What the second factor guards is lib/second-factor/step-up.ts.
import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/account/action-form";
import { RecoveryCodesForm } from "@/components/account/recovery-codes";
import { PasskeyButton } from "@/components/auth/passkey-button";
import { SubmitButton } from "@/components/account/submit-button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { firstParam } from "@/lib/account/notices";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { listPasskeys } from "@/lib/passkeys/store";
import { secondFactors } from "@/lib/second-factor/store";
import { newRecoveryCodesAction, removeTotpAction, setSignInCheckAction, startTotpSetupAction } from "./actions";
import { addPasskeyAction, passkeyRegistrationOptionsAction, removePasskeyAction, renamePasskeyAction } from "./passkey-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.security"))("title") };
}

const RETURN_TO = "/account/security";
const LOW = 3;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SecurityPage({ searchParams }: Props) {
  const { user } = await requireUser(RETURN_TO);
  const recovered = firstParam((await searchParams).notice) === "recovered";
  const [t, tp, tr, format, factors, passkeys] = await Promise.all([
    getTranslations("account.security"),
    getTranslations("passkey"),
    getTranslations("account.results"),
    getFormatter(),
    secondFactors(db, user.id),
    listPasskeys(db, user.id),
  ]);
  const date = (value: Date) => format.dateTime(value, { dateStyle: "medium" });
  const secondFactor = factors.totp || passkeys.length > 0;
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <h1 className="text-lg font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
        {recovered && (
          <Notice tone="success" className="mt-4">
            {t("recovered", { count: factors.recoveryCodesLeft })}
          </Notice>
        )}
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("passkeysTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("passkeysIntro")}</p>
        {passkeys.length === 0 ? (
          <p className="mt-3 text-sm font-medium">{t("passkeysNone")}</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("passkeysLabel")}>
            {passkeys.map((passkey) => (
              <li key={passkey.id} aria-label={passkey.name} className="flex flex-col gap-2 py-3">
                <p className="font-medium">{passkey.name}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {t("passkeyFacts", { added: date(passkey.createdAt), used: passkey.lastUsedAt ? date(passkey.lastUsedAt) : "never" })}
                  {passkey.deviceType === "multiDevice" && ` ${t("passkeySynced")}`}
                </p>
                <div className="flex flex-wrap items-start gap-3">
                  <ActionForm action={renamePasskeyAction} returnTo={RETURN_TO} className="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="passkeyId" value={passkey.id} />
                    <input
                      name="name"
                      required
                      maxLength={60}
                      defaultValue={passkey.name}
                      aria-label={t("passkeyNameLabel", { name: passkey.name })}
                      className="rounded-lg border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
                    />
                    <SubmitButton>{t("passkeyRename")}</SubmitButton>
                  </ActionForm>
                  <ActionForm action={removePasskeyAction} returnTo={RETURN_TO} label={t("passkeyRemoveLabel", { name: passkey.name })}>
                    <input type="hidden" name="passkeyId" value={passkey.id} />
                    <SubmitButton variant="danger">{t("passkeyRemove")}</SubmitButton>
                  </ActionForm>
                </div>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4">
          <PasskeyButton
            ceremony="register"
            begin={passkeyRegistrationOptionsAction}
            finish={addPasskeyAction}
            label={tp("add")}
            returnTo={RETURN_TO}
            variant="primary"
            okMessage={tr("passkey-added")}
          />
        </div>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("totpTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("totpIntro")}</p>
        <p className="mt-3 text-sm font-medium" data-testid="totp-state">
          {factors.totpSince ? t("totpOn", { date: date(factors.totpSince) }) : t("totpOff")}
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
        {secondFactor ? (
          <RecoveryCodesForm action={newRecoveryCodesAction} label={t("codesMake")} returnTo={RETURN_TO} />
        ) : (
          <p className="mt-3 text-sm">{t("codesNeedFactor")}</p>
        )}
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("signInCheckTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("signInCheckIntro")}</p>
        <p className="mt-3 text-sm font-medium" data-testid="sign-in-check-state">
          {user.secondFactorOnSignIn ? t("signInCheckIsOn") : t("signInCheckIsOff")}
        </p>
        {secondFactor ? (
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
