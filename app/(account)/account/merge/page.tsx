// "Merge two accounts?": this browser, signed in here, pressed "Link" and proved an
// identity that belongs to another Vkhod account. The page shows both accounts, what
// moves, what ends, the conflicts to choose, whose name and picture stay, and asks for
// what is still to prove (lib/account/merge.ts has the rules).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/account/action-form";
import { SubmitButton } from "@/components/account/submit-button";
import { CodeForm } from "@/components/auth/code-form";
import { PasskeyButton } from "@/components/auth/passkey-button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { mergePlan, readMergeOffer } from "@/lib/account/merge";
import { accountUrl } from "@/lib/account/notices";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { accountProvider } from "@/lib/identity";
import { CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";
import { stepUpFor, stepUpUrl } from "@/lib/second-factor/step-up";
import { cancelMergeAction, mergeAction, otherPasskeyAction, otherPasskeyOptionsAction, passOtherCodeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.merge"))("title") };
}

const MERGE = "/account/merge";

export default async function MergePage() {
  const { session } = await requireUser(MERGE);
  const offer = await readMergeOffer(db, session.id);
  const plan = offer && (await mergePlan(db, offer));
  if (!offer || !plan) redirect(accountUrl("/account", { error: "merge-expired" }));
  const [t, tp, providerName, messages, step] = await Promise.all([
    getTranslations("account.merge"),
    getTranslations("passkey"),
    getTranslations("providers"),
    getMessages(),
    stepUpFor(session, "recent-sign-in"),
  ]);
  const proved = providerName(accountProvider(offer.provider));
  const methods = (side: typeof plan.mine) => side.accounts.map((account) => providerName(account.provider)).join(", ") || t("noMethods");
  const { mine, other } = plan;

  return (
    <Card>
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t("intro", { provider: proved })}</p>

      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        {[
          { label: t("thisAccount"), side: mine, id: "merge-mine" },
          { label: t("otherAccount"), side: other, id: "merge-other" },
        ].map(({ label, side, id }) => (
          <section key={id} aria-labelledby={id} data-testid={id} className="rounded-xl border border-slate-200 p-4 text-sm dark:border-slate-800">
            <h2 id={id} className="font-semibold">
              {label}
            </h2>
            {side === other && plan.otherFactorNeeded ? (
              // Who the other account is shows once its own second factor is passed.
              <p className="mt-1 text-slate-600 dark:text-slate-400">{t("otherHidden")}</p>
            ) : (
              <>
                <p className="mt-1">{side.name ?? t("noName")}</p>
                <p className="text-slate-600 dark:text-slate-400">{side.email ?? t("noEmail")}</p>
              </>
            )}
            <p className="mt-1">{t("methods", { methods: methods(side) })}</p>
          </section>
        ))}
      </div>

      <h2 className="mt-5 font-semibold">{t("whatHappens")}</h2>
      <ul className="mt-1 list-inside list-disc text-sm" data-testid="merge-moves">
        <li>{t("movesMethods", { methods: methods(other) })}</li>
        <li>{t("movesPasskeys", { count: other.passkeys })}</li>
        <li>{t("movesLog", { count: other.events })}</li>
        <li>{t("endsSessions", { count: other.liveSessions })}</li>
        {(other.totp || other.recoveryCodes > 0) && <li>{t("dropsFactor")}</li>}
      </ul>

      {step && (
        <Notice tone="error" className="mt-4">
          {t(step === "reauth" ? "reauthFirst" : "secondFactorFirst")}{" "}
          <a href={stepUpUrl(step, MERGE)} className="font-medium underline">
            {t("confirmLink")}
          </a>
        </Notice>
      )}

      {plan.otherFactorNeeded && (
        <section className="mt-5 rounded-xl border border-amber-300 p-4 dark:border-amber-800" aria-labelledby="merge-other-factor">
          <h2 id="merge-other-factor" className="font-semibold">
            {t("otherFactorTitle")}
          </h2>
          <p className="mt-1 text-sm">{t("otherFactorIntro")}</p>
          <NextIntlClientProvider messages={pickMessages(messages, CLIENT_MESSAGES.verify)}>
            {other.passkeys > 0 && (
              <div className="mt-3">
                <PasskeyButton ceremony="authenticate" begin={otherPasskeyOptionsAction} finish={otherPasskeyAction} label={tp("confirm")} returnTo={MERGE} />
              </div>
            )}
            <CodeForm action={passOtherCodeAction} returnTo={MERGE} totp={other.totp} recovery={other.recoveryCodes > 0} />
          </NextIntlClientProvider>
        </section>
      )}

      <ActionForm action={mergeAction} returnTo={MERGE} className="mt-5 flex flex-col gap-4" label={t("title")}>
        {plan.conflicts.map((provider) => {
          const name = providerName(provider);
          const describe = (side: typeof mine) => {
            const account = side.accounts.find((a) => accountProvider(a.provider) === provider);
            // (The other account's names wait for its second factor too.)
            if (side === other && plan.otherFactorNeeded) return name;
            return account?.name ?? account?.email ?? name;
          };
          return (
            <fieldset key={provider} className="rounded-xl border border-slate-200 p-4 text-sm dark:border-slate-800" data-testid={`conflict-${provider}`}>
              <legend className="px-1 font-semibold">{t("conflict", { provider: name })}</legend>
              <label className="mt-1 flex items-center gap-2">
                <input type="radio" name={`keep:${provider}`} value="mine" required />
                {t("keepMine", { provider: name, who: describe(mine) })}
              </label>
              <label className="mt-1 flex items-center gap-2">
                <input type="radio" name={`keep:${provider}`} value="theirs" required />
                {t("keepTheirs", { provider: name, who: describe(other) })}
              </label>
            </fieldset>
          );
        })}
        <fieldset className="rounded-xl border border-slate-200 p-4 text-sm dark:border-slate-800">
          <legend className="px-1 font-semibold">{t("profile")}</legend>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="profile" value="mine" defaultChecked />
            {t("profileMine", { name: mine.name ?? t("noName") })}
          </label>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="profile" value="theirs" />
            {t("profileTheirs", { name: other.name ?? t("noName") })}
          </label>
        </fieldset>
        <div>
          <SubmitButton variant="primary">{t("confirm")}</SubmitButton>
        </div>
      </ActionForm>
      <form action={cancelMergeAction} className="mt-3">
        <button type="submit" className="text-sm text-slate-600 underline dark:text-slate-400">
          {t("cancel")}
        </button>
      </form>
    </Card>
  );
}
