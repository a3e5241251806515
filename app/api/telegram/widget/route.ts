// Where the Telegram Login Widget (data-auth-url) and the LoginUrl button send the
// browser: GET with the person's fields and their hash. The Credentials provider in
// lib/auth/providers/telegram-widget.ts judges them; a valid, fresh, unused payload
// gets a session and goes on to callbackUrl (our own pages only) or /account; anything
// else goes back to /login with the reason, and no session cookie.
import { CredentialsSignin } from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { signIn } from "@/lib/auth";
import { authRequestContext } from "@/lib/auth/request-context";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { signInErrorReason } from "@/lib/auth/sign-in-errors";

export async function GET(request: NextRequest) {
  const fields = new URLSearchParams(request.nextUrl.searchParams);
  // Ours, put on data-auth-url by the login page; not one of Telegram's signed fields.
  const callbackUrl = safeRedirectPath(fields.get("callbackUrl"), RELATIVE_ONLY);
  fields.delete("callbackUrl");
  const context = { request, error: undefined as unknown };
  try {
    await authRequestContext.run(context, () =>
      signIn("telegram-widget", { payload: fields.toString(), redirectTo: callbackUrl, redirect: false }),
    );
  } catch (error) {
    const reason = error instanceof CredentialsSignin ? `telegram-${error.code}` : signInErrorReason(error);
    return NextResponse.redirect(new URL(`/login?error=${reason}`, request.url), 303);
  }
  return NextResponse.redirect(new URL(callbackUrl, request.url), 303);
}
