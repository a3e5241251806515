"use client";
// The codes that pass a second factor (on /login/verify, and the other account's on
// /account/merge): the authenticator app's six digits, or (folded away) a recovery
// code. Each says what went wrong in place. (A passkey has its own button above them.)
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { ActionResultMessage } from "@/components/account/action-form";
import { SubmitButton } from "@/components/account/submit-button";
import type { ActionResult } from "@/lib/account/action-result";

type Action = (previous: ActionResult, formData: FormData) => Promise<ActionResult>;

const INPUT = "rounded-lg border border-slate-300 px-3 py-2 font-mono text-lg tracking-widest dark:border-slate-700 dark:bg-slate-900";

function CodeField({ action, kind, returnTo }: { action: Action; kind: "totp" | "recovery"; returnTo: string }) {
  const t = useTranslations("verify");
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="mt-4 flex flex-col gap-3">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">{t(kind === "totp" ? "codeLabel" : "recoveryLabel")}</span>
        <input
          name="code"
          required
          autoFocus={kind === "totp"}
          autoComplete={kind === "totp" ? "one-time-code" : "off"}
          inputMode={kind === "totp" ? "numeric" : "text"}
          maxLength={kind === "totp" ? 7 : 20}
          spellCheck={false}
          placeholder={kind === "totp" ? "123456" : "xxxxx-xxxxx"}
          aria-describedby={`${kind}-hint`}
          className={INPUT}
        />
        <span id={`${kind}-hint`} className="text-slate-600 dark:text-slate-400">
          {t(kind === "totp" ? "codeHint" : "recoveryHint")}
        </span>
      </label>
      <div>
        <SubmitButton variant="primary">{t("confirm")}</SubmitButton>
      </div>
      <ActionResultMessage result={result} returnTo={returnTo} />
    </form>
  );
}

/** The app's code when the account has the app; a recovery code when it has some left. */
export function CodeForm({ action, returnTo, totp, recovery }: { action: Action; returnTo: string; totp: boolean; recovery: boolean }) {
  const t = useTranslations("verify");
  return (
    <>
      {totp && <CodeField action={action} kind="totp" returnTo={returnTo} />}
      {recovery && (
        <details className="mt-6 border-t border-slate-200 pt-4 text-sm dark:border-slate-800">
          <summary className="cursor-pointer font-medium underline">{t("useRecoveryCode")}</summary>
          <CodeField action={action} kind="recovery" returnTo={returnTo} />
        </details>
      )}
    </>
  );
}
