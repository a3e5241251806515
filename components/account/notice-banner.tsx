// What the account pages say after a round trip (?notice= / ?error=, lib/account/notices.ts).
// "Linked" is only said when it is true: after a pending link (email collision) the
// sign-in may have been to another user, and then the page says the link did not happen.
import { getTranslations } from "next-intl/server";
import { Notice } from "@/components/ui/notice";
import { readNotice } from "@/lib/account/notices";
import { accountProvider, shownProvider } from "@/lib/identity";

type Params = Record<string, string | string[] | undefined>;

export async function NoticeBanner({ params, linkedIdentities }: { params: Params; linkedIdentities: string[] }) {
  const { notice, error, provider } = readNotice(params);
  if (!notice && !error) return null;
  const [t, providerName] = await Promise.all([getTranslations("account.notices"), getTranslations("providers")]);
  // Every Telegram way in is one Telegram identity: "Telegram is now linked".
  const shown = provider ? shownProvider(provider) : provider;
  const name = shown ? (providerName.has(shown) ? providerName(shown) : shown) : "";
  const failed = error ?? (notice === "linked" && provider && !linkedIdentities.includes(accountProvider(provider)) ? "not-linked" : undefined);
  if (failed) {
    return (
      <Notice tone="error">{t(failed, { provider: name })}</Notice>
    );
  }
  return (
    <Notice tone="success">{t(notice!, { provider: name })}</Notice>
  );
}
