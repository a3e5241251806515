// Runs once when the server starts: validates the environment (a bad variable stops
// the start with its name and fix), then connects the Telegram bot: registers its
// webhook when AUTH_TELEGRAM_WEBHOOK_URL is set, or polls getUpdates when
// AUTH_TELEGRAM_BOT_POLLING=true (for a site Telegram cannot reach).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env.AUTH_TELEGRAM_BOT_TOKEN) return;
  if (env.AUTH_TELEGRAM_BOT_POLLING) {
    const { pollUpdates } = await import("@/lib/auth/telegram/bot-updates");
    pollUpdates();
    console.log("[telegram] polling getUpdates");
    return;
  }
  const { registerWebhook } = await import("@/lib/auth/telegram/bot-api");
  // In the background: the server starts answering meanwhile.
  void registerWebhook().catch((error: unknown) => console.error("[telegram] could not register the webhook:", error));
}
