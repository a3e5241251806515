// The few Bot API calls Vkhod makes: POST <AUTH_TELEGRAM_BOT_API_URL>/bot<token>/<method>
// with JSON; Telegram answers {ok: true, result} or {ok: false, error_code, description}.
import "server-only";
import { createHmac } from "node:crypto";
import { env } from "@/lib/env";
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

/**
 * Registers the webhook (setWebhook) when AUTH_TELEGRAM_WEBHOOK_URL is set. The Bot
 * API may be briefly out of reach while the app starts: tries `attempts` times, a
 * second further apart each time.
 */
export async function registerWebhook(attempts = 6) {
  if (!env.AUTH_TELEGRAM_WEBHOOK_URL) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await botApi("setWebhook", { url: env.AUTH_TELEGRAM_WEBHOOK_URL, secret_token: webhookSecret(), allowed_updates: ["message", "callback_query"] });
      console.log(`[telegram] webhook registered: ${env.AUTH_TELEGRAM_WEBHOOK_URL}`);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
    }
  }
}
