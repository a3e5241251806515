// The ways to sign in, one entry per identity: on /login, on the "this email already
// has an account" page and on "confirm it's you". Each identity gets one button, through
// the best way this deployment has to it (lib/auth/providers, identityChoices): a
// button that goes to the provider, or Telegram's own widget. Telegram's app (the bot
// login) is a quiet second choice under Telegram's button.
import { getLocale, getTranslations } from "next-intl/server";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { TelegramLoginWidget } from "@/components/auth/telegram-login-widget";
import { identityChoices, type ProviderEntry } from "@/lib/auth/providers";
import { lastMethod } from "@/lib/auth/last-method";
import { signInWith, startBotLogin } from "@/lib/auth/sign-in-actions";
import { env } from "@/lib/env";

const buttonClass =
  "flex w-full items-center gap-3 rounded-xl border border-slate-300 bg-white px-4 py-3 text-left font-medium shadow-xs transition hover:bg-slate-50 active:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";

/**
 * The quiet second choice under an identity's button ("Open the Telegram app instead"):
 * a form posting `fields` to `action` (the bot login, or on /account "Link").
 */
export function InsteadOption({ action, fields, label }: { action: (formData: FormData) => Promise<void>; fields: Record<string, string>; label: string }) {
  return (
    <form action={action}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        className="inline-flex items-center gap-2 rounded-lg px-2 py-1 text-sm text-slate-600 underline underline-offset-2 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
      >
        {label}
      </button>
    </form>
  );
}

type Props = { providers: readonly ProviderEntry[]; callbackUrl: string };

export async function SignInOptions({ providers, callbackUrl }: Props) {
  const [t, providerName, locale, last] = await Promise.all([getTranslations("login"), getTranslations("providers"), getLocale(), lastMethod()]);
  const choices = identityChoices(providers);
  // The identity this browser signed in with last goes first, marked (lib/auth/last-method.ts).
  const lastIndex = choices.findIndex((choice) => choice.identity === last);
  if (lastIndex > 0) choices.unshift(...choices.splice(lastIndex, 1));
  return (
    <>
      <ul className="mt-6 flex flex-col gap-3" aria-label={t("waysLabel")} data-testid="sign-in-options">
        {choices.map(({ identity, way, instead }) => (
          <li key={identity} className="flex flex-col items-center gap-1">
            <div className="w-full">
              <SignInOption
                provider={way}
                callbackUrl={callbackUrl}
                locale={locale}
                label={t("continueWith", { provider: providerName(identity) })}
                demoLabel={t("demoBadge")}
                lastUsedLabel={identity === last ? t("lastUsed") : undefined}
              />
            </div>
            {instead && <InsteadOption action={startBotLogin} fields={{ callbackUrl }} label={t("telegramAppInstead")} />}
          </li>
        ))}
      </ul>
      {providers.some((provider) => provider.demo) && (
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
  lastUsedLabel,
  linkAction,
}: {
  provider: ProviderEntry;
  callbackUrl: string;
  locale: string;
  label: string;
  demoLabel: string;
  /** Set on the way in this browser used last: its "Last used" mark. */
  lastUsedLabel?: string;
  linkAction?: (formData: FormData) => Promise<void>;
}) {
  // On our own button the mark describes it (aria-describedby), so the button's name stays "Continue with …".
  const marks = (inButton: boolean) => (
    <>
      {lastUsedLabel && <LastUsedBadge label={lastUsedLabel} describes={inButton} />}
      {provider.demo && <DemoBadge label={demoLabel} />}
    </>
  );
  const describedBy = [lastUsedLabel && LAST_USED_ID, provider.demo && "demo-hint"].filter(Boolean).join(" ") || undefined;
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
        {marks(false)}
      </div>
    );
  }
  return (
    <form action={linkAction ?? (provider.entry === "bot" ? startBotLogin : signInWith)}>
      <input type="hidden" name="provider" value={provider.id} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" aria-describedby={describedBy} className={buttonClass}>
        <ProviderIcon id={provider.id} />
        <span className="flex-1">{label}</span>
        {marks(true)}
      </button>
    </form>
  );
}

/** One per page: the mark's id, which the marked button's aria-describedby names. */
const LAST_USED_ID = "last-used";

function LastUsedBadge({ label, describes }: { label: string; describes: boolean }) {
  return (
    <span
      id={describes ? LAST_USED_ID : undefined}
      aria-hidden={describes || undefined}
      data-testid="last-used"
      className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900"
    >
      {label}
    </span>
  );
}

function DemoBadge({ label }: { label: string }) {
  return (
    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-amber-900">{label}</span>
  );
}
