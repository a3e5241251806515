// What the bot does with an Update, however it arrives (webhook or getUpdates):
// - "/start <payload>" in a private chat (a bot login's deep link or QR code) confirms
//   nothing by itself. The bot answers with what is asking (browser and system, IP
//   address, approximate time, the site) and two buttons, "Yes, it's me" and "No".
// - Only the button press (a callback_query from the same Telegram user) confirms or
//   cancels; the bot then answers the query (answerCallbackQuery) and edits its
//   message to the result, so the chat shows what happened.
// Everything in the person's language (Russian, else English).
import "server-only";
import { errorMessage, logEvent } from "@/lib/log";
import type { TelegramBotLogin } from "@prisma/client";
import { describeUserAgent } from "@/lib/account/user-agent";
import { db } from "@/lib/db";
import { consume } from "@/lib/security/rate-limit";
import { env } from "@/lib/env";
import { holdLease, releaseLease } from "@/lib/leases";
import { botApi } from "./bot-api";
import { answerBotLogin, askBotLogin, type AnswerOutcome, type AskOutcome } from "./bot-login-requests";
import { consumeOnce, forgetOnce } from "./replay";

/** Telegram resends an unconfirmed update for up to a day. */
const UPDATE_MEMORY_MS = 24 * 60 * 60 * 1000;
/** The bot's id: the part of its token before the colon (update ids are per bot). */
const botId = () => (env.AUTH_TELEGRAM_BOT_TOKEN ?? "").split(":")[0];

type From = { id: number; is_bot?: boolean; first_name?: string; last_name?: string; username?: string; language_code?: string };

export type Update = {
  update_id?: number;
  message?: { text?: string; chat?: { id: number; type?: string }; from?: From };
  callback_query?: { id: string; from?: From; data?: string; message?: { message_id: number; chat?: { id: number; type?: string } } };
};

/** The update types the bot asks Telegram for (setWebhook, getUpdates). */
export const ALLOWED_UPDATES = ["message", "callback_query"];

type Language = "en" | "ru";
const languageOf = (from: From | undefined): Language => (from?.language_code?.startsWith("ru") ? "ru" : "en");

const text = {
  en: {
    ask: (site: string, device: string, ip: string, time: string) =>
      `Sign-in request for ${site}\n\nSomeone wants to sign in with your Telegram account.\nBrowser: ${device}\nIP address: ${ip}\nTime: ${time}\n\nIf this is you, press “Yes, it's me”. If not, press “No” and nobody will be signed in.`,
    yes: "Yes, it's me",
    no: "No",
    unknownDevice: "unknown browser",
    unknownIp: "unknown",
    confirmed: (site: string) => `You are signed in to ${site}. Go back to your browser.`,
    denied: (site: string) => `Sign-in cancelled. Nobody was signed in to ${site}.`,
    expired: "This sign-in request has expired. Start again on the site.",
    used: "This sign-in request was already answered. Start again on the site if you need to.",
    unknown: "This sign-in link is not valid. Start again on the site.",
    taken: "Someone else is already answering this sign-in request. Start again on the site.",
    foreign: "This request is not yours to answer.",
    toastConfirmed: "Signed in",
    toastDenied: "Cancelled",
  },
  ru: {
    ask: (site: string, device: string, ip: string, time: string) =>
      `Запрос на вход в ${site}\n\nКто-то хочет войти с вашим аккаунтом Telegram.\nБраузер: ${device}\nIP-адрес: ${ip}\nВремя: ${time}\n\nЕсли это вы, нажмите «Да, это я». Если нет — нажмите «Нет», и никто не войдёт.`,
    yes: "Да, это я",
    no: "Нет",
    unknownDevice: "неизвестный браузер",
    unknownIp: "неизвестен",
    confirmed: (site: string) => `Вы вошли в ${site}. Вернитесь в браузер.`,
    denied: (site: string) => `Вход отменён. Никто не вошёл в ${site}.`,
    expired: "Запрос на вход устарел. Начните заново на сайте.",
    used: "На этот запрос уже ответили. Если нужно, начните заново на сайте.",
    unknown: "Ссылка для входа недействительна. Начните заново на сайте.",
    taken: "На этот запрос уже отвечает другой человек. Начните заново на сайте.",
    foreign: "Этот запрос не ваш.",
    toastConfirmed: "Вход подтверждён",
    toastDenied: "Отменено",
  },
} satisfies Record<Language, unknown>;

function describeAsker(request: TelegramBotLogin, language: Language) {
  const t = text[language];
  const { browser, os } = describeUserAgent(request.userAgent);
  const device = browser && os ? `${browser} · ${os}` : (browser ?? os ?? t.unknownDevice);
  const time = `${request.createdAt.toISOString().slice(11, 16)} UTC`;
  return t.ask(request.site ?? "Vkhod", device, request.ip ?? t.unknownIp, time);
}

/** The reply is a courtesy: a failure to send it must not undo what was decided. */
const courtesy = (method: string, params: Record<string, unknown>) =>
  botApi(method, params).catch((error: unknown) => logEvent("error", { event: "telegram-bot-api-failed", method, error: errorMessage(error) }));

