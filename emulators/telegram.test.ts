// The Telegram emulator signs as Telegram does: the app's own verifiers accept what it
// signs, and it refuses a widget request from a domain the bot was not set up for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLoginWidget, verifyWebAppData } from "@/lib/auth/telegram/verify";
import { testUsers } from "./kit/users";
import { expectErrorPage, startTestEmulator, TEST_APP, withParams } from "./kit/test-client";
import { signLoginWidget, signWebAppData, TELEGRAM_DEMO_BOT, TELEGRAM_DEMO_WEBAPP_KEY, webAppFields, widgetFields } from "./telegram";

const fresh = { now: Date.now(), maxAgeSeconds: 300, skewSeconds: 30 };
const anna = testUsers[0]!;
let telegram: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  telegram = await startTestEmulator("telegram");
});
afterAll(() => telegram.emulators.close());

describe("Telegram emulator", () => {
  it("signs widget fields that the app's verifier accepts", () => {
    const signed = signLoginWidget(widgetFields("http://emulator.test", anna), TELEGRAM_DEMO_BOT.token);
    expect(verifyLoginWidget(signed, TELEGRAM_DEMO_BOT.token, fresh)).toMatchObject({ ok: true, user: { first_name: "Anna" } });
  });

  it("signs Mini App data by HMAC and by Ed25519 that the app's verifier accepts", () => {
    const keys = { botToken: TELEGRAM_DEMO_BOT.token, botId: TELEGRAM_DEMO_BOT.id, publicKeyHex: TELEGRAM_DEMO_WEBAPP_KEY };
    for (const how of ["hmac", "signature"] as const) {
      expect(verifyWebAppData(signWebAppData(webAppFields("http://emulator.test", anna), how), keys, fresh)).toMatchObject({ ok: true });
    }
    // Telegram's production key does not verify the emulator's signatures.
    const production = { ...keys, publicKeyHex: "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d" };
    expect(verifyWebAppData(signWebAppData(webAppFields("http://emulator.test", anna), "signature"), production, fresh).ok).toBe(false);
  });

  it("refuses the widget for an unknown bot or a domain the bot was not set up for", async () => {
    const auth = (overrides: Record<string, string>) =>
      withParams(`${telegram.base}/oauth/auth`, { bot: TELEGRAM_DEMO_BOT.username, origin: TEST_APP, return_to: `${TEST_APP}/api/telegram/widget`, ...overrides });
    expect((await fetch(auth({}))).status).toBe(200);
    await expectErrorPage(auth({ bot: "someone_else_bot" }), 400, "Bot username invalid");
    await expectErrorPage(auth({ origin: "http://evil.test" }), 400, "Bot domain invalid");
    await expectErrorPage(auth({ return_to: "http://evil.test/steal" }), 400, "Bot domain invalid");
  });
});
