"use client";
// A submit button that says it is working while its form's action runs.
import { useFormStatus } from "react-dom";

const styles = {
  plain:
    "rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800",
  danger:
    "rounded-lg border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-60 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950",
  primary:
    "rounded-lg bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300",
};

export function SubmitButton({
  children,
  variant = "plain",
  autoFocus,
}: {
  children: React.ReactNode;
  variant?: keyof typeof styles;
  autoFocus?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      autoFocus={autoFocus}
      className={styles[variant]}
    >
      {children}
    </button>
  );
}
