// "Enter a code": the second factor, before a critical action (step-up) or, when the
// account asks for it after every sign-in, before the new session can do anything.
// Nothing else takes a session that waits for its code (requireUser({ pending: true })).
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { NextIntlClientProvider } from "next-intl";
import { getMessages, getTranslations } from "next-intl/server";
import { PasskeyButton } from "@/components/auth/passkey-button";
import { Card } from "@/components/ui/card";
import { firstParam } from "@/lib/account/notices";
import { requireUser } from "@/lib/auth/require-user";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";
import { db } from "@/lib/db";
import { isPendingSecondFactor } from "@/lib/second-factor/step-up";
import { secondFactors, setSecondFactorOnSignIn } from "@/lib/second-factor/store";
import { verifySecondFactorAction } from "./actions";
import { CodeForm } from "@/components/auth/code-form";
import { passkeyStepUpAction, passkeyStepUpOptionsAction } from "./passkey-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("verify"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function VerifyPage({ searchParams }: Props) {
  const returnTo = safeRedirectPath(firstParam((await searchParams).returnTo), RELATIVE_ONLY);
  const { user, session } = await requireUser(`/login/verify?${new URLSearchParams({ returnTo })}`, { pending: true });
  const factors = await secondFactors(db, user.id);
  // Nothing to ask for: this account has no second factor (and so no reason to wait for one).
  if (!factors.totp && factors.passkeys === 0) {
    if (user.secondFactorOnSignIn) await setSecondFactorOnSignIn(db, user.id, false);
    redirect(returnTo);
  }
  const [t, tp, messages] = await Promise.all([getTranslations("verify"), getTranslations("passkey"), getMessages()]);
  const afterSignIn = isPendingSecondFactor(session);
  return (
    <div className="flex flex-1 items-start justify-center pt-6 sm:items-center sm:pt-0">
      <Card className="w-full max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t(afterSignIn ? "introAfterSignIn" : "intro")}</p>
        <NextIntlClientProvider messages={pickMessages(messages, CLIENT_MESSAGES.verify)}>
          {factors.passkeys > 0 && (
            <div className="mt-4">
              <PasskeyButton ceremony="authenticate" begin={passkeyStepUpOptionsAction} finish={passkeyStepUpAction} label={tp("confirm")} returnTo={returnTo} variant="primary" />
            </div>
          )}
          <CodeForm action={verifySecondFactorAction} returnTo={returnTo} totp={factors.totp} recovery={factors.recoveryCodesLeft > 0} />
        </NextIntlClientProvider>
        <div className="mt-6 flex flex-wrap gap-4 border-t border-slate-200 pt-4 text-sm dark:border-slate-800">
          {afterSignIn ? (
            <Link href="/logout" className="font-medium underline">
              {t("signOut")}
            </Link>
          ) : (
            <Link href={returnTo} className="text-slate-600 underline dark:text-slate-400">
              {t("cancel")}
            </Link>
          )}
        </div>
      </Card>
    </div>
  );
}
