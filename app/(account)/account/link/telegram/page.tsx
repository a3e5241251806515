// Linking Telegram through its Login Widget: "Link Telegram" on /account recorded this
// browser's intent and came here; the widget's confirmation returns to /account.
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { SignInOption } from "@/components/auth/sign-in-options";
import { Card } from "@/components/ui/card";
import { enabledProviders } from "@/lib/auth/providers";
import { requireUser } from "@/lib/auth/require-user";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.link"))("widgetTitle") };
}

export default async function LinkTelegramPage() {
  await requireUser("/account/link/telegram");
  const [t, tLogin, locale] = await Promise.all([getTranslations("account.link"), getTranslations("login"), getLocale()]);
  const widget = enabledProviders.find((provider) => provider.entry === "widget");
  return (
    <Card className="mx-auto w-full max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight">{t("widgetTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("widgetIntro")}</p>
      {widget && (
        <div className="mt-6">
          <SignInOption provider={widget} callbackUrl="/account" locale={locale} label={t("widgetTitle")} demoLabel={tLogin("demoBadge")} />
        </div>
      )}
      <Link href="/account" className="mt-6 inline-block text-sm text-slate-500 dark:text-slate-400 underline">
        {t("back")}
      </Link>
    </Card>
  );
}
