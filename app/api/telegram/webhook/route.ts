// The bot's webhook: Telegram POSTs each Update here with our secret in
// X-Telegram-Bot-Api-Secret-Token; anything else gets 403. What the bot does with an
// update is in lib/auth/telegram/bot-updates.ts (shared with polling mode).
import { timingSafeEqual } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { webhookSecret } from "@/lib/auth/telegram/bot-api";
import { handleUpdate, type Update } from "@/lib/auth/telegram/bot-updates";
import { limitRoute } from "@/lib/security/limit-request";

function authorized(request: NextRequest): boolean {
  const given = Buffer.from(request.headers.get("x-telegram-bot-api-secret-token") ?? "");
  const expected = Buffer.from(webhookSecret());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function POST(request: NextRequest) {
  // Only calls without our secret are limited by address: Telegram's own come from a
  // few addresses shared by every user (lib/auth/telegram/bot-updates.ts limits per user).
  if (!authorized(request)) return (await limitRoute(request, "webhook")) ?? NextResponse.json({ error: "forbidden" }, { status: 403 });
  // Telegram sends an Update object; anything else (null, a list, a number: found by the
  // reliability fuzz) is ignored, and answered 200 so that it is not sent again.
  const update: unknown = await request.json().catch(() => null);
  if (typeof update === "object" && update !== null && !Array.isArray(update)) await handleUpdate(update as Update);
  return NextResponse.json({ ok: true });
}
