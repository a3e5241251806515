// The account overview: who you are, every sign-in method (linked, with what the
// provider said, or a way to link it), and whose name and picture to show.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/account/action-form";
import { NoticeBanner } from "@/components/account/notice-banner";
import { SubmitButton } from "@/components/account/submit-button";
import { UnlinkControl } from "@/components/account/unlink-control";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { PasskeyButton } from "@/components/auth/passkey-button";
import { InsteadOption, SignInOption } from "@/components/auth/sign-in-options";
import { Avatar } from "@/components/ui/avatar";
import { Card } from "@/components/ui/card";
import { choiceFor, IDENTITIES, linkedAccounts } from "@/lib/account/methods";
import { firstParam } from "@/lib/account/notices";
import { readPendingLink } from "@/lib/account/pending-link";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { listPasskeys } from "@/lib/passkeys/store";
import { chooseProfileAction, setAlertsAction, signOutAction, startLinkAction, unlinkAction } from "./actions";
import { addPasskeyAction, passkeyRegistrationOptionsAction } from "./security/passkey-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const { user, session } = await requireUser("/account");
  const [t, tp, tr, providerName, format, locale, accounts, params, passkeys] = await Promise.all([
    getTranslations("account"),
    getTranslations("passkey"),
    getTranslations("account.results"),
    getTranslations("providers"),
    getFormatter(),
    getLocale(),
    linkedAccounts(user.id),
    searchParams,
    listPasskeys(db, user.id),
  ]);
  // Signed in from the collision page to an account with a second factor: the identity
  // waits for "Link" on /account/link, past the second factor (lib/account/pending-link.ts).
  if (firstParam(params.notice) === "linked" && (await readPendingLink(db, undefined, new Date(), session.id))) redirect("/account/link");
  const name = user.name ?? user.email ?? "—";
  const date = (value: Date) => format.dateTime(value, { dateStyle: "medium" });
  const identities = IDENTITIES.filter((identity) => accounts.some((a) => a.provider === identity) || choiceFor(identity));

  return (
    <div className="flex flex-col gap-6">
      <h1 className="sr-only">{t("title")}</h1>
      <NoticeBanner params={params} linkedIdentities={accounts.map((account) => account.provider)} />
      <Card className="flex flex-col items-center gap-4 text-center sm:flex-row sm:text-left">
        <Avatar src={user.image} name={name} alt={t("avatarAlt", { name })} size={72} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-xl font-semibold" data-testid="account-name">
            {name}
          </p>
          <p className="truncate text-slate-600 dark:text-slate-400" data-testid="account-email">
            {user.email ?? t("noEmail")}
          </p>
          <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{t("memberSince", { date: date(user.createdAt) })}</p>
        </div>
        <form action={signOutAction}>
          <SubmitButton>{t("signOut")}</SubmitButton>
        </form>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("methods.title")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("methods.intro")}</p>
        <ul className="mt-4 divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("methods.title")}>
          {identities.map((identity) => {
            const linked = accounts.filter((account) => account.provider === identity);
            const label = providerName(identity);
            return (
              <li key={identity} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-start" data-testid={`method-${identity}`} aria-label={label}>
                <div className="flex min-w-0 flex-1 items-start gap-3">
                  <span className="mt-0.5">
                    <ProviderIcon id={identity} />
                  </span>
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{label}</p>
                    {linked.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">{t("methods.notLinked")}</p>}
                    {linked.map((account) => (
                      <div key={account.id} className="mt-1 flex items-center gap-2 text-sm">
                        {account.image && <Avatar src={account.image} name={account.name ?? label} alt="" size={24} />}
                        <div className="min-w-0">
                          <p className="truncate">{account.name ?? t("methods.noName")}</p>
                          {account.email && (
                            <p className="truncate text-slate-500 dark:text-slate-400">
                              {account.email}
                              {!account.emailVerified && ` · ${t("methods.unverified")}`}
                            </p>
                          )}
                          <p className="text-slate-500 dark:text-slate-400">{t("linkedOn", { date: date(account.createdAt) })}</p>
                        </div>
                      </div>
                    ))}
                  </div>
                </div>
                <div className="flex flex-col items-stretch gap-2 sm:items-end">
                  {linked.map((account) => (
                    <UnlinkControl key={account.id} action={unlinkAction} accountId={account.id} provider={label} lastMethod={accounts.length + passkeys.length <= 1} />
                  ))}
                  {linked.length === 0 && <LinkChoice identity={identity} label={label} locale={locale} t={t} />}
                </div>
              </li>
            );
          })}
        </ul>
        {/* Passkeys are ways in too: added here or on the security page, renamed and removed there. */}
        <div className="mt-2 flex flex-col gap-3 border-t border-slate-200 pt-4 text-sm dark:border-slate-800 sm:flex-row sm:items-start">
          <p className="flex-1" data-testid="method-passkeys">
            {t("methods.passkeys", { count: passkeys.length })}{" "}
            <Link href="/account/security" className="font-medium underline">
              {t("methods.managePasskeys")}
            </Link>
          </p>
          <PasskeyButton
            ceremony="register"
            begin={passkeyRegistrationOptionsAction}
            finish={addPasskeyAction}
            label={tp("add")}
            returnTo="/account"
            okMessage={tr("passkey-added")}
          />
        </div>
        {identities.some((identity) => choiceFor(identity)?.way.demo) && (
          <p id="demo-hint" className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            {t("methods.demoHint")}
          </p>
        )}
      </Card>

      {env.AUTH_TELEGRAM_BOT_TOKEN && accounts.some((account) => account.provider === "telegram") && (
        <Card>
          <h2 className="text-lg font-semibold">{t("alerts.title")}</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("alerts.intro")}</p>
          <ActionForm action={setAlertsAction} returnTo="/account" className="mt-4 flex flex-wrap items-center gap-3" label={t("alerts.title")}>
            <p className="text-sm font-medium" data-testid="alerts-state">
              {user.alertsEnabled ? t("alerts.on") : t("alerts.off")}
            </p>
            <input type="hidden" name="enabled" value={user.alertsEnabled ? "off" : "on"} />
            <SubmitButton>{user.alertsEnabled ? t("alerts.turnOff") : t("alerts.turnOn")}</SubmitButton>
          </ActionForm>
        </Card>
      )}

      {accounts.length > 1 && (
        <Card>
          <h2 className="text-lg font-semibold">{t("profile.title")}</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("profile.intro")}</p>
          <ActionForm action={chooseProfileAction} returnTo="/account" className="mt-4 flex flex-col gap-3">
            <fieldset>
              <legend className="sr-only">{t("profile.title")}</legend>
              <div className="flex flex-col gap-2">
                {accounts.map((account) => (
                  <label key={account.id} className="flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 p-2 has-checked:border-slate-900 dark:border-slate-800 dark:has-checked:border-slate-100">
                    <input type="radio" name="accountId" value={account.id} defaultChecked={account.id === user.profileAccountId} />
                    <Avatar src={account.image} name={account.name ?? "?"} alt="" size={32} />
                    <span className="min-w-0 flex-1 truncate">{account.name ?? t("methods.noName")}</span>
                    <span className="text-sm text-slate-500 dark:text-slate-400">{providerName(account.provider)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              <SubmitButton variant="primary">{t("profile.save")}</SubmitButton>
            </div>
          </ActionForm>
        </Card>
      )}
    </div>
  );
}

/** An identity not linked yet: "Link …" through its best way, and "Use the Telegram app instead" where there is one. */
function LinkChoice({ identity, label, locale, t }: { identity: string; label: string; locale: string; t: Awaited<ReturnType<typeof getTranslations<"account">>> }) {
  const choice = choiceFor(identity);
  if (!choice) return null;
  return (
    <div className="flex flex-col items-center gap-1 sm:w-72">
      <div className="w-full">
        <SignInOption provider={choice.way} callbackUrl="/account" locale={locale} label={t("methods.linkWith", { provider: label })} demoLabel={t("methods.demo")} linkAction={startLinkAction} />
      </div>
      {choice.instead && <InsteadOption action={startLinkAction} fields={{ provider: choice.instead.id }} label={t("methods.linkWithAppInstead")} />}
    </div>
  );
}
