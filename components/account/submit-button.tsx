"use client";
// A submit button that says it is working while its form's action runs.
import { useFormStatus } from "react-dom";
import { BUTTON_STYLES as styles } from "./button-styles";


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
