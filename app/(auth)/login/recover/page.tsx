// "Can't sign in?": what gets someone back in whose usual way is gone (Telegram lost, a
// provider account closed): any other method linked to the account, a passkey, or a
// recovery code, which this page takes (lib/second-factor/recovery-sign-in.ts). And
// plainly, what to do when none of them is left.
import type { Metadata } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { PasskeyButton } from "@/components/auth/passkey-button";
import { Card } from "@/components/ui/card";
import { CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";
import { passkeySignInAction, passkeySignInOptionsAction } from "../passkey-actions";
import { recoverySignInAction } from "./actions";
import { RecoveryForm } from "./recovery-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recover"))("title") };
}

export default async function RecoverPage() {
  const [t, tp, messages] = await Promise.all([getTranslations("recover"), getTranslations("passkey"), getMessages()]);
  return (
    <div className="flex flex-1 items-start justify-center pt-6 sm:items-center sm:pt-0">
      <Card className="w-full max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t("intro")}</p>
        <NextIntlClientProvider messages={pickMessages(messages, CLIENT_MESSAGES.recover)}>
          <ol className="mt-4 flex list-decimal flex-col gap-5 pl-5 text-sm">
            <li>
              <h2 className="font-semibold">{t("otherMethodTitle")}</h2>
              <p className="mt-1 text-slate-700 dark:text-slate-300">{t("otherMethod")}</p>
              <Link href="/login" className="mt-1 inline-block font-medium underline">
                {t("toLogin")}
              </Link>
            </li>
            <li>
              <h2 className="font-semibold">{t("passkeyTitle")}</h2>
              <p className="mb-2 mt-1 text-slate-700 dark:text-slate-300">{t("passkey")}</p>
              <PasskeyButton ceremony="authenticate" begin={passkeySignInOptionsAction} finish={passkeySignInAction} label={tp("signIn")} returnTo="/account" />
            </li>
            <li>
              <h2 className="font-semibold">{t("codeTitle")}</h2>
              <p className="mt-1 text-slate-700 dark:text-slate-300">{t("code")}</p>
              <RecoveryForm action={recoverySignInAction} />
            </li>
          </ol>
        </NextIntlClientProvider>
        <div className="mt-6 border-t border-slate-200 pt-4 text-sm dark:border-slate-800">
          <h2 className="font-semibold">{t("noneTitle")}</h2>
          <p className="mt-1 text-slate-700 dark:text-slate-300">{t("none")}</p>
        </div>
      </Card>
    </div>
  );
}
