"use server";
// "Sign in with the Telegram app": a one-time deep link for this browser.
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { startLinkRequest } from "@/lib/auth/telegram/deep-link";
import { setLinkCookie } from "@/lib/auth/telegram/link-cookie";

export async function startTelegramLink(formData: FormData) {
  const callbackUrl = safeRedirectPath(formData.get("callbackUrl"), RELATIVE_ONLY);
  const { payload, browserKey } = await startLinkRequest(db, env.AUTH_TELEGRAM_LINK_TTL);
  await setLinkCookie(payload, browserKey);
  redirect(`/login/telegram?${new URLSearchParams({ callbackUrl })}`);
}
