// Polling mode end to end, without the app: the real poller against the emulated Bot
// API over HTTP, and a real SQLite file. A tester presses Start; the poller's
// getUpdates brings the update, the sign-in is confirmed and the bot answers.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestEmulator } from "@/emulators/kit/test-client";
import { TELEGRAM_DEMO_BOT } from "@/emulators/telegram";
import { createTestDatabase } from "@/lib/testing/database";

let telegram: Awaited<ReturnType<typeof startTestEmulator>>;
let database: ReturnType<typeof createTestDatabase>;
const saved = { ...process.env };
beforeAll(async () => {
  telegram = await startTestEmulator("telegram");
  database = createTestDatabase();
  // lib/env reads these when the modules below are first imported.
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    AUTH_TELEGRAM_BOT_TOKEN: TELEGRAM_DEMO_BOT.token,
    AUTH_TELEGRAM_BOT_USERNAME: TELEGRAM_DEMO_BOT.username,
    AUTH_TELEGRAM_BOT_API_URL: telegram.base,
  });
});
afterAll(async () => {
  process.env = saved;
  await telegram.emulators.close();
  await database.dispose();
});

describe("pollUpdates", () => {
  it("confirms a deep-link sign-in from getUpdates, and the bot answers in the chat", async () => {
    const { db } = await import("@/lib/db");
    const { startLinkRequest, linkStatus } = await import("./deep-link");
    const { pollUpdates } = await import("./bot-updates");
    const { payload, browserKey } = await startLinkRequest(db, 300);

    const stop = pollUpdates(100);
    try {
      const chat = await fetch(`${telegram.base}/t.me/start`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ payload, user: "ivan" }),
      });
      expect(await chat.text()).toContain("queued for getUpdates");
      await vi.waitFor(async () => expect((await linkStatus(db, payload, browserKey)).status).toBe("confirmed"), { timeout: 5000 });
    } finally {
      stop();
    }
    const status = await linkStatus(db, payload, browserKey);
    expect(status).toMatchObject({ user: { first_name: "Иван" } });
    // The reply went to the chat: open the same deep link's chat again to read it.
    const again = await fetch(`${telegram.base}/t.me/start`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ payload, user: "ivan" }),
    });
    expect(await again.text()).toContain("Вы вошли в Vkhod");
  });
});
