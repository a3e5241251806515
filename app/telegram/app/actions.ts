"use server";
// The Mini App hands its launch data here; the telegram-app provider judges it.
import { headers } from "next/headers";
import { z } from "zod";
import { telegramSignIn } from "@/lib/auth/telegram/sign-in";

const input = z.string().min(1).max(8192);

export async function signInFromMiniApp(initData: string): Promise<{ ok: true } | { error: string }> {
  const parsed = input.safeParse(initData);
  if (!parsed.success) return { error: "telegram-malformed" };
  // The session record's IP and browser come from this request's headers.
  const request = new Request("http://mini-app.invalid/", { headers: await headers() });
  const result = await telegramSignIn("telegram-app", { payload: parsed.data }, request, "/account");
  if ("refused" in result) return { error: result.refused };
  return { ok: true };
}
