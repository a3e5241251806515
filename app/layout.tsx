import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return { title: { default: t("title"), template: `%s · ${t("title")}` }, description: t("description") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, never at build time: Next puts the request's CSP
  // nonce (proxy.ts) on its inline scripts, which a prerendered page could not have.
  await connection();
  const locale = await getLocale();
  // Only what client components read goes to the browser (lib/i18n/client-messages.ts).
  const messages = pickMessages(await getMessages(), CLIENT_MESSAGES.everywhere);
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        <NextIntlClientProvider messages={messages}>
          <div className="mx-auto flex min-h-dvh w-full max-w-3xl flex-col px-4 sm:px-6">
            <header className="flex items-center justify-between py-4">
              <span className="text-lg font-semibold tracking-tight">Vkhod</span>
              <LanguageSwitch />
            </header>
            <main className="flex flex-1 flex-col pb-12">{children}</main>
          </div>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
