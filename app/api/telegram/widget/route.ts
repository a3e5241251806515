// Where the Telegram Login Widget (data-auth-url) and the LoginUrl button send the
// browser: GET with the person's fields and their hash. The Credentials provider in
// lib/auth/providers/telegram-widget.ts judges them; a valid, fresh, unused payload
// gets a session and goes on to callbackUrl (our own pages only) or /account; anything
// else goes back to /login with the reason, and no session cookie. A browser that is
// signed in (linking Telegram on /account) goes where the account center says.
import { NextResponse, type NextRequest } from "next/server";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { telegramSignIn } from "@/lib/auth/telegram/sign-in";

export async function GET(request: NextRequest) {
  const fields = new URLSearchParams(request.nextUrl.searchParams);
  // Ours, put on data-auth-url by the login page; not one of Telegram's signed fields.
  const callbackUrl = safeRedirectPath(fields.get("callbackUrl"), RELATIVE_ONLY);
  fields.delete("callbackUrl");
  const result = await telegramSignIn("telegram-widget", { payload: fields.toString(), redirectTo: callbackUrl }, request, callbackUrl);
  const target = "refused" in result ? `/login?error=${result.refused}` : "redirect" in result ? result.redirect : callbackUrl;
  return NextResponse.redirect(new URL(target, request.url), 303);
}
