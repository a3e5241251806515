// What every Telegram way in that has proved a Telegram user (Login Widget, bot login,
// Mini App) does next, with everything it needs passed in, and what happened returned
// as a value:
//   1. an account locked after too many refused Telegram attempts is not signed in by
//      Telegram until the lock ends (its other methods still work): refused, "locked";
//   2. the identity decision (lib/account/identities.ts) with this request's facts: the
//      browser's live session, where a signed-in browser goes back to, its address and
//      browser;
//   3. a signed-in browser gets a page (linked, re-authenticated, "confirm the link",
//      refused because the Telegram account is another user's): returned as is, Auth.js
//      is not involved;
//   4. a sign-in as the chosen user: Auth.js makes the session from a one-time grant
//      (credentials.ts), so its cookie, callbacks and session record stay Auth.js's.
import "server-only";
import { errorMessage, logEvent } from "@/lib/log";
import { resolveIdentity } from "@/lib/account/identities";
import { enabledProviders } from "../providers";
import { accountLockedFor } from "@/lib/security/rate-limit";
import { recordEvent } from "@/lib/account/security-log";
import { browserSession } from "../browser-session";
import { signIn } from "../index";
import { authRequestContext, clientInfoFrom } from "../request-context";
import { signInErrorReason, type SignInErrorReason } from "../sign-in-errors";
import { telegramAccountOwner, telegramProfile } from "./account";
import { grantSignIn } from "../grant";
import type { TelegramRefusal } from "./credentials";
import type { TelegramUser } from "./verify";

export type TelegramWay = "telegram-widget" | "telegram-bot" | "telegram-app";

export type TelegramSignInResult = { ok: true } | { refused: SignInErrorReason } | { redirect: string };

/**
 * Whether this way in is offered (its credentials are set). A way that is not takes no
 * payload at all: without its bot token, a "signed" payload could be anyone's.
 */
export const wayEnabled = (way: TelegramWay) => enabledProviders.some((provider) => provider.id === way);

/** /login's reason for a Telegram refusal. */
export function telegramRefused(reason: TelegramRefusal, way?: TelegramWay): { refused: SignInErrorReason } {
  logEvent("warn", { event: "sign-in-refused", provider: way ?? "telegram", reason });
  return { refused: `telegram-${reason}` };
}

export async function telegramSignIn(
  way: TelegramWay,
  telegram: TelegramUser,
  request: Request,
  returnTo: string,
  options: { alwaysConfirmLink?: boolean } = {},
): Promise<TelegramSignInResult> {
  if (!wayEnabled(way)) return { refused: "unknown" };
  const client = clientInfoFrom(request.headers);
  try {
    const owner = await telegramAccountOwner(telegram.id);
    if (owner && (await accountLockedFor(owner.userId)) > 0) {
      await recordEvent({ userId: owner.userId, type: "sign-in-failed", provider: way, detail: { reason: "locked" }, ...client });
      return telegramRefused("locked", way);
    }
    const outcome = await resolveIdentity({
      identity: { provider: way, providerAccountId: String(telegram.id), type: "telegram" },
      profile: telegramProfile(telegram),
      current: await browserSession(request),
      returnTo,
      client,
      alwaysConfirmLink: options.alwaysConfirmLink,
    });
    if ("redirect" in outcome) return outcome;
    // The session record's address and browser, and the pending link it may complete, come from this request.
    await authRequestContext.run({ request, returnTo }, () => signIn(way, { grant: grantSignIn(way, outcome.userId), redirect: false }));
    return { ok: true };
  } catch (error) {
    logEvent("error", { event: "sign-in-failed", provider: way, error: errorMessage(error) });
    return { refused: signInErrorReason(error) };
  }
}
