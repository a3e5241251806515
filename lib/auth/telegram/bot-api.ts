// The few Bot API calls Vkhod makes: POST <AUTH_TELEGRAM_BOT_API_URL>/bot<token>/<method>
// with JSON; Telegram answers {ok: true, result} or {ok: false, error_code, description}.
import "server-only";
import { errorMessage, logEvent } from "@/lib/log";
import { createHash, createHmac } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { holdLease } from "@/lib/leases";
import { isShuttingDown } from "@/lib/shutdown";
import { providerFetch } from "../providers/fetch";

export class BotApiError extends Error {}

export async function botApi<T = unknown>(method: string, params: Record<string, unknown>): Promise<T> {
  const response = await providerFetch(`${env.AUTH_TELEGRAM_BOT_API_URL}/bot${env.AUTH_TELEGRAM_BOT_TOKEN}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  const answer = (await response.json().catch(() => ({}))) as { ok?: boolean; result?: T; error_code?: number; description?: string };
  if (!answer.ok) throw new BotApiError(`Bot API ${method}: ${answer.error_code ?? response.status} ${answer.description ?? ""}`);
  return answer.result as T;
}

/**
 * The secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token with every webhook
 * call: derived from AUTH_SECRET, so there is nothing more to configure.
 */
export const webhookSecret = () => createHmac("sha256", env.AUTH_SECRET).update("telegram-webhook").digest("base64url");

/** After one instance registered the webhook, the others skip it for this long. */
const REGISTERED_MS = 10 * 60 * 1000;

/**
 * Registers the webhook (setWebhook) when AUTH_TELEGRAM_WEBHOOK_URL is set, once for
 * all the instances that start together: the first to take the lease named after this
 * registration (URL, secret and update types, hashed) calls Telegram; the others see it
 * taken and skip, unless Telegram says the webhook is not ours. A new URL or secret is
 * a new name, so it is registered at once. The
 * Bot API may be briefly out of reach while the app starts: it logs a failure after
 * `attempts` tries and goes on trying, a
 * second further apart each time (a minute at most), for as long as it takes, keeping the
 * lease so that no other instance gives up on it meanwhile.
 */
export async function registerWebhook(attempts = 6) {
  if (!env.AUTH_TELEGRAM_WEBHOOK_URL) return;
  const params = { url: env.AUTH_TELEGRAM_WEBHOOK_URL, secret_token: webhookSecret(), allowed_updates: ["message", "callback_query"] };
  const lease = `telegram-webhook:${createHash("sha256").update(JSON.stringify(params)).digest("base64url").slice(0, 22)}`;
  // Telegram's word first (it cannot tell the secret): a webhook elsewhere, or none (a
  // Bot API that forgot it, an operator's deleteWebhook), is set again by any instance.
  const current = await botApi<{ url?: string }>("getWebhookInfo", {}).catch(() => undefined);
  const elsewhere = current !== undefined && current.url !== params.url;
  if (!(await holdLease(db, lease, REGISTERED_MS)) && !elsewhere) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await botApi("setWebhook", params);
      logEvent("info", { event: "telegram-webhook-registered", url: env.AUTH_TELEGRAM_WEBHOOK_URL });
      return;
    } catch (error) {
      // The others skipped it because this instance took it on: it keeps trying (and
      // keeps the lease) until Telegram takes it, a minute apart at most.
      if (attempt === attempts) logEvent("error", { event: "telegram-webhook-failed", error: errorMessage(error), message: "still trying" });
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt, 60) * 1000));
      // A stopping instance stops trying: the next one to start asks Telegram again,
      // which shows no webhook of ours, and sets it.
      if (isShuttingDown()) return;
      await holdLease(db, lease, REGISTERED_MS).catch(() => undefined);
    }
  }
}
