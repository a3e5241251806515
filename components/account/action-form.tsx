"use client";
// A form bound to an account-center server action (useActionState): it shows what the
// action answered, as a status or an alert, and for "sign in again first" or "enter a
// code first" a link to do that and come back. Works by keyboard like any form.
import Link from "next/link";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/account/action-result";

type Action = (previous: ActionResult, formData: FormData) => Promise<ActionResult>;

export function ActionForm({
  action,
  children,
  className,
  returnTo,
  label,
}: {
  action: Action;
  children: React.ReactNode;
  className?: string;
  /** The page to come back to after signing in again. */
  returnTo: string;
  label?: string;
}) {
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={className} aria-label={label}>
      {children}
      <ActionResultMessage result={result} returnTo={returnTo} />
    </form>
  );
}

export function ActionResultMessage({ result, returnTo }: { result: ActionResult; returnTo: string }) {
  const t = useTranslations("account.results");
  if (!result) return null;
  if ("ok" in result) {
    return (
      <p role="status" className="mt-2 basis-full text-sm text-emerald-700 dark:text-emerald-400">
        {t(result.ok)}
      </p>
    );
  }
  return (
    <p role="alert" className="mt-2 basis-full text-sm text-red-700 dark:text-red-400">
      {t(result.error)}{" "}
      {result.error === "reauth" && (
        <Link href={`/account/confirm?${new URLSearchParams({ returnTo })}`} className="font-medium underline">
          {t("reauthLink")}
        </Link>
      )}
      {result.error === "second-factor" && (
        <Link href={`/login/verify?${new URLSearchParams({ returnTo })}`} className="font-medium underline">
          {t("secondFactorLink")}
        </Link>
      )}
    </p>
  );
}
