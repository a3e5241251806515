import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInOptions } from "@/components/auth/sign-in-options";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { enabledProviders } from "@/lib/auth/providers";
import { currentSession } from "@/lib/auth/require-user";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { firstParam as first, readNotice } from "@/lib/account/notices";
import { readableReason } from "@/lib/auth/sign-in-errors";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(first(params.callbackUrl), RELATIVE_ONLY);
  const reason = readableReason(first(params.error));

  if (!reason && (await currentSession())) redirect(callbackUrl);

  const [t, providerName] = await Promise.all([getTranslations("login"), getTranslations("providers")]);
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
      </Card>
    </div>
  );
}
