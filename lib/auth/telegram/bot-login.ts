// Telegram bot login ("Open the Telegram app instead"): works where the widget's script
// or oauth.telegram.org is blocked, and from a phone by QR code.
//
//   page      /login's button (startBotLogin in lib/auth/sign-in-actions.ts), then
//             /login/telegram: t.me/<bot>?start=<payload> as a link and a QR code, and
//             bot-login-waiter.tsx polling once a second
//   routes    POST /api/telegram/webhook (Telegram's updates; or polling, bot-updates.ts)
//             GET  /api/telegram/bot-login (the waiting browser's poll): botLoginPoll()
//   emulator  GET /telegram/t.me/<bot>?start=… (a tester "is" a Telegram user pressing Start, then
//             Yes or No), the Bot API at /telegram/bot<token>/<method> (emulators/telegram/bot-api.ts)
//
//   1. beginBotLogin: a one-time payload for this browser (bot-login-requests.ts), whose
//      secret half stays in this browser's httpOnly cookie for AUTH_TELEGRAM_BOT_LOGIN_TTL;
//   2. the person opens the link in Telegram and presses Start; the bot asks them whether
//      it is them asking (the browser, its address, the time, the site), Yes or No;
//   3. botLoginPoll: once the same Telegram user pressed Yes, the browser that started
//      it (and only that one) uses it up, once, and signs the Telegram user in on the
//      one "telegram" account. Whoever saw the link or QR code could have pressed Start
//      and Yes first, so in a signed-in browser a Telegram account proved this way is
//      never linked on the intent alone: the person confirms on /account/link.
// Bot API at AUTH_TELEGRAM_BOT_API_URL (https://api.telegram.org); the webhook is
// registered with setWebhook at start when AUTH_TELEGRAM_WEBHOOK_URL is set.
import "server-only";
import { headers } from "next/headers";
import type { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { clearCookie, COOKIES, readCookie, writeCookie } from "@/lib/security/cookies";
import { limitAction } from "@/lib/security/limit-request";
import { clientInfoFrom } from "../request-context";
import { RELATIVE_ONLY, safeRedirectPath } from "../safe-redirect";
import type { SignInErrorReason } from "../sign-in-errors";
import { claimBotLogin, createBotLogin } from "./bot-login-requests";
import { telegramSignIn, wayEnabled } from "./sign-in";

/** The bot login this browser started: its payload and this browser's secret. */
export async function readBotLoginCookie(): Promise<{ payload: string; browserKey: string } | undefined> {
  const [payload, browserKey] = (await readCookie(COOKIES.botLogin))?.split(".") ?? [];
  return payload && browserKey ? { payload, browserKey } : undefined;
}

/**
 * Starts a bot login for the browser behind this server action: a one-time request that
 * remembers which browser asked (its address, browser and the site, for the bot to show
 * the person), and the cookie that binds it to this browser. Returns the waiting page.
 */
export async function beginBotLogin(callbackUrl: string): Promise<string> {
  if (!wayEnabled("telegram-bot")) return "/login?error=unknown";
  // Each start writes a row: nobody may grow the table at will.
  await limitAction("bot-login-start");
  // The site the bot names to the person: AUTH_URL's host, never the request's Host
  // header (whoever starts the request could choose that). Without AUTH_URL: "Vkhod".
  const site = env.AUTH_URL ? new URL(env.AUTH_URL).host : null;
  const { payload, browserKey } = await createBotLogin(db, env.AUTH_TELEGRAM_BOT_LOGIN_TTL, { ...clientInfoFrom(await headers()), site });
  await writeCookie(COOKIES.botLogin, `${payload}.${browserKey}`);
  return `/login/telegram?${new URLSearchParams({ callbackUrl })}`;
}

export type BotLoginPoll = { status: "pending" } | { status: "done"; redirect?: string } | { status: "failed"; reason: SignInErrorReason };

const failed = (reason: SignInErrorReason): BotLoginPoll => ({ status: "failed", reason });

/** The waiting browser's poll: pending, done (the session is now set) or failed. */
export async function botLoginPoll(request: NextRequest): Promise<BotLoginPoll> {
  if (!wayEnabled("telegram-bot")) return failed("unknown");
  const started = await readBotLoginCookie();
  if (!started) return failed("telegram-bot-login-expired");
  // Uses a confirmed request up for this browser; anything else is only looked at.
  const claimed = await claimBotLogin(db, started.payload, started.browserKey);
  if (claimed.status === "pending") return { status: "pending" };
  await clearCookie(COOKIES.botLogin);
  if (claimed.status !== "confirmed") {
    return failed(claimed.status === "denied" ? "telegram-login-denied" : claimed.status === "used" ? "telegram-replayed" : "telegram-bot-login-expired");
  }
  const returnTo = safeRedirectPath(request.nextUrl.searchParams.get("callbackUrl"), RELATIVE_ONLY);
  const result = await telegramSignIn("telegram-bot", claimed.user, request, returnTo, { alwaysConfirmLink: true });
  if ("refused" in result) return failed(result.refused);
  return { status: "done", ...("redirect" in result ? { redirect: result.redirect } : {}) };
}
