// The Telegram Mini App's page (its URL is set in BotFather): signs the person in with
// the data Telegram launched it with, when Telegram launched it (see
// lib/auth/telegram/mini-app-context.ts for how another site's launch is told apart).
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { miniAppContext } from "@/lib/auth/telegram/mini-app-context";
import { env } from "@/lib/env";
import { MiniAppSignIn } from "./mini-app-sign-in";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("providers"))("telegram-app") };
}

export default async function TelegramMiniAppPage() {
  const t = await getTranslations("telegramApp");
  const context = miniAppContext(await headers(), env.AUTH_TELEGRAM_WEBAPP_LAUNCHERS);
  return <MiniAppSignIn scriptUrl={env.AUTH_TELEGRAM_WEBAPP_SCRIPT_URL} context={context} title={t("title")} outside={t("outside")} />;
}
