import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { Avatar } from "@/components/ui/avatar";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { signOutAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  const { user, session } = await requireUser("/account");
  const [t, providerName, format, accounts] = await Promise.all([
    getTranslations("account"),
    getTranslations("providers"),
    getFormatter(),
    db.account.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } }),
  ]);
  const name = user.name ?? user.email ?? "—";
  const date = (value: Date) => format.dateTime(value, { dateStyle: "medium" });
  const dateTime = (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="flex flex-col gap-6">
      <h1 className="sr-only">{t("title")}</h1>
      <Card className="flex flex-col items-center gap-4 text-center sm:flex-row sm:text-left">
        <Avatar src={user.image} name={name} alt={t("avatarAlt", { name })} size={72} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-xl font-semibold" data-testid="account-name">
            {name}
          </p>
          <p className="truncate text-slate-600 dark:text-slate-400" data-testid="account-email">
            {user.email ?? t("noEmail")}
          </p>
          <p className="mt-1 text-sm text-slate-500">{t("memberSince", { date: date(user.createdAt) })}</p>
        </div>
        <form action={signOutAction}>
          <button
            type="submit"
            className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {t("signOut")}
          </button>
        </form>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("providersTitle")}</h2>
        <ul className="mt-4 divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("providersTitle")}>
          {accounts.map((account) => (
            <li key={account.id} className="flex items-center gap-3 py-3">
              <ProviderIcon id={account.provider} />
              <span className="flex-1 font-medium">{providerName(account.provider)}</span>
              <span className="text-sm text-slate-500">{t("linkedOn", { date: date(account.createdAt) })}</span>
            </li>
          ))}
        </ul>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">{t("sessionTitle")}</h2>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          {t("signedInWith", { provider: providerName(session.provider), date: dateTime(session.createdAt) })}
        </p>
      </Card>
    </div>
  );
}
