// Which messages go to the browser. A page's HTML carries the messages its client
// components read with useTranslations() (the rest are rendered on the server and
// never sent): every page carries those of the error page, the account pages those of
// their forms too. A key path names a namespace (all of it) or one message.
// lib/i18n/client-messages.test.ts reads every client component and fails when one of
// them uses a message not listed here.
import type { AbstractIntlMessages } from "next-intl";

export const CLIENT_MESSAGES = {
  /** app/error.tsx, under every page. */
  everywhere: ["error"],
  /** components/account/action-form.tsx (any result) and unlink-control.tsx, on the account pages. */
  account: [
    "error",
    "account.results",
    ...["cancel", "lastMethod", "unlink", "unlinkConfirm", "unlinkLabel", "unlinkQuestion"].map((key) => `account.methods.${key}`),
    "account.security.codes",
    "passkey",
  ],
  /** components/auth/code-form.tsx and the passkey button, on /login/verify and /account/merge. */
  verify: ["account.results", "verify", "passkey"],
  /** components/auth/passkey-button.tsx on /login. */
  login: ["passkey"],
  /** app/(auth)/login/recover: its passkey button and recovery-code form. */
  recover: ["passkey", "recover"],
} as const satisfies Record<string, readonly string[]>;

/** The part of `messages` at these key paths (each a namespace or one message), in the same shape. */
export function pickMessages(messages: AbstractIntlMessages, paths: readonly string[]): AbstractIntlMessages {
  const picked: AbstractIntlMessages = {};
  for (const path of paths) {
    const keys = path.split(".");
    let from: AbstractIntlMessages | string | undefined = messages;
    let to = picked;
    for (const [i, key] of keys.entries()) {
      if (typeof from !== "object" || !(key in from)) throw new Error(`no message "${path}"`);
      from = from[key] as AbstractIntlMessages | string;
      if (i === keys.length - 1) to[key] = from;
      else to = (to[key] ??= {}) as AbstractIntlMessages;
    }
  }
  return picked;
}
