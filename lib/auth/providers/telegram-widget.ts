// Telegram Login Widget (Telegram now calls it legacy) and the LoginUrl inline button:
// an Auth.js Credentials provider fed by GET /api/telegram/widget.
//
// The widget (script AUTH_TELEGRAM_WIDGET_SCRIPT_URL, bot AUTH_TELEGRAM_BOT_USERNAME)
// sends the browser to /api/telegram/widget with the person's fields and a hash made
// with the bot token. `authorize` here is the only judge:
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
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { telegramAccountUser } from "../telegram/account";
import { consumeOnce } from "../telegram/replay";
import { verifyLoginWidget } from "../telegram/verify";
import { defineProvider } from "./types";

export class TelegramRefused extends CredentialsSignin {
  constructor(override readonly code: "malformed" | "bad-signature" | "stale" | "future" | "replayed") {
    super(`Telegram sign-in refused: ${code}`);
  }
}

async function authorize(credentials: Partial<Record<string, unknown>>) {
  const payload = new URLSearchParams(typeof credentials.payload === "string" ? credentials.payload : "");
  const fields: Record<string, string> = {};
  for (const [key, value] of payload) {
    if (key in fields) throw new TelegramRefused("malformed");
    fields[key] = value;
  }
  const result = verifyLoginWidget(fields, env.AUTH_TELEGRAM_BOT_TOKEN ?? "", {
    now: Date.now(),
    maxAgeSeconds: env.AUTH_TELEGRAM_MAX_AGE,
    skewSeconds: env.AUTH_TELEGRAM_CLOCK_SKEW,
  });
  if (!result.ok) throw new TelegramRefused(result.reason);
  const staleAt = new Date((result.authDate + env.AUTH_TELEGRAM_MAX_AGE + env.AUTH_TELEGRAM_CLOCK_SKEW) * 1000);
  if (!(await consumeOnce(db, `widget:${result.proof}`, staleAt))) throw new TelegramRefused("replayed");
  const user = await telegramAccountUser(db, result.user);
  return { id: user.id, name: user.name, email: user.email, image: user.image };
}

export const telegramWidget = defineProvider("telegram-widget", "Telegram", () =>
  Credentials({ id: "telegram-widget", name: "Telegram", credentials: { payload: {} }, authorize }),
);
