// Waiting for the Telegram app: the deep link and its QR code, while the browser
// polls for the bot's confirmation (bot-login-waiter.tsx).
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import QRCode from "qrcode";
import { Card } from "@/components/ui/card";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { readBotLoginCookie } from "@/lib/auth/telegram/bot-login";
import { env } from "@/lib/env";
import { BotLoginWaiter } from "./bot-login-waiter";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("botLogin"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function BotLoginPage({ searchParams }: Props) {
  const link = await readBotLoginCookie();
  if (!link) redirect("/login");
  const callbackUrl = safeRedirectPath((await searchParams).callbackUrl, RELATIVE_ONLY);
  const t = await getTranslations("botLogin");
  const url = `${env.AUTH_TELEGRAM_LINK_URL}/${env.AUTH_TELEGRAM_BOT_USERNAME}?start=${link.payload}`;
  const qr = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return (
    <div className="flex flex-1 items-start justify-center pt-6 sm:items-center sm:pt-0">
      <Card className="w-full max-w-md text-center">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("instructions")}</p>
        <a
          href={url}
          target="_blank"
          rel="noopener"
          className="mt-6 inline-flex items-center justify-center rounded-xl bg-[#1877a8] px-5 py-3 font-medium text-white hover:bg-[#17699a]"
        >
          {t("open")}
        </a>
        <div
          role="img"
          aria-label={t("qrAlt")}
          className="mx-auto mt-6 w-48 rounded-lg bg-white p-2"
          dangerouslySetInnerHTML={{ __html: qr }}
        />
        <BotLoginWaiter callbackUrl={callbackUrl} waiting={t("waiting")} />
        <Link href="/login" className="mt-4 inline-block text-sm text-slate-500 dark:text-slate-400 underline">
          {t("back")}
        </Link>
      </Card>
    </div>
  );
}
