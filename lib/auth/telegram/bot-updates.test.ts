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

const form = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) }).then((r) => r.text());

describe("pollUpdates", () => {
  it("asks in the chat who is signing in, and only the button press confirms it", async () => {
    const { db } = await import("@/lib/db");
    const { createBotLogin, botLoginStatus } = await import("./bot-login-requests");
    const { pollUpdates } = await import("./bot-updates");
    const asker = { ip: "198.51.100.23", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/156.0 Safari/537.36", site: "vkhod.example" };
    const { payload, browserKey } = await createBotLogin(db, 300, asker);
    const chatUrl = `${telegram.base}/t.me/${TELEGRAM_DEMO_BOT.username}/chat?user=ivan`;

    const stop = pollUpdates(100);
    try {
      expect(await form(`${telegram.base}/t.me/start`, { payload, user: "ivan" })).toContain("queued for getUpdates");
      // The bot describes the browser that asked, in Ivan's language, with two buttons.
      await vi.waitFor(async () => expect(await (await fetch(chatUrl)).text()).toContain("Да, это я"), { timeout: 5000 });
      const chat = await (await fetch(chatUrl)).text();
      for (const fact of ["vkhod.example", "Chrome · Windows", "198.51.100.23", "UTC", "Нет"]) expect(chat).toContain(fact);
      expect((await botLoginStatus(db, payload, browserKey)).status).toBe("pending");

      const messageId = /name="message_id" value="(\d+)"/.exec(chat)![1]!;
      await form(`${telegram.base}/t.me/callback`, { user: "ivan", message_id: messageId, data: `yes:${payload}` });
      await vi.waitFor(async () => expect((await botLoginStatus(db, payload, browserKey)).status).toBe("confirmed"), { timeout: 5000 });
      // The query is answered and the message edited to the result, without its buttons.
      await vi.waitFor(async () => expect(await (await fetch(chatUrl)).text()).toContain("Вы вошли в vkhod.example"), { timeout: 5000 });
      expect(await (await fetch(chatUrl)).text()).not.toContain("Да, это я");
    } finally {
      await stop();
    }
    expect(await botLoginStatus(db, payload, browserKey)).toMatchObject({ user: { first_name: "Иван" } });
  });

  it("cancels the request when the person presses No, and tells the waiting browser", async () => {
    const { db } = await import("@/lib/db");
    const { createBotLogin, botLoginStatus } = await import("./bot-login-requests");
    const { pollUpdates } = await import("./bot-updates");
    const { payload, browserKey } = await createBotLogin(db, 300, { ip: null, userAgent: null, site: "vkhod.example" });
    const chatUrl = `${telegram.base}/t.me/${TELEGRAM_DEMO_BOT.username}/chat?user=anna`;
    const stop = pollUpdates(100);
    try {
      await form(`${telegram.base}/t.me/start`, { payload, user: "anna" });
      await vi.waitFor(async () => expect(await (await fetch(chatUrl)).text()).toContain(`no:${payload}`), { timeout: 5000 });
      const messageId = [...(await (await fetch(chatUrl)).text()).matchAll(/name="message_id" value="(\d+)"/g)].at(-1)![1]!;
      await form(`${telegram.base}/t.me/callback`, { user: "anna", message_id: messageId, data: `no:${payload}` });
      await vi.waitFor(async () => expect((await botLoginStatus(db, payload, browserKey)).status).toBe("denied"), { timeout: 5000 });
      await vi.waitFor(async () => expect(await (await fetch(chatUrl)).text()).toContain("Sign-in cancelled"), { timeout: 5000 });
    } finally {
      await stop();
    }
  });
});
