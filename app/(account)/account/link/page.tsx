// "Link this account?": an identity was proved in this signed-in browser, but this
// browser had not pressed "Link" for it (another site may have sent the browser here
// with someone else's proof). Nothing is linked unless the person presses "Link" here;
// the page says who is signed in and exactly which identity would be added.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { SubmitButton } from "@/components/account/submit-button";
import { ProviderIcon } from "@/components/auth/provider-icon";
import { Avatar } from "@/components/ui/avatar";
import { Card } from "@/components/ui/card";
import { readPendingLink } from "@/lib/account/pending-link";
import { accountUrl } from "@/lib/account/notices";
import { accountProvider } from "@/lib/identity";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { cancelConfirmationAction, confirmLinkAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.link"))("title") };
}

export default async function ConfirmLinkPage() {
  const { user, session } = await requireUser("/account/link");
  const pending = await readPendingLink(db, undefined, new Date(), session.id);
  if (!pending) redirect(accountUrl("/account", { error: "link-expired" }));
  const [t, providerName, format] = await Promise.all([getTranslations("account.link"), getTranslations("providers"), getFormatter()]);
  const identity = accountProvider(pending.provider);
  const provider = providerName(identity);
  const who = user.name ?? user.email ?? "—";
  return (
    <Card className="mx-auto w-full max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300" data-testid="signed-in-as">
        {t("signedInAs", { name: who })}
      </p>
      <p className="mt-4 text-sm">{t("wouldAdd", { provider })}</p>
      <div className="mt-2 flex items-center gap-3 rounded-xl border border-slate-200 p-3 dark:border-slate-800" data-testid="would-add">
        <ProviderIcon id={identity} />
        {pending.image && <Avatar src={pending.image} name={pending.name ?? provider} alt="" size={32} />}
        <div className="min-w-0">
          <p className="truncate font-medium">{pending.name ?? t("noName")}</p>
          <p className="truncate text-sm text-slate-500 dark:text-slate-400">
            {provider}
            {pending.email ? ` · ${pending.email}` : ""}
          </p>
          {identity === "telegram" && (
            // A display name can be anyone's; the Telegram id is this account's own.
            <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="would-add-id">
              {t("telegramId", { id: pending.providerAccountId })}
            </p>
          )}
        </div>
      </div>
      <p role="note" className="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
        {t("warning")}
      </p>
      <div className="mt-6 flex flex-wrap gap-3">
        <form action={confirmLinkAction}>
          <SubmitButton variant="primary">{t("confirm", { provider })}</SubmitButton>
        </form>
        <form action={cancelConfirmationAction}>
          <SubmitButton>{t("cancel")}</SubmitButton>
        </form>
      </div>
      <p className="mt-4 text-xs text-slate-500 dark:text-slate-400">{t("expires", { time: format.dateTime(pending.expiresAt, { timeStyle: "short" }) })}</p>
    </Card>
  );
}
