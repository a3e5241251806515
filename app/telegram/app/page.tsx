// The Telegram Mini App's page (its URL is set in BotFather): signs the person in with
// the data Telegram launched it with.
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { env } from "@/lib/env";
import { MiniAppSignIn } from "./mini-app-sign-in";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("providers"))("telegram-app") };
}

export default async function TelegramMiniAppPage() {
  const t = await getTranslations("telegramApp");
  return <MiniAppSignIn scriptUrl={env.AUTH_TELEGRAM_WEBAPP_SCRIPT_URL} title={t("title")} outside={t("outside")} />;
}
