"use client";
// Forms whose answer may carry new recovery codes (lib/account/action-result.ts): the
// codes are shown here once, from the action's answer, with a way to copy them; they
// are in no page the server renders, so reloading shows them no more.
import Link from "next/link";
import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/account/action-result";
import { ActionResultMessage } from "./action-form";
import { BUTTON_STYLES } from "./button-styles";
import { SubmitButton } from "./submit-button";

type Action = (previous: ActionResult, formData: FormData) => Promise<ActionResult>;

function CodeList({ codes }: { codes: string[] }) {
  const t = useTranslations("account.security.codes");
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-4 rounded-xl border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950">
      <h3 className="font-semibold">{t("title")}</h3>
      <p className="mt-1 text-sm">{t("intro")}</p>
      <ol className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm" aria-label={t("title")} data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <button
        type="button"
        className={`mt-3 ${BUTTON_STYLES.plain}`}
        onClick={() => void navigator.clipboard?.writeText(codes.join("\n")).then(() => setCopied(true), () => setCopied(false))}
      >
        {t("copy")}
      </button>
      {copied && (
        <span role="status" className="ml-3 text-sm">
          {t("copied")}
        </span>
      )}
    </div>
  );
}

/** A button whose action answers with new recovery codes ("Make new recovery codes"). */
export function RecoveryCodesForm({ action, label, returnTo }: { action: Action; label: string; returnTo: string }) {
  const [result, formAction] = useActionState(action, null);
  const codes = result && "ok" in result ? result.codes : undefined;
  return (
    <form action={formAction} className="mt-4">
      <SubmitButton>{label}</SubmitButton>
      <ActionResultMessage result={result} returnTo={returnTo} />
      {codes && <CodeList codes={codes} />}
    </form>
  );
}

/** The authenticator app's first code; once it is on, the recovery codes (when new) and a way on. */
export function TotpConfirmForm({ action, labels }: { action: Action; labels: { code: string; confirm: string; cancel: string; done: string } }) {
  const t = useTranslations("account.security.codes");
  const [result, formAction] = useActionState(action, null);
  if (result && "ok" in result) {
    return (
      <div className="mt-4">
        <ActionResultMessage result={result} returnTo="/account/security" />
        {result.codes && <CodeList codes={result.codes} />}
        <Link href="/account/security" className={`mt-4 inline-block ${BUTTON_STYLES.primary}`}>
          {result.codes ? t("continue") : labels.done}
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="mt-3 flex flex-col gap-3">
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">{labels.code}</span>
        <input
          name="code"
          required
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          spellCheck={false}
          placeholder="123456"
          className="w-40 rounded-lg border border-slate-300 px-3 py-2 font-mono text-lg tracking-widest dark:border-slate-700 dark:bg-slate-900"
        />
      </label>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton variant="primary">{labels.confirm}</SubmitButton>
        <Link href="/account/security" className="text-sm text-slate-600 underline dark:text-slate-400">
          {labels.cancel}
        </Link>
      </div>
      <ActionResultMessage result={result} returnTo="/account/security/authenticator" />
    </form>
  );
}
