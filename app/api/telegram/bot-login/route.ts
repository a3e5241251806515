// Polled by the page waiting for the Telegram app (app/(auth)/login/telegram): this
// browser's bot login is pending, done (the session is now set) or failed. The whole
// story is in lib/auth/telegram/bot-login.ts.
import { NextResponse, type NextRequest } from "next/server";
import { botLoginPoll } from "@/lib/auth/telegram/bot-login";
import { limitRoute } from "@/lib/security/limit-request";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const limited = await limitRoute(request, "bot-login-poll");
  if (limited) return limited;
  return NextResponse.json(await botLoginPoll(request));
}
