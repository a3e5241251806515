"use client";
// The recovery-code field of "Can't sign in?", saying in place what went wrong.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { SubmitButton } from "@/components/account/submit-button";
import type { ActionResult } from "@/lib/account/action-result";

type Action = (previous: ActionResult, formData: FormData) => Promise<ActionResult>;

export function RecoveryForm({ action }: { action: Action }) {
  const t = useTranslations("recover");
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="mt-3 flex flex-col gap-3">
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">{t("codeLabel")}</span>
        <input
          name="code"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
          placeholder="xxxxx-xxxxx"
          className="rounded-lg border border-slate-300 px-3 py-2 font-mono text-lg tracking-widest dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      <div>
        <SubmitButton variant="primary">{t("signIn")}</SubmitButton>
      </div>
      {result && "error" in result && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {t(`errors.${result.error === "server" ? "server" : "recovery-code-wrong"}`)}
        </p>
      )}
    </form>
  );
}
