import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { PasskeyButton } from "@/components/auth/passkey-button";
import { SignInOptions } from "@/components/auth/sign-in-options";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { enabledProviders } from "@/lib/auth/providers";
import { currentSession } from "@/lib/auth/require-user";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { firstParam as first, readNotice } from "@/lib/account/notices";
import { readableReason } from "@/lib/auth/sign-in-errors";
import { CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";
import { passkeySignInAction, passkeySignInOptionsAction } from "./passkey-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(first(params.callbackUrl), RELATIVE_ONLY);
  const reason = readableReason(first(params.error));

  if (!reason && (await currentSession())) redirect(callbackUrl);

  const [t, tp, providerName, messages] = await Promise.all([getTranslations("login"), getTranslations("passkey"), getTranslations("providers"), getMessages()]);
  // A separate account was just made on the collision page: it signs in with this provider.
  const separated = first(params.notice) === "separate" ? readNotice(params).provider : undefined;
  return (
    <div className="flex flex-1 items-start justify-center pt-6 sm:items-center sm:pt-0">
      <Card className="w-full max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("subtitle")}</p>

        {separated && providerName.has(separated) && (
          <Notice tone="success" className="mt-5">
            {t("separated", { provider: providerName(separated) })}
          </Notice>
        )}

        {first(params.notice) === "deleted" && (
          <Notice tone="success" className="mt-5">
            {t("deleted")}
          </Notice>
        )}

        {reason && (
          <Notice tone="error" className="mt-5">
            <p className="font-medium">{t("errorTitle")}</p>
            <p className="mt-1">{t(`errors.${reason}`)}</p>
          </Notice>
        )}

        {enabledProviders.length === 0 ? (
          <p className="mt-6 text-sm">{t("noProviders")}</p>
        ) : (
          <SignInOptions providers={enabledProviders} callbackUrl={callbackUrl} />
        )}

        {/* A passkey signs in on its own, with no provider in between (lib/passkeys/sign-in.ts). */}
        <div className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800">
          <NextIntlClientProvider messages={pickMessages(messages, CLIENT_MESSAGES.login)}>
            <PasskeyButton ceremony="authenticate" begin={passkeySignInOptionsAction} finish={passkeySignInAction} label={tp("signIn")} returnTo={callbackUrl} autofill />
          </NextIntlClientProvider>
          <Link href="/login/recover" className="mt-4 inline-block text-sm font-medium underline">
            {t("cantSignIn")}
          </Link>
        </div>
      </Card>
    </div>
  );
}
