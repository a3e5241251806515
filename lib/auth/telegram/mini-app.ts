// Telegram Mini App: the page Telegram opens inside its apps (BotFather: /newapp, or the
// bot's Mini App settings, with the URL `<origin>/telegram/app`; README).
//
//   page      /telegram/app (app/telegram/app): reads the launch data
//             (Telegram.WebApp.initData, or tgWebAppData in the URL's hash) and hands it
//             to the server action signInFromMiniApp (app/telegram/app/actions.ts), which
//             calls miniAppSignIn() below
//   emulator  GET /telegram/webapp (the launcher), /telegram/js/telegram-web-app.js (a stand-in for
//             Telegram.WebApp) (emulators/telegram/mini-app.ts)
//
// Only when Telegram launched the page (mini-app-context.ts decides from how the browser
// reached it). The data is checked by HMAC with the bot token (when it has `hash`) and
// by Ed25519 with Telegram's public key AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY (when it has
// `signature`; default the production key, the emulator signs with its own), then for
// freshness and single use exactly as the widget's (credentials.ts); then the identity
// decision and the session (sign-in.ts).
import "server-only";
import { env } from "@/lib/env";
import { checkSignedPayload } from "./credentials";
import { telegramRefused, telegramSignIn, wayEnabled, type TelegramSignInResult } from "./sign-in";
import { verifyWebAppData, type Freshness } from "./verify";

const verifyLaunchData = (initData: string, freshness: Freshness) =>
  verifyWebAppData(
    initData,
    {
      botToken: env.AUTH_TELEGRAM_BOT_TOKEN ?? "",
      botId: (env.AUTH_TELEGRAM_BOT_TOKEN ?? "").split(":")[0]!,
      publicKeyHex: env.AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY,
    },
    freshness,
  );

/** The Mini App's launch data, from the server action that `request` stands for. */
export async function miniAppSignIn(initData: string, request: Request): Promise<TelegramSignInResult> {
  if (!wayEnabled("telegram-app")) return { refused: "unknown" };
  const checked = await checkSignedPayload("telegram-app", initData, request, verifyLaunchData);
  return checked.ok ? telegramSignIn("telegram-app", checked.user, request, "/account") : telegramRefused(checked.reason, "telegram-app");
}
