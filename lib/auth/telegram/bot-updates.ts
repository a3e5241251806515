// What the bot does with an Update, however it arrives (webhook or getUpdates):
// "/start <payload>" in a private chat confirms that deep-link sign-in, and the bot
// says so in the chat, in the person's language.
import "server-only";
import { db } from "@/lib/db";
import { botApi } from "./bot-api";
import { confirmLinkRequest, type ConfirmOutcome } from "./deep-link";

export type Update = {
  update_id?: number;
  message?: {
    text?: string;
    chat?: { id: number; type?: string };
    from?: { id: number; is_bot?: boolean; first_name?: string; last_name?: string; username?: string; language_code?: string };
  };
};

const replies: Record<ConfirmOutcome, { en: string; ru: string }> = {
  confirmed: { en: "You are signed in to Vkhod. Go back to your browser.", ru: "Вы вошли в Vkhod. Вернитесь в браузер." },
  expired: { en: "This sign-in link has expired. Start again on the site.", ru: "Ссылка для входа устарела. Начните заново на сайте." },
  used: { en: "This sign-in link was already used. Start again on the site.", ru: "Ссылка для входа уже использована. Начните заново на сайте." },
  unknown: { en: "This sign-in link is not valid. Start again on the site.", ru: "Ссылка для входа недействительна. Начните заново на сайте." },
};

export async function handleUpdate(update: Update) {
  const message = update.message;
  const start = /^\/start(?:@\w+)? ([A-Za-z0-9_-]{1,64})$/.exec(message?.text?.trim() ?? "");
  const from = message?.from;
  if (!start || !from || from.is_bot || message?.chat?.type !== "private" || !from.first_name) return;
  const outcome = await confirmLinkRequest(db, start[1]!, {
    id: from.id,
    first_name: from.first_name,
    ...(from.last_name ? { last_name: from.last_name } : {}),
    ...(from.username ? { username: from.username } : {}),
  });
  const language = from.language_code?.startsWith("ru") ? "ru" : "en";
  // The reply is a courtesy: a failure to send it must not undo the confirmation.
  await botApi("sendMessage", { chat_id: message.chat.id, text: replies[outcome][language] }).catch((error: unknown) =>
    console.error("[telegram] sendMessage failed:", error),
  );
}

/**
 * Polling mode, for a site Telegram cannot reach (no public URL): asks getUpdates
 * every `intervalMs` and handles what comes. Run it on one instance only: Telegram
 * refuses two pollers, and any poller while a webhook is set. Returns a stop function.
 */
export function pollUpdates(intervalMs = 1000): () => void {
  let stopped = false;
  let offset: number | undefined;
  void (async () => {
    while (!stopped) {
      try {
        const updates = await botApi<Update[]>("getUpdates", { offset, timeout: 0, allowed_updates: ["message"] });
        for (const update of updates) {
          offset = (update.update_id ?? 0) + 1;
          await handleUpdate(update);
        }
      } catch (error) {
        console.error("[telegram] getUpdates failed:", error);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return () => {
    stopped = true;
  };
}
