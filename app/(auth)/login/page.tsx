import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { TelegramLoginWidget } from "@/components/auth/telegram-login-widget";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { Card } from "@/components/ui/card";
import { enabledProviders } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { currentSession } from "@/lib/auth/require-user";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { readableReason } from "@/lib/auth/sign-in-errors";
import { signInWith } from "./actions";
import { startTelegramLink } from "./telegram/actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const callbackUrl = safeRedirectPath(first(params.callbackUrl), RELATIVE_ONLY);
  const reason = readableReason(first(params.error));

  if (!reason && (await currentSession())) redirect(callbackUrl);

  const [t, providerName, locale] = await Promise.all([getTranslations("login"), getTranslations("providers"), getLocale()]);
  return (
    <div className="flex flex-1 items-start justify-center pt-6 sm:items-center sm:pt-0">
      <Card className="w-full max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("subtitle")}</p>

        {reason && (
          <div
            role="alert"
            className="mt-5 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
          >
            <p className="font-medium">{t("errorTitle")}</p>
            <p className="mt-1">{t(`errors.${reason}`)}</p>
          </div>
        )}

        {enabledProviders.length === 0 ? (
          <p className="mt-6 text-sm">{t("noProviders")}</p>
        ) : (
          <ul className="mt-6 flex flex-col gap-3">
            {enabledProviders.filter((provider) => provider.entry !== "elsewhere").map((provider) =>
              provider.entry === "link" ? (
                <li key={provider.id}>
                  <form action={startTelegramLink}>
                    <input type="hidden" name="callbackUrl" value={callbackUrl} />
                    <button
                      type="submit"
                      aria-describedby={provider.demo ? "demo-hint" : undefined}
                      className="flex w-full items-center gap-3 rounded-xl border border-slate-300 bg-white px-4 py-3 text-left font-medium shadow-xs transition hover:bg-slate-50 active:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
                    >
                      <ProviderIcon id="telegram" />
                      <span className="flex-1">{t("telegramApp")}</span>
                      {provider.demo && <DemoBadge label={t("demoBadge")} />}
                    </button>
                  </form>
                </li>
              ) : provider.entry === "widget" ? (
                <li key={provider.id} className="flex items-center gap-3 rounded-xl border border-slate-300 px-4 py-2 dark:border-slate-700">
                  <div className="flex-1">
                    <TelegramLoginWidget
                      scriptUrl={env.AUTH_TELEGRAM_WIDGET_SCRIPT_URL}
                      bot={env.AUTH_TELEGRAM_BOT_USERNAME ?? ""}
                      authPath={`/api/telegram/widget?${new URLSearchParams({ callbackUrl })}`}
                      lang={locale}
                    />
                  </div>
                  {provider.demo && <DemoBadge label={t("demoBadge")} />}
                </li>
              ) : (
                <li key={provider.id}>
                  <form action={signInWith}>
                    <input type="hidden" name="provider" value={provider.id} />
                    <input type="hidden" name="callbackUrl" value={callbackUrl} />
                    <button
                      type="submit"
                      aria-describedby={provider.demo ? "demo-hint" : undefined}
                      className="flex w-full items-center gap-3 rounded-xl border border-slate-300 bg-white px-4 py-3 text-left font-medium shadow-xs transition hover:bg-slate-50 active:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
                    >
                      <ProviderIcon id={provider.id} />
                      <span className="flex-1">{t("continueWith", { provider: providerName(provider.id) })}</span>
                      {provider.demo && <DemoBadge label={t("demoBadge")} />}
                    </button>
                  </form>
                </li>
              ),
            )}
          </ul>
        )}
        {enabledProviders.some((provider) => provider.demo) && (
          <p id="demo-hint" className="mt-4 text-xs text-slate-500 dark:text-slate-400">
            {t("demoHint")}
          </p>
        )}
      </Card>
    </div>
  );
}

function DemoBadge({ label }: { label: string }) {
  return (
    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-amber-900">{label}</span>
  );
}
