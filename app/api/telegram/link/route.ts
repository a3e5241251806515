// Polled by the page waiting for the Telegram app (app/(auth)/login/telegram): this
// browser's bot-login request is pending, done (the session is now set) or failed
// (expired, used, or "No" pressed in the chat).
import { NextResponse, type NextRequest } from "next/server";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { linkStatus } from "@/lib/auth/telegram/deep-link";
import { clearLinkCookie, readLinkCookie } from "@/lib/auth/telegram/link-cookie";
import { telegramSignIn } from "@/lib/auth/telegram/sign-in";
import { db } from "@/lib/db";
import { limitRoute } from "@/lib/security/limit-request";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const limited = await limitRoute(request, "bot-login-poll");
  if (limited) return limited;
  const link = await readLinkCookie();
  if (!link) return NextResponse.json({ status: "failed", reason: "telegram-link-expired" });
  const status = await linkStatus(db, link.payload, link.browserKey);
  if (status.status === "pending") return NextResponse.json({ status: "pending" });
  await clearLinkCookie();
  if (status.status !== "confirmed") {
    const reason = status.status === "used" ? "telegram-replayed" : status.status === "denied" ? "telegram-login-denied" : "telegram-link-expired";
    return NextResponse.json({ status: "failed", reason });
  }
  const returnTo = safeRedirectPath(request.nextUrl.searchParams.get("callbackUrl"), RELATIVE_ONLY);
  const result = await telegramSignIn("telegram-link", link, request, returnTo);
  if ("refused" in result) {
    return NextResponse.json({ status: "failed", reason: result.refused === "telegram-stale" ? "telegram-link-expired" : result.refused });
  }
  return NextResponse.json({ status: "done", ...("redirect" in result ? { redirect: result.redirect } : {}) });
}
