// The ways to sign in, as buttons: on /login, on the "this email already has an
// account" page and on "confirm it's you". Each entry point renders its own way: a
// button that goes to the provider, Telegram's widget, or the Telegram app's deep link.
import { getLocale, getTranslations } from "next-intl/server";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { TelegramLoginWidget } from "@/components/auth/telegram-login-widget";
import type { ProviderEntry } from "@/lib/auth/providers";
import { signInWith, startBotLogin } from "@/lib/auth/sign-in-actions";
import { accountProvider } from "@/lib/identity";
import { env } from "@/lib/env";

const buttonClass =
  "flex w-full items-center gap-3 rounded-xl border border-slate-300 bg-white px-4 py-3 text-left font-medium shadow-xs transition hover:bg-slate-50 active:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";

type Props = { providers: readonly ProviderEntry[]; callbackUrl: string };

export async function SignInOptions({ providers, callbackUrl }: Props) {
  const [t, providerName, locale] = await Promise.all([getTranslations("login"), getTranslations("providers"), getLocale()]);
  const shown = providers.filter((provider) => provider.entry !== "elsewhere");
  // Ways in to one identity that the manifest lists next to each other (Telegram's
  // widget, app and OpenID Connect) are shown as one group.
  const groups: [string, ProviderEntry[]][] = [];
  for (const provider of shown) {
    const key = accountProvider(provider.id);
    const last = groups.at(-1);
    if (last?.[0] === key) last[1].push(provider);
    else groups.push([key, [provider]]);
  }
  const option = (provider: ProviderEntry) => (
    <SignInOption
      key={provider.id}
      provider={provider}
      callbackUrl={callbackUrl}
      locale={locale}
      label={provider.entry === "bot" ? t("telegramApp") : t("continueWith", { provider: providerName(provider.id) })}
      demoLabel={t("demoBadge")}
    />
  );
  return (
    <>
      <ul className="mt-6 flex flex-col gap-3">
        {groups.map(([key, entries]) => (
          <li key={entries[0]!.id}>
            {entries.length === 1 ? (
              option(entries[0]!)
            ) : (
              <div role="group" aria-label={providerName(key)} className="flex flex-col gap-2 border-l-4 border-slate-300 pl-2 dark:border-slate-700">
                {entries.map(option)}
              </div>
            )}
          </li>
        ))}
      </ul>
      {shown.some((provider) => provider.demo) && (
        <p id="demo-hint" className="mt-4 text-xs text-slate-500 dark:text-slate-400">
          {t("demoHint")}
        </p>
      )}
    </>
  );
}

/**
 * One way in: the provider's button, Telegram's widget, or the Telegram app's deep link.
 * With `linkAction` (the account center), every way is our own "Link" button that
 * posts to it, so that the press is recorded before any provider is involved.
 */
export function SignInOption({
  provider,
  callbackUrl,
  locale,
  label,
  demoLabel,
  linkAction,
}: {
  provider: ProviderEntry;
  callbackUrl: string;
  locale: string;
  label: string;
  demoLabel: string;
  linkAction?: (formData: FormData) => Promise<void>;
}) {
  const demo = provider.demo && <DemoBadge label={demoLabel} />;
  if (provider.entry === "widget" && !linkAction) {
    return (
      <div className="flex items-center gap-3 rounded-xl border border-slate-300 px-4 py-2 dark:border-slate-700">
        <div className="flex-1">
          <TelegramLoginWidget
            scriptUrl={env.AUTH_TELEGRAM_WIDGET_SCRIPT_URL}
            bot={env.AUTH_TELEGRAM_BOT_USERNAME ?? ""}
            authPath={`/api/telegram/widget?${new URLSearchParams({ callbackUrl })}`}
            lang={locale}
          />
        </div>
        {demo}
      </div>
    );
  }
  return (
    <form action={linkAction ?? (provider.entry === "bot" ? startBotLogin : signInWith)}>
      <input type="hidden" name="provider" value={provider.id} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" aria-describedby={provider.demo ? "demo-hint" : undefined} className={buttonClass}>
        <ProviderIcon id={provider.id} />
        <span className="flex-1">{label}</span>
        {demo}
      </button>
    </form>
  );
}

function DemoBadge({ label }: { label: string }) {
  return (
    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-amber-900">{label}</span>
  );
}
