// Our sign-out page, where Auth.js's own (/api/auth/signout) sends a person
// (lib/auth/config.ts, pages.signOut): signed in, it names the account and asks to
// confirm with a same-origin form; signed out, it says so and leads to /login.
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SubmitButton } from "@/components/account/submit-button";
import { Card } from "@/components/ui/card";
import { currentSession } from "@/lib/auth/require-user";
import { logoutAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("logout"))("title") };
}

export default async function LogoutPage() {
  const [t, session] = await Promise.all([getTranslations("logout"), currentSession()]);
  const name = session ? (session.user.name ?? session.user.email ?? "—") : null;
  return (
    <div className="flex flex-1 items-start justify-center pt-6 sm:items-center sm:pt-0">
      <Card className="w-full max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">{name ? t("title") : t("signedOutTitle")}</h1>
        {name ? (
          <>
            <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t("signedInAs", { name })}</p>
            <div className="mt-5 flex flex-wrap items-center gap-4">
              <form action={logoutAction}>
                <SubmitButton variant="primary">{t("confirm")}</SubmitButton>
              </form>
              <Link href="/account" className="text-sm font-medium underline">
                {t("back")}
              </Link>
            </div>
          </>
        ) : (
          <>
            <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t("signedOut")}</p>
            <Link href="/login" className="mt-5 inline-block text-sm font-medium underline">
              {t("signIn")}
            </Link>
          </>
        )}
      </Card>
    </div>
  );
}
