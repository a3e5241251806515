"use server";
// The Mini App hands its launch data here (the whole story: lib/auth/telegram/mini-app.ts).
// A signed-in browser gets the account center's page instead of a new session (a new
// Telegram identity is only linked after the person confirms it on /account/link).
import { headers } from "next/headers";
import { z } from "zod";
import { miniAppSignIn } from "@/lib/auth/telegram/mini-app";
import { limitedFor } from "@/lib/security/limit-request";

const input = z.string().min(1).max(8192);

export async function signInFromMiniApp(initData: unknown): Promise<{ ok: true; redirect?: string } | { error: string } | { limited: number }> {
  const retryAfter = await limitedFor("telegram-app");
  if (retryAfter) return { limited: retryAfter };
  const parsed = input.safeParse(initData);
  if (!parsed.success) return { error: "telegram-malformed" };
  // The session record's IP and browser, and the browser's session, come from this request's headers.
  const request = new Request("http://mini-app.invalid/", { headers: await headers() });
  const result = await miniAppSignIn(parsed.data, request);
  if ("refused" in result) return { error: result.refused };
  return "redirect" in result ? { ok: true, redirect: result.redirect } : { ok: true };
}
