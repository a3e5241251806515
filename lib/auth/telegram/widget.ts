// Telegram Login Widget (Telegram now calls it legacy).
//
//   page      /login (components/auth/telegram-login-widget.tsx draws Telegram's
//             script AUTH_TELEGRAM_WIDGET_SCRIPT_URL for bot AUTH_TELEGRAM_BOT_USERNAME)
//   routes    POST /api/telegram/widget/nonce (this browser's nonce, widget-nonce.ts)
//             GET  /api/telegram/widget (data-auth-url: Telegram sends the browser there
//                  with the person's fields and their hash): widgetSignIn() below
//   emulator  GET /telegram/js/telegram-widget.js, /telegram/oauth/auth (the sign-in popup)
//             (emulators/telegram/widget.ts)
//
// widgetSignIn, in order:
//   1. the nonce must be this browser's: a payload another site sent this browser here
//      with is refused before anything else (logged for the account when it is signed);
//   2. the hash (verify.ts), in constant time; auth_date within AUTH_TELEGRAM_MAX_AGE
//      seconds (default 300) and at most AUTH_TELEGRAM_CLOCK_SKEW (30) ahead; single use
//      on every instance (credentials.ts);
//   3. the identity decision and the session (sign-in.ts).
// It answers with where the browser goes: callbackUrl (our own pages only) or /account
// after a sign-in, the account center's page in a signed-in browser, /login with the
// reason after a refusal (and no session cookie).
//
// BotFather: create the bot, then /setdomain with your site's domain (README).
import "server-only";
import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { RELATIVE_ONLY, safeRedirectPath } from "../safe-redirect";
import { checkSignedPayload, recordForeignPayload } from "./credentials";
import { telegramRefused, telegramSignIn, wayEnabled, type TelegramSignInResult } from "./sign-in";
import { verifyLoginWidget, type Freshness } from "./verify";
import { OneTimeStoreDown } from "./replay";
import { takeWidgetNonce } from "./widget-nonce";

function verifyFields(payload: string, freshness: Freshness) {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(payload)) {
    if (key in fields) return { ok: false as const, reason: "malformed" as const };
    fields[key] = value;
  }
  return verifyLoginWidget(fields, env.AUTH_TELEGRAM_BOT_TOKEN ?? "", freshness);
}

/** The widget's callback: where this browser goes next. */
export async function widgetSignIn(request: NextRequest): Promise<string> {
  const fields = new URLSearchParams(request.nextUrl.searchParams);
  // Ours, put on data-auth-url by our page; not among Telegram's signed fields.
  const callbackUrl = safeRedirectPath(fields.get("callbackUrl"), RELATIVE_ONLY);
  const nonce = fields.get("nonce");
  fields.delete("callbackUrl");
  fields.delete("nonce");
  const payload = fields.toString();

  const result = await (async (): Promise<TelegramSignInResult> => {
    if (!wayEnabled("telegram-widget")) return { refused: "unknown" };
    let nonceTaken: boolean;
    try {
      nonceTaken = await takeWidgetNonce(nonce);
    } catch (error) {
      if (error instanceof OneTimeStoreDown) return telegramRefused("unavailable", "telegram-widget");
      throw error;
    }
    if (!nonceTaken) {
      await recordForeignPayload("telegram-widget", payload, request, verifyFields);
      return telegramRefused("foreign", "telegram-widget");
    }
    const checked = await checkSignedPayload("telegram-widget", payload, request, verifyFields);
    return checked.ok ? telegramSignIn("telegram-widget", checked.user, request, callbackUrl) : telegramRefused(checked.reason, "telegram-widget");
  })();
  return "refused" in result ? `/login?error=${result.refused}` : "redirect" in result ? result.redirect : callbackUrl;
}
