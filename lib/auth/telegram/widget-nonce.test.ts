// The Login Widget's nonce against a real SQLite file: only this browser's, once, fresh;
// a cookie the client wrote itself is no nonce at all.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretJar } from "@/lib/security/cookies";
import { createTestDatabase } from "@/lib/testing/database";
import { issueWidgetNonce, takeWidgetNonce } from "./widget-nonce";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

function browser(initial?: string): SecretJar & { value(): string | undefined } {
  let secret = initial;
  return {
    get: async () => secret,
    set: async (value) => void (secret = value),
    clear: async () => void (secret = undefined),
    value: () => secret,
  };
}

describe("widget nonce", () => {
  it("is accepted from the browser that got it, once", async () => {
    const mine = browser();
    const nonce = await issueWidgetNonce(mine);
    expect(nonce).toMatch(/^[\w-]{43}$/);
    // The same browser asking again (a second tab) gets the same one.
    expect(await issueWidgetNonce(mine)).toBe(nonce);
    // Another browser's cookie does not go with it.
    expect(await takeWidgetNonce(nonce, { jar: browser(), db: database.db })).toBe(false);
    const other = browser();
    await issueWidgetNonce(other);
    expect(await takeWidgetNonce(nonce, { jar: other, db: database.db })).toBe(false);
    expect(await takeWidgetNonce(nonce, { jar: mine, db: database.db })).toBe(true);
    expect(mine.value()).toBeUndefined();
    // Used: even with the cookie put back, it does not work twice.
    const replayed = browser();
    const again = await issueWidgetNonce(replayed);
    expect(await takeWidgetNonce(again, { jar: replayed, db: database.db })).toBe(true);
    await replayed.set(replayed.value() ?? "");
    expect(await takeWidgetNonce(again, { jar: replayed, db: database.db })).toBe(false);
  });

  it("expires, and refuses a cookie it could not have made", async () => {
    const jar = browser();
    const nonce = await issueWidgetNonce(jar);
    expect(await takeWidgetNonce(nonce, { jar, db: database.db, now: Date.now() + 11 * 60_000 })).toBe(false);
    // A client's own cookie with a far-off expiry (it would be kept for ever once used).
    for (const forged of [`99999999999.${"a".repeat(32)}`, `${Math.floor(Date.now() / 1000) + 86_400 * 365}.${"b".repeat(32)}`, "1.short"]) {
      const jarWithForgery = browser(forged);
      // Not taken as this browser's nonce: a new one replaces it.
      // Nor used with the public half it would have (as the nonce route would have answered).
      const half = createHmac("sha256", process.env.AUTH_SECRET!).update(`telegram-widget-nonce:${forged}`).digest("base64url");
      expect(await takeWidgetNonce(half, { jar: jarWithForgery, db: database.db })).toBe(false);
      await issueWidgetNonce(jarWithForgery);
      expect(jarWithForgery.value()).not.toBe(forged);
    }
    expect(await database.db.usedTelegramPayload.count({ where: { expiresAt: { gt: new Date(Date.now() + 3600_000) } } })).toBe(0);
    expect(await takeWidgetNonce("not-a-nonce", { jar, db: database.db })).toBe(false);
    expect(await takeWidgetNonce(null, { jar, db: database.db })).toBe(false);
  });
});
