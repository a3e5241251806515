// The security log, newest first, a page at a time: sign-ins (provider, IP, browser),
// failed attempts on this account, links and unlinks, ended sessions, exports.
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { Card } from "@/components/ui/card";
import { firstParam } from "@/lib/account/notices";
import { securityLogPage } from "@/lib/account/security-log";
import { describeUserAgent } from "@/lib/account/user-agent";
import { requireUser } from "@/lib/auth/require-user";
import { env } from "@/lib/env";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.activity"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FAILED = new Set(["sign-in-failed", "link-unrequested", "locked", "second-factor-failed", "second-factor-locked", "second-factor-signed-out"]);

export default async function ActivityPage({ searchParams }: Props) {
  const { user } = await requireUser("/account/activity");
  const params = await searchParams;
  const [t, providerName, format, log] = await Promise.all([
    getTranslations("account.activity"),
    getTranslations("providers"),
    getFormatter(),
    securityLogPage(user.id, { before: firstParam(params.before), after: firstParam(params.after) }),
  ]);
  const when = (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "medium" });

  return (
    <Card>
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("intro", { days: env.AUTH_SECURITY_LOG_RETENTION_DAYS })}</p>
      {log.events.length === 0 ? (
        <p className="mt-4 text-sm">{t("empty")}</p>
      ) : (
        <ol className="mt-4 divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("title")}>
          {log.events.map((event) => {
            const { browser, os } = describeUserAgent(event.userAgent);
            const provider = event.provider ? (providerName.has(event.provider) ? providerName(event.provider) : event.provider) : "";
            const reason = typeof event.detail.reason === "string" && t.has(`reasons.${event.detail.reason}`) ? t(`reasons.${event.detail.reason}`) : "";
            return (
              <li key={event.id} className="flex gap-3 py-3" data-testid="log-entry" data-type={event.type}>
                <span className="mt-0.5 w-5">{event.provider && <ProviderIcon id={event.provider} />}</span>
                <div className="min-w-0 flex-1">
                  <p className={FAILED.has(event.type) ? "font-medium text-red-700 dark:text-red-400" : "font-medium"}>
                    {t(`types.${event.type}`, { provider, count: Number(event.detail.count ?? event.detail.endedSessions ?? 0) })}
                  </p>
                  {reason && <p className="text-sm text-slate-600 dark:text-slate-400">{reason}</p>}
                  {event.count > 1 && (
                    <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="log-repeated">
                      {t("repeated", { count: event.count, last: when(event.lastAt) })}
                    </p>
                  )}
                  <p className="text-sm text-slate-500 dark:text-slate-400">
                    <time dateTime={event.createdAt.toISOString()}>{when(event.createdAt)}</time>
                    {event.ip && ` · ${event.ip}`}
                    {(browser || os) && ` · ${[browser, os].filter(Boolean).join(", ")}`}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {(log.newer || log.older) && (
        <nav aria-label={t("pagination")} className="mt-4 flex items-center justify-between text-sm">
          {log.newer ? (
            <Link href={`/account/activity?after=${log.newer}`} rel="prev" className="rounded-lg px-3 py-1.5 font-medium underline">
              {t("newer")}
            </Link>
          ) : (
            <span />
          )}
          {log.newer ? (
            <Link href="/account/activity" className="rounded-lg px-3 py-1.5 font-medium underline">
              {t("newest")}
            </Link>
          ) : (
            <span />
          )}
          {log.older ? (
            <Link href={`/account/activity?before=${log.older}`} rel="next" className="rounded-lg px-3 py-1.5 font-medium underline">
              {t("older")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </Card>
  );
}
