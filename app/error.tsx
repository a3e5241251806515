"use client";
// Shown when a page fails on the server (the database is down, say). Nothing was
// half-done: writes that belong together run in one transaction.
import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("error");
  return (
    <div role="alert" className="py-16 text-center">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{t("body")}</p>
      <button type="button" onClick={reset} className="mt-6 rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        {t("retry")}
      </button>
    </div>
  );
}
