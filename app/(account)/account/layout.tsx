// The account center: overview (profile, sign-in methods), sessions, activity (the
// security log) and your data (export, delete). Each page checks the session itself.
import { getTranslations } from "next-intl/server";
import { AccountNav } from "@/components/account/account-nav";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("account.nav");
  return (
    <div className="flex flex-col gap-6">
      <AccountNav
        label={t("label")}
        items={[
          { href: "/account", label: t("overview") },
          { href: "/account/sessions", label: t("sessions") },
          { href: "/account/activity", label: t("activity") },
          { href: "/account/data", label: t("data") },
        ]}
      />
      {children}
    </div>
  );
}
