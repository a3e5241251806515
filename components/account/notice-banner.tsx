// What the account pages say after a round trip (?notice= / ?error=, lib/account/notices.ts).
// "Linked" is only said when it is true: after a pending link (email collision) the
// sign-in may have been to another user, and then the page says the link did not happen.
import { getTranslations } from "next-intl/server";
import { readNotice } from "@/lib/account/notices";
import { accountProvider } from "@/lib/auth/providers/identity";

type Params = Record<string, string | string[] | undefined>;

export async function NoticeBanner({ params, linkedIdentities }: { params: Params; linkedIdentities: string[] }) {
  const { notice, error, provider } = readNotice(params);
  if (!notice && !error) return null;
  const [t, providerName] = await Promise.all([getTranslations("account.notices"), getTranslations("providers")]);
  // Every Telegram way in is one Telegram identity: "Telegram is now linked".
  const shown = provider?.startsWith("telegram") ? "telegram" : provider;
  const name = shown ? (providerName.has(shown) ? providerName(shown) : shown) : "";
  const failed = error ?? (notice === "linked" && provider && !linkedIdentities.includes(accountProvider(provider)) ? "not-linked" : undefined);
  if (failed) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
        {t(failed, { provider: name })}
      </div>
    );
  }
  return (
    <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
      {t(notice!, { provider: name })}
    </div>
  );
}
