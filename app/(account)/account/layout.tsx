// The account center: overview (profile, sign-in methods), sessions, security (the
// second factor), activity (the security log) and your data (export, delete). Each page checks the session itself.
// Their forms' client components get the messages they read (lib/i18n/client-messages.ts).
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { AccountNav } from "@/components/account/account-nav";
import { CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const [t, messages] = await Promise.all([getTranslations("account.nav"), getMessages()]);
  return (
    <NextIntlClientProvider messages={pickMessages(messages, CLIENT_MESSAGES.account)}>
      <div className="flex flex-col gap-6">
        <AccountNav
          label={t("label")}
          items={[
            { href: "/account", label: t("overview") },
            { href: "/account/sessions", label: t("sessions") },
            { href: "/account/security", label: t("security") },
            { href: "/account/activity", label: t("activity") },
            { href: "/account/data", label: t("data") },
          ]}
        />
        {children}
      </div>
    </NextIntlClientProvider>
  );
}
