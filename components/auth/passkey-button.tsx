"use client";
// A passkey ceremony behind one button (@simplewebauthn/browser): ask the server for
// options, let the browser talk to the authenticator, hand its answer back, then follow
// the server's word (a page to go to, or news to show). On /login it also offers the
// browser's passkey autofill (conditional UI) where the browser has it: its field lists
// saved passkeys, and picking one signs in. Nothing shows where WebAuthn is absent.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useTranslations } from "next-intl";
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { BUTTON_STYLES } from "@/components/account/button-styles";

export type PasskeyAnswer = { error: string } | { redirect: string } | { ok: string };
type Options = PublicKeyCredentialCreationOptionsJSON | PublicKeyCredentialRequestOptionsJSON;

type Props = {
  ceremony: "authenticate" | "register";
  begin: () => Promise<{ options: Options } | { error: string }>;
  /** Gets the browser's answer, and the page to go to after (sign-in, step-up). */
  finish: (response: unknown, returnTo: string) => Promise<PasskeyAnswer>;
  label: string;
  /** The page to go to after signing in or confirming, and to come back to after a step-up the server asked for. */
  returnTo: string;
  /** Offer the browser's passkey autofill too (sign-in only). */
  autofill?: boolean;
  variant?: keyof typeof BUTTON_STYLES;
  /** Shown with the good news of a registration. */
  okMessage?: string;
};

/** What a failed ceremony tells the person: the browser's error, by its name. */
function browserError(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === "InvalidStateError") return "already";
  if (name === "NotAllowedError" || name === "AbortError" || name === "TimeoutError") return "cancelled";
  if (name === "NotSupportedError" || name === "SecurityError") return "unsupported";
  return "cancelled";
}

const noChange = () => () => {};

export function PasskeyButton({ ceremony, begin, finish, label, returnTo, autofill = false, variant = "plain", okMessage }: Props) {
  const t = useTranslations("passkey");
  const router = useRouter();
  // Known in the browser only: the server renders the placeholder.
  const supported = useSyncExternalStore(noChange, browserSupportsWebAuthn, () => null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const started = useRef(false);

  async function run(withAutofill: boolean) {
    setError(null);
    setDone(false);
    if (!withAutofill) setBusy(true);
    try {
      const got = await begin();
      if ("error" in got) return setError(got.error);
      let response: unknown;
      try {
        response =
          ceremony === "register"
            ? await startRegistration({ optionsJSON: got.options as PublicKeyCredentialCreationOptionsJSON })
            : await startAuthentication({ optionsJSON: got.options as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill: withAutofill });
      } catch (failure) {
        // The autofill's wait ends quietly when the button starts a ceremony of its own.
        if (!withAutofill) setError(browserError(failure));
        return;
      }
      setBusy(true);
      const answer = await finish(response, returnTo);
      if ("error" in answer) return setError(answer.error);
      if ("redirect" in answer) return window.location.assign(answer.redirect);
      setDone(true);
      router.refresh();
    } catch {
      setError("server");
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (!autofill || started.current) return;
    started.current = true;
    void browserSupportsWebAuthnAutofill().then((available) => {
      if (available) void run(true);
    });
    // run is this render's; the autofill starts once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Rendered on the server as it will be (nothing on the page moves when it wakes up);
  // gone only in a browser without WebAuthn.
  if (supported === false) return null;
  return (
    <div className="flex flex-col gap-2">
      {autofill && (
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">{t("autofillLabel")}</span>
          <input
            name="username"
            type="text"
            autoComplete="username webauthn"
            placeholder={t("autofillPlaceholder")}
            className="rounded-lg border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
      )}
      <div>
        <button type="button" onClick={() => void run(false)} disabled={busy} aria-busy={busy} className={BUTTON_STYLES[variant]}>
          {busy ? t("working") : label}
        </button>
      </div>
      {done && okMessage && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {okMessage}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {t.has(`errors.${error}`) ? t(`errors.${error}`) : t("errors.server")}{" "}
          {(error === "reauth" || error === "second-factor") && (
            <Link href={`${error === "reauth" ? "/account/confirm" : "/login/verify"}?${new URLSearchParams({ returnTo })}`} className="font-medium underline">
              {t(error === "reauth" ? "reauthLink" : "secondFactorLink")}
            </Link>
          )}
        </p>
      )}
    </div>
  );
}