async function onStart(chatId: number, from: From, payload: string) {
  const outcome: AskOutcome = await askBotLogin(db, payload, {
    id: from.id,
    first_name: from.first_name!,
    ...(from.last_name ? { last_name: from.last_name } : {}),
    ...(from.username ? { username: from.username } : {}),
  });
  const language = languageOf(from);
  const t = text[language];
  if (outcome.kind !== "asked") {
    const reply = outcome.kind === "denied" ? t.used : t[outcome.kind];
    return courtesy("sendMessage", { chat_id: chatId, text: reply });
  }
  await courtesy("sendMessage", {
    chat_id: chatId,
    text: describeAsker(outcome.request, language),
    reply_markup: { inline_keyboard: [[{ text: t.yes, callback_data: `yes:${payload}` }, { text: t.no, callback_data: `no:${payload}` }]] },
  });
}

async function onAnswer(query: NonNullable<Update["callback_query"]>) {
  const answer = /^(yes|no):([A-Za-z0-9_-]{1,64})$/.exec(query.data ?? "");
  const from = query.from;
  if (!answer || !from || from.is_bot) return courtesy("answerCallbackQuery", { callback_query_id: query.id });
  const payload = answer[2]!;
  const outcome: AnswerOutcome = await answerBotLogin(db, payload, from.id, answer[1] === "yes");
  const t = text[languageOf(from)];
  if (outcome === "foreign") return courtesy("answerCallbackQuery", { callback_query_id: query.id, text: t.foreign, show_alert: true });
  const request = await db.telegramBotLogin.findUnique({ where: { payload }, select: { site: true } });
  const site = request?.site ?? "Vkhod";
  const result = outcome === "confirmed" ? t.confirmed(site) : outcome === "denied" ? t.denied(site) : t[outcome];
  await courtesy("answerCallbackQuery", {
    callback_query_id: query.id,
    text: outcome === "confirmed" ? t.toastConfirmed : outcome === "denied" ? t.toastDenied : result,
  });
  const message = query.message;
  if (message?.chat) await courtesy("editMessageText", { chat_id: message.chat.id, message_id: message.message_id, text: result });
}

export async function handleUpdate(update: Update) {
  // Each update once, whichever instance it reaches and however often Telegram resends
  // it (a webhook call that timed out, a poller that took over before confirming).
  const seen = typeof update.update_id === "number" ? `bot-update:${botId()}:${update.update_id}` : undefined;
  if (seen && !(await consumeOnce(db, seen, new Date(Date.now() + UPDATE_MEMORY_MS)))) return;
  try {
    await handleNewUpdate(update);
  } catch (error) {
    // Not handled after all: Telegram's resend (or the next poll) gets another go.
    if (seen) await forgetOnce(db, seen);
    throw error;
  }
}

async function handleNewUpdate(update: Update) {
  // A flood from one Telegram user (AUTH_LIMIT_BOT_UPDATES) is dropped without an answer.
  const from = update.message?.from?.id ?? update.callback_query?.from?.id;
  if (typeof from !== "number" || !(await consume("bot-updates", `telegram:${from}`)).ok) return;
  if (update.callback_query) return onAnswer(update.callback_query);
  const message = update.message;
  const start = /^\/start(?:@\w+)? ([A-Za-z0-9_-]{1,64})$/.exec(message?.text?.trim() ?? "");
  const sender = message?.from;
  if (!start || !sender || sender.is_bot || message?.chat?.type !== "private" || !sender.first_name) return;
  await onStart(message.chat.id, sender, start[1]!);
}

const POLLER_LEASE = "telegram-bot-poller";
/** How long the poller's lease lasts unrenewed: another instance takes over this soon after the holder dies. */
const POLLER_LEASE_MS = 10_000;

/**
 * Polling mode, for a site Telegram cannot reach (no public URL): asks getUpdates
 * every `intervalMs` and handles what comes. Every instance runs this, but only the one
 * holding the poller's lease (lib/leases.ts) polls, as Telegram wants a single poller;
 * the others wait to take over. Returns a stop function (lib/shutdown.ts calls it at a
 * SIGTERM).
 */
export function pollUpdates(intervalMs = 1000): () => Promise<void> {
  let stopped = false;
  let offset: number | undefined;
  let polling = false;
  let wake = () => {};
  const loop = (async () => {
    while (!stopped) {
      try {
        const held = await holdLease(db, POLLER_LEASE, POLLER_LEASE_MS);
        if (held !== polling) logEvent("info", { event: held ? "telegram-poller-started" : "telegram-poller-handed-over", message: held ? "this instance polls getUpdates" : "another instance polls getUpdates now" });
        polling = held;
        if (held) {
          const updates = await botApi<Update[]>("getUpdates", { offset, timeout: 0, allowed_updates: ALLOWED_UPDATES });
          for (const update of updates) {
            offset = (update.update_id ?? 0) + 1;
            await handleUpdate(update);
          }
        } else offset = undefined;
      } catch (error) {
        logEvent("error", { event: "telegram-bot-api-failed", method: "getUpdates", error: errorMessage(error) });
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, polling ? intervalMs : intervalMs * 2);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  })();
  /** Ends the loop (after the updates it is handling) and gives the lease back, so another instance polls at once. */
  return async () => {
    stopped = true;
    wake();
    await loop;
    if (polling) await releaseLease(db, POLLER_LEASE).catch(() => undefined);
  };
}
