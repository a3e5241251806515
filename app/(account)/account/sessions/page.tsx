// Where this account is signed in: each live session with its device and browser, IP,
// the provider it signed in with, when it started and when it was last seen. Any other
// session can be ended, or all of them at once. The list is one form: each row's
// "Sign out" button sends its session's id (a button's name and value), so a long list
// costs a button a row, not a form; and it shows the SESSIONS_SHOWN most recently seen
// other sessions, with a link to all of them (?all=1).
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/account/action-form";
import { NoticeBanner } from "@/components/account/notice-banner";
import { BUTTON_STYLES } from "@/components/account/button-styles";
import { SubmitButton } from "@/components/account/submit-button";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { Card } from "@/components/ui/card";
import { describeUserAgent } from "@/lib/account/user-agent";
import { requireUser } from "@/lib/auth/require-user";
import { activeSessions } from "@/lib/auth/sessions";
import { revokeOtherSessionsAction, revokeSessionAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.sessions"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SessionsPage({ searchParams }: Props) {
  const { session: current } = await requireUser("/account/sessions");
  const params = await searchParams;
  const all = params.all === "1";
  const [t, providerName, format, { sessions, othersCount }] = await Promise.all([
    getTranslations("account.sessions"),
    getTranslations("providers"),
    getFormatter(),
    activeSessions(current, { all }),
  ]);
  const when = (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "short" });
  const shown = sessions.filter((session) => session.id !== current.id).length;

  return (
    <div className="flex flex-col gap-6">
      <NoticeBanner params={params} linkedIdentities={[]} />
      <Card>
        <h1 className="text-lg font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
        <ActionForm action={revokeSessionAction} returnTo="/account/sessions" label={t("title")}>
          <ul className="mt-4 divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("title")}>
            {sessions.map((session) => {
              const { browser, os, device } = describeUserAgent(session.userAgent);
              const title =
                browser && os ? t("browserOn", { browser, os }) : browser ?? os ?? t("unknownDevice");
              const mine = session.id === current.id;
              return (
                <li key={session.id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center" data-testid="session" aria-label={title}>
                  <div className="min-w-0 flex-1">
                    <p className="flex flex-wrap items-center gap-2 font-medium">
                      <span>{title}</span>
                      <span className="text-sm font-normal text-slate-500 dark:text-slate-400">{t(`device.${device}`)}</span>
                      {mine && (
                        <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900">{t("thisDevice")}</span>
                      )}
                    </p>
                    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-600 dark:text-slate-400">
                      <dt>{t("ip")}</dt>
                      <dd>{session.ip ?? t("unknown")}</dd>
                      <dt>{t("provider")}</dt>
                      <dd className="flex items-center gap-1">
                        <ProviderIcon id={session.provider} />
                        {providerName(session.provider)}
                      </dd>
                      <dt>{t("created")}</dt>
                      <dd>{when(session.createdAt)}</dd>
                      <dt>{t("lastSeen")}</dt>
                      <dd>{when(session.lastSeenAt)}</dd>
                    </dl>
                  </div>
                  {!mine && (
                    <button type="submit" name="sessionId" value={session.id} aria-label={t("revokeLabel", { device: title })} className={BUTTON_STYLES.danger}>
                      {t("revoke")}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </ActionForm>
        {shown < othersCount && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            {t("shownOf", { shown, count: othersCount })}{" "}
            <Link href="/account/sessions?all=1" className="font-medium underline">
              {t("showAll", { count: othersCount })}
            </Link>
          </p>
        )}
        {othersCount > 0 && (
          <ActionForm action={revokeOtherSessionsAction} returnTo="/account/sessions" className="mt-4">
            <SubmitButton variant="danger">{t("revokeOthers", { count: othersCount })}</SubmitButton>
          </ActionForm>
        )}
      </Card>
    </div>
  );
}
