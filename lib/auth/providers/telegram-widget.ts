// Telegram Login Widget (Telegram now calls it legacy) and the LoginUrl inline button:
// an Auth.js Credentials provider fed by GET /api/telegram/widget.
//
// The widget (script AUTH_TELEGRAM_WIDGET_SCRIPT_URL, bot AUTH_TELEGRAM_BOT_USERNAME)
// sends the browser to /api/telegram/widget with the person's fields and a hash made
// with the bot token. Then (lib/auth/telegram/credentials.ts):
//   1. the hash (lib/auth/telegram/verify.ts), in constant time;
//   2. auth_date within AUTH_TELEGRAM_MAX_AGE seconds (default 300), and not more
//      than AUTH_TELEGRAM_CLOCK_SKEW seconds (default 30) in the future;
//   3. single use: the hash is kept in the database until it would be stale anyway;
//   4. the user: the one with this Telegram id, or a new one (telegram/account.ts).
// A refusal carries its reason as the CredentialsSignin code, which the route turns
// into a sentence on /login.
//
// BotFather: create the bot, then /setdomain with your site's domain (README).
import "server-only";
import { env } from "@/lib/env";
import { telegramCredentials } from "../telegram/credentials";
import { verifyLoginWidget } from "../telegram/verify";
import { defineProvider } from "./types";

export const telegramWidget = defineProvider("telegram-widget", "Telegram", () =>
  telegramCredentials("telegram-widget", (payload, freshness) => {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(payload)) {
      if (key in fields) return { ok: false, reason: "malformed" };
      fields[key] = value;
    }
    return verifyLoginWidget(fields, env.AUTH_TELEGRAM_BOT_TOKEN ?? "", freshness);
  }),
);
