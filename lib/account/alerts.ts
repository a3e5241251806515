// Messages from the bot about what happened to an account: a sign-in from a new device,
// a link, an unlink, ended sessions, a lock, a change to the second factor, a recovery
// code used. Sent to the user's linked Telegram account
// when there is one, the bot is configured and the user has not turned alerts off on
// /account. In Russian and English, as the bot cannot know which the person reads.
// Sending never holds up or fails what is being reported: it runs in the background
// and a failure is only logged.
import "server-only";
import { errorMessage, logEvent } from "@/lib/log";
import type { PrismaClient } from "@prisma/client";
import { botApi } from "@/lib/auth/telegram/bot-api";
import { accountProvider } from "@/lib/identity";
import { describeUserAgent } from "./user-agent";
import { env } from "@/lib/env";

export const ALERTED = [
  "new-device",
  "linked",
  "unlinked",
  "session-revoked",
  "sessions-revoked",
  "locked",
  "second-factor-locked",
  "second-factor-signed-out",
  "totp-added",
  "totp-removed",
  "recovery-code-used",
  "passkey-added",
  "passkey-removed",
  "merged",
  "merge-offered",
] as const;
export type AlertKind = (typeof ALERTED)[number];

export type AlertFacts = { provider?: string | null; ip?: string | null; userAgent?: string | null; count?: number };

// By identity, as the account pages name them: VK ID and legacy VK are both "VK", every
// Telegram way "Telegram".
const IDENTITY_NAMES: Record<string, string> = {
  google: "Google",
  vk: "VK",
  yandex: "Yandex ID",
  ok: "OK",
  telegram: "Telegram",
};
const providerName = (id?: string | null) => (!id ? "" : (IDENTITY_NAMES[accountProvider(id)] ?? id));

function device({ ip, userAgent }: AlertFacts) {
  const { browser, os } = describeUserAgent(userAgent);
  const what = [browser, os].filter(Boolean).join(" · ");
  return [what, ip ? `IP ${ip}` : ""].filter(Boolean).join(", ");
}

export function alertText(kind: AlertKind, facts: AlertFacts, site = env.AUTH_URL ?? "Vkhod"): string {
  const provider = providerName(facts.provider);
  const from = device(facts);
  const lines: Record<AlertKind, [string, string]> = {
    "new-device": [
      `Новый вход в ваш аккаунт с устройства, которого раньше не было${from ? `: ${from}` : ""}. Если это не вы, завершите этот сеанс.`,
      `New sign-in to your account from a device not seen before${from ? `: ${from}` : ""}. If this wasn't you, end that session.`,
    ],
    linked: [`К вашему аккаунту привязан ${provider}.`, `${provider} was linked to your account.`],
    unlinked: [`От вашего аккаунта отвязан ${provider}.`, `${provider} was unlinked from your account.`],
    "session-revoked": ["Один из сеансов вашего аккаунта завершён.", "One of your account's sessions was signed out."],
    "sessions-revoked": [`Завершены другие сеансы вашего аккаунта: ${facts.count ?? 0}.`, `Other sessions of your account were signed out: ${facts.count ?? 0}.`],
    locked: [
      "Слишком много отклонённых попыток входа через Telegram: вход через Telegram в ваш аккаунт приостановлен на несколько минут.",
      "Too many refused Telegram sign-in attempts: signing in to your account with Telegram is paused for a few minutes.",
    ],
    "second-factor-locked": [
      `Слишком много неверных кодов второго фактора: проверка кодов для вашего аккаунта приостановлена на несколько минут${from ? ` (${from})` : ""}. Если коды вводили не вы, завершите чужие сеансы.`,
      `Too many wrong second-factor codes: code checks for your account are paused for a few minutes${from ? ` (${from})` : ""}. If that wasn't you, end the sessions you don't know.`,
    ],
    "second-factor-signed-out": [
      `Сеанс вашего аккаунта ввёл слишком много неверных кодов второго фактора и был завершён${from ? ` (${from})` : ""}. Если это были не вы, кто-то знает один из ваших способов входа: проверьте их.`,
      `A session of your account typed too many wrong second-factor codes and was signed out${from ? ` (${from})` : ""}. If that wasn't you, someone has one of your sign-in methods: check them.`,
    ],
    "totp-added": [
      `К вашему аккаунту добавлено приложение-аутентификатор${from ? `: ${from}` : ""}. Если это не вы, войдите и удалите его.`,
      `An authenticator app was added to your account${from ? `: ${from}` : ""}. If this wasn't you, sign in and remove it.`,
    ],
    "totp-removed": [`От вашего аккаунта отключено приложение-аутентификатор${from ? `: ${from}` : ""}.`, `The authenticator app was removed from your account${from ? `: ${from}` : ""}.`],
    "passkey-added": [
      `К вашему аккаунту добавлен ключ доступа${from ? `: ${from}` : ""}. Если это не вы, войдите и удалите его.`,
      `A passkey was added to your account${from ? `: ${from}` : ""}. If this wasn't you, sign in and remove it.`,
    ],
    "passkey-removed": [`Из вашего аккаунта удалён ключ доступа${from ? `: ${from}` : ""}.`, `A passkey was removed from your account${from ? `: ${from}` : ""}.`],
    "merge-offered": [
      `Кто-то, войдя в другой аккаунт Vkhod, подтвердил ваш ${provider}${from ? ` (${from})` : ""} и может предложить объединить ваш аккаунт со своим. Если это не вы, смените пароль у ${provider} и добавьте второй фактор на странице безопасности.`,
      `Someone signed in to another Vkhod account proved your ${provider}${from ? ` (${from})` : ""} and may merge your account into theirs. If this wasn't you, secure your ${provider} account and add a second factor on the security page.`,
    ],
    merged: [
      `В ваш аккаунт перенесён другой аккаунт Vkhod (вместе с ${provider})${from ? `: ${from}` : ""}. Если это не вы, войдите и проверьте способы входа.`,
      `Another Vkhod account (with ${provider}) was merged into yours${from ? `: ${from}` : ""}. If this wasn't you, sign in and check your sign-in methods.`,
    ],
    "recovery-code-used": [
      `Для вашего аккаунта использован код восстановления${from ? `: ${from}` : ""}. Если это не вы, завершите этот сеанс и создайте новые коды.`,
      `A recovery code was used on your account${from ? `: ${from}` : ""}. If this wasn't you, end that session and make new codes.`,
    ],
  };
  const [ru, en] = lines[kind];
  return `Vkhod (${site})\n\n${ru}\n\n${en}\n\n${site}/account`;
}

/** Sends the alert in the background (never awaited by the action it reports). */
export function sendAlert(db: PrismaClient, userId: string, kind: AlertKind, facts: AlertFacts) {
  if (!env.AUTH_TELEGRAM_BOT_TOKEN) return;
  void (async () => {
    const user = await db.user.findUnique({
      where: { id: userId },
      select: { alertsEnabled: true, accounts: { where: { provider: "telegram" }, select: { providerAccountId: true } } },
    });
    const chat = user?.alertsEnabled ? user.accounts[0]?.providerAccountId : undefined;
    if (!chat) return;
    await botApi("sendMessage", { chat_id: Number(chat), text: alertText(kind, facts) });
  })().catch((error: unknown) => logEvent("warn", { event: "alert-not-sent", kind, userId, error: errorMessage(error) }));
}

/** The person's choice on /account: the bot's alerts on or off. */
export async function setAlertsEnabled(db: PrismaClient, userId: string, enabled: boolean) {
  await db.user.update({ where: { id: userId }, data: { alertsEnabled: enabled } });
}
