// Where the Telegram Login Widget (data-auth-url) sends the browser: GET with the
// person's fields and their hash, plus our own `nonce` and `callbackUrl`.
//   1. The nonce must be this browser's (lib/auth/telegram/widget-nonce.ts): a payload
//      that another site sent this browser here with is refused before anything else,
//      and logged for the Telegram account when the payload is genuinely signed.
//   2. The Credentials provider in lib/auth/providers/telegram-widget.ts judges the
//      payload; a valid, fresh, unused one gets a session (or, in a signed-in browser,
//      goes where the account center says) and goes on to callbackUrl (our own pages
//      only) or /account; anything else goes back to /login with the reason, and no
//      session cookie.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { recordFailedTelegramSignIn } from "@/lib/auth/telegram/account";
import { telegramSignIn } from "@/lib/auth/telegram/sign-in";
import { verifyLoginWidget } from "@/lib/auth/telegram/verify";
import { takeWidgetNonce } from "@/lib/auth/telegram/widget-nonce";
import { limitRoute } from "@/lib/security/limit-request";

export const dynamic = "force-dynamic";

const back = (request: NextRequest, target: string) => NextResponse.redirect(new URL(target, request.url), 303);

export async function GET(request: NextRequest) {
  const limited = await limitRoute(request, "telegram-widget");
  if (limited) return limited;
  const fields = new URLSearchParams(request.nextUrl.searchParams);
  // Ours, put on data-auth-url by our page; not among Telegram's signed fields.
  const callbackUrl = safeRedirectPath(fields.get("callbackUrl"), RELATIVE_ONLY);
  const nonce = fields.get("nonce");
  fields.delete("callbackUrl");
  fields.delete("nonce");

  if (!(await takeWidgetNonce(nonce))) {
    const verified = verifyLoginWidget(Object.fromEntries(fields), env.AUTH_TELEGRAM_BOT_TOKEN ?? "", {
      now: Date.now(),
      maxAgeSeconds: env.AUTH_TELEGRAM_MAX_AGE,
      skewSeconds: env.AUTH_TELEGRAM_CLOCK_SKEW,
    });
    const telegramId = verified.ok ? verified.user.id : verified.telegramId;
    if (telegramId) {
      const proof = { proof: `telegram-widget:${verified.proof}`, authDate: verified.authDate };
      await recordFailedTelegramSignIn("telegram-widget", telegramId, "foreign", proof, request);
    }
    return back(request, "/login?error=telegram-foreign");
  }

  const result = await telegramSignIn("telegram-widget", { payload: fields.toString(), redirectTo: callbackUrl }, request, callbackUrl);
  return back(request, "refused" in result ? `/login?error=${result.refused}` : "redirect" in result ? result.redirect : callbackUrl);
}
