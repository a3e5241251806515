// Your data: download everything Vkhod keeps about you, or delete the account. Deleting
// needs a recent sign-in (AUTH_REAUTH_MAX_AGE) and the confirmation phrase typed in; with
// a second factor, both need its code within that window (lib/second-factor/step-up.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/account/action-form";
import { NoticeBanner } from "@/components/account/notice-banner";
import { SubmitButton } from "@/components/account/submit-button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/require-user";
import { stepUpFor, stepUpUrl } from "@/lib/second-factor/step-up";
import { deleteAccountAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.data"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DataPage({ searchParams }: Props) {
  const { session } = await requireUser("/account/data");
  const [t, params, deleteStep, exportStep] = await Promise.all([
    getTranslations("account.data"),
    searchParams,
    stepUpFor(session, "recent-sign-in"),
    stepUpFor(session, "second-factor"),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <h1 className="sr-only">{t("title")}</h1>
      <NoticeBanner params={params} linkedIdentities={[]} />
      <Card>
        <h2 className="text-lg font-semibold">{t("exportTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("exportIntro")}</p>
        {exportStep && <p className="mt-2 text-sm">{t("exportSecondFactor")}</p>}
        <form method="post" action="/account/data/export" className="mt-4">
          <button
            type="submit"
            className="rounded-lg bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900"
          >
            {t("export")}
          </button>
        </form>
      </Card>

      <Card className="border-red-200 dark:border-red-900">
        <h2 className="text-lg font-semibold text-red-800 dark:text-red-300">{t("deleteTitle")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("deleteIntro")}</p>
        {!deleteStep ? (
          <ActionForm action={deleteAccountAction} returnTo="/account/data" className="mt-4 flex flex-col gap-3">
            <label className="flex flex-col gap-1 text-sm">
              <span>{t.rich("deleteLabel", { phrase: t("deletePhrase"), b: (chunks) => <strong>{chunks}</strong> })}</span>
              <input
                name="confirm"
                autoComplete="off"
                spellCheck={false}
                required
                className="rounded-lg border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
              />
            </label>
            <div>
              <SubmitButton variant="danger">{t("delete")}</SubmitButton>
            </div>
          </ActionForm>
        ) : (
          <p className="mt-4 text-sm">
            {t(deleteStep === "reauth" ? "reauthFirst" : "secondFactorFirst")}{" "}
            <Link href={stepUpUrl(deleteStep, "/account/data")} className="font-medium underline">
              {t(deleteStep === "reauth" ? "reauthLink" : "secondFactorLink")}
            </Link>
          </p>
        )}
      </Card>
    </div>
  );
}
