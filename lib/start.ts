// What the server does once at start (instrumentation.ts calls it, in Node.js only).
// Validates the environment (a bad variable stops the start with its name and fix),
// checks that the database is reachable and migrated (else the start stops, saying what
// to do, rather than serving error pages), installs the clean stop on SIGTERM
// (lib/shutdown.ts: the background work stopped, the database and Redis closed after
// the last answer, exit 0), schedules the retention (lib/retention.ts), then connects
// the Telegram bot: registers its webhook when AUTH_TELEGRAM_WEBHOOK_URL is set, or
// polls getUpdates when AUTH_TELEGRAM_BOT_POLLING=true (for a site Telegram cannot reach).
export async function start() {
  // Next.js only logs an error thrown here and goes on serving: stop instead.
  const stop = (message: string) => {
    console.error(`\n${message}\n`);
    process.exit(1);
  };
  let env: typeof import("@/lib/env").env;
  try {
    ({ env } = await import("@/lib/env"));
  } catch (error) {
    return stop(`[start] ${error instanceof Error ? error.message : String(error)}`);
  }
  const { checkDatabase } = await import("@/lib/database-check");
  const database = await checkDatabase();
  if (!database.ok) return stop(`[start] ${database.problem}\n[start] ${database.fix}`);
  const { handleShutdown, onLastAnswer, onShutdown } = await import("@/lib/shutdown");
  // Under `next start` only: `next dev` runs the server in a child process of its own
  // and stops it its own way.
  if (process.env.NODE_ENV === "production") handleShutdown();
  const [{ db }, { closeRedis }] = await Promise.all([import("@/lib/db"), import("@/lib/redis")]);
  onLastAnswer(() => db.$disconnect());
  onLastAnswer(closeRedis);
  // Deletes what is past its retention, now and on a schedule (lib/retention.ts).
  const { scheduleRetention } = await import("@/lib/retention");
  onShutdown(scheduleRetention());
  if (!env.AUTH_TELEGRAM_BOT_TOKEN) return;
  if (env.AUTH_TELEGRAM_BOT_POLLING) {
    const { pollUpdates } = await import("@/lib/auth/telegram/bot-updates");
    onShutdown(pollUpdates());
    return;
  }
  const { registerWebhook } = await import("@/lib/auth/telegram/bot-api");
  // In the background: the server starts answering meanwhile.
  const { errorMessage, logEvent } = await import("@/lib/log");
  void registerWebhook().catch((error: unknown) => logEvent("error", { event: "telegram-webhook-failed", error: errorMessage(error) }));
}
