// Telegram bot deep link ("Sign in with the Telegram app"): works where the widget's
// script or oauth.telegram.org is blocked, and from a phone by QR code.
//   1. /login -> a server action makes a one-time payload for this browser
//      (lib/auth/telegram/deep-link.ts) and shows t.me/<bot>?start=<payload>, as a
//      link and a QR code (app/(auth)/login/telegram).
//   2. The person opens it in Telegram and presses Start; Telegram sends the bot
//      "/start <payload>" by webhook (POST /api/telegram/webhook, which refuses calls
//      without our X-Telegram-Bot-Api-Secret-Token); the bot confirms and answers in
//      the chat (sendMessage).
//   3. The waiting browser polls GET /api/telegram/link; once confirmed, this
//      Credentials provider uses the request up for that browser only and signs the
//      Telegram user in on the one "telegram" account.
// Bot API at AUTH_TELEGRAM_BOT_API_URL (https://api.telegram.org); the webhook is
// registered with setWebhook at start when AUTH_TELEGRAM_WEBHOOK_URL is set.
import "server-only";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { telegramAccountUser } from "../telegram/account";
import { TelegramRefused } from "../telegram/credentials";
import { claimLinkRequest } from "../telegram/deep-link";
import { defineProvider } from "./types";

export const telegramLink = defineProvider(
  "telegram-link",
  "Telegram",
  () =>
    Credentials({
      id: "telegram-link",
      name: "Telegram",
      credentials: { payload: {}, browserKey: {} },
      async authorize({ payload, browserKey }) {
        if (typeof payload !== "string" || typeof browserKey !== "string") throw new TelegramRefused("malformed");
        const claimed = await claimLinkRequest(db, payload, browserKey);
        if (claimed.status !== "confirmed") throw new TelegramRefused(claimed.status === "used" ? "replayed" : "stale");
        // Whoever saw the link or QR code could have pressed Start and "Yes" first, so a
        // Telegram account proved this way is never linked on the intent alone: the person
        // sees which Telegram user it is on /account/link and confirms.
        return telegramAccountUser("telegram-link", claimed.user, { alwaysConfirmLink: true });
      },
    }),
);
