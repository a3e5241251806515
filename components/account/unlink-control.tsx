"use client";
// "Unlink", asked twice: the first press asks "Unlink Google?", the second does it.
// When this is the only way to sign in, the button is off and says why.
import { useActionState, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/account/action-result";
import { ActionResultMessage } from "./action-form";
import { SubmitButton } from "./submit-button";

type Action = (previous: ActionResult, formData: FormData) => Promise<ActionResult>;

export function UnlinkControl({ action, accountId, provider, lastMethod }: { action: Action; accountId: string; provider: string; lastMethod: boolean }) {
  const t = useTranslations("account.methods");
  const [asking, setAsking] = useState(false);
  const [result, formAction] = useActionState(action, null);
  // "Cancel" puts the focus back on "Unlink", where the keyboard was before the question.
  const unlinkButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    if (!asking && cancelled.current) {
      cancelled.current = false;
      unlinkButton.current?.focus();
    }
  }, [asking]);
  const hintId = `unlink-hint-${accountId}`;

  if (lastMethod) {
    return (
      <div className="flex flex-col items-end gap-1 text-right">
        <button type="button" disabled aria-describedby={hintId} className="rounded-lg border border-slate-200 px-3 py-1.5 text-sm text-slate-400 dark:border-slate-800">
          {t("unlink")}
        </button>
        <p id={hintId} className="max-w-56 text-xs text-slate-500 dark:text-slate-400">
          {t("lastMethod")}
        </p>
      </div>
    );
  }
  return (
    <form action={formAction} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="accountId" value={accountId} />
      {asking ? (
        <>
          <span className="text-sm">{t("unlinkQuestion", { provider })}</span>
          <SubmitButton variant="danger" autoFocus>
            {t("unlinkConfirm")}
          </SubmitButton>
          <button
            type="button"
            onClick={() => {
              cancelled.current = true;
              setAsking(false);
            }}
            className="rounded-lg px-3 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
            {t("cancel")}
          </button>
        </>
      ) : (
        <button
          ref={unlinkButton}
          type="button"
          onClick={() => setAsking(true)}
          aria-label={t("unlinkLabel", { provider })}
          className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {t("unlink")}
        </button>
      )}
      <ActionResultMessage result={result} returnTo="/account" />
    </form>
  );
}
