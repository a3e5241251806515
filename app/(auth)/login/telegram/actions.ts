"use server";
// "Sign in with the Telegram app": a one-time deep link for this browser.
import { redirect } from "next/navigation";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { beginBotLogin } from "@/lib/auth/telegram/begin-bot-login";

export async function startTelegramLink(formData: FormData) {
  redirect(await beginBotLogin(safeRedirectPath(formData.get("callbackUrl"), RELATIVE_ONLY)));
}
