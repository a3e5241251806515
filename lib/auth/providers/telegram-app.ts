// Telegram Mini App: the page /telegram/app, opened inside Telegram, hands its launch
// data (Telegram.WebApp.initData, or tgWebAppData in the URL's hash) to this
// Credentials provider through a server action.
//
// The data is checked by HMAC with the bot token (when it has `hash`) and by Ed25519
// with Telegram's public key AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY (when it has
// `signature`; default the production key, the emulator signs with its own), then for
// freshness and single use exactly as the widget's (lib/auth/telegram/credentials.ts).
//
// BotFather: /newapp (or the bot's Mini App settings) with the URL
// `<origin>/telegram/app` (README).
import "server-only";
import { env } from "@/lib/env";
import { telegramCredentials } from "../telegram/credentials";
import { verifyWebAppData } from "../telegram/verify";
import { defineProvider } from "./types";

export const telegramApp = defineProvider("telegram-app", "Telegram", () =>
  telegramCredentials("telegram-app", (initData, freshness) =>
    verifyWebAppData(
      initData,
      {
        botToken: env.AUTH_TELEGRAM_BOT_TOKEN ?? "",
        botId: (env.AUTH_TELEGRAM_BOT_TOKEN ?? "").split(":")[0]!,
        publicKeyHex: env.AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY,
      },
      freshness,
    ),
  ),
);
