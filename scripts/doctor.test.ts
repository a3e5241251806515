// The doctor's judgement, with the database and Redis probes given: what it tells a
// developer to register, and each problem with its fix.
import { describe, expect, it } from "vitest";
import { diagnose, render, type Probes } from "./doctor";
import { readdirSync } from "node:fs";

const migrated = readdirSync("prisma/migrations", { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const healthy: Probes = { appliedMigrations: async () => migrated, pingRedis: async () => {} };
const GOOD = {
  NODE_ENV: "production",
  AUTH_SECRET: "s".repeat(44),
  AUTH_URL: "https://vkhod.example.com",
  AUTH_GOOGLE_ID: "1234-abc.apps.googleusercontent.com",
  AUTH_GOOGLE_SECRET: "GOCSPX-secret",
  AUTH_TELEGRAM_BOT_TOKEN: "123456789:AAEexampleexampleexampleexample12",
  AUTH_TELEGRAM_BOT_USERNAME: "vkhod_bot",
  AUTH_TELEGRAM_WEBHOOK_URL: "https://vkhod.example.com/api/telegram/webhook",
};

describe("npm run doctor", () => {
  it("says exactly what to register for the current AUTH_URL, and finds nothing wrong in a good setup", async () => {
    const text = render(await diagnose(GOOD, healthy));
    expect(text).toContain("Google (google): configured");
    expect(text).toMatch(/redirect URI\s+https:\/\/vkhod\.example\.com\/api\/auth\/callback\/google/);
    expect(text).toMatch(/domain\s+vkhod\.example\.com/);
    expect(text).toMatch(/Web App URL\s+https:\/\/vkhod\.example\.com\/telegram\/app/);
    expect(text).toContain("VK ID (vkid): not configured: set AUTH_VKID_ID to offer it");
    expect(text).not.toContain("✗");
    expect(text.trim().endsWith("No problems found.")).toBe(true);
  });

  it("names each problem with its fix", async () => {
    const broken = {
      ...GOOD,
      AUTH_SECRET: "short",
      AUTH_URL: "http://localhost:3000",
      AUTH_GOOGLE_SECRET: "",
      AUTH_TELEGRAM_WEBHOOK_URL: "http://localhost:3000/api/telegram/webhook",
      DATABASE_URL: "postgresql://vkhod:hunter2@127.0.0.1:9/vkhod",
      REDIS_URL: "redis://127.0.0.1:9",
    };
    const down: Probes = {
      appliedMigrations: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:9");
      },
      pingRedis: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:9");
      },
    };
    const text = render(await diagnose(broken, down));
    for (const expected of [
      /✗ AUTH_SECRET is too short/,
      /✗ AUTH_URL is http:\/\/localhost:3000: http, not https\n    fix: Providers send people back only to https/,
      /✗ the PostgreSQL database postgresql:\/\/vkhod:\*\*\*@127\.0\.0\.1:9\/vkhod cannot be read: connect ECONNREFUSED/,
      /✗ Redis at redis:\/\/127\.0\.0\.1:9 does not answer/,
      /Google \(google\): partly configured\n  ✗ AUTH_GOOGLE_SECRET missing\n    fix: Set all of AUTH_GOOGLE_ID, AUTH_GOOGLE_SECRET, or none\./,
      /✗ Telegram refuses localhost as the widget's domain\n    fix: Serve the site on a public domain/,
      /✗ the webhook is on port 3000\n    fix: Telegram delivers webhooks only to ports 443, 80, 88 and 8443\./,
      /✗ Telegram cannot reach localhost/,
      /✗ the Web App URL is http/,
    ]) {
      expect(text).toMatch(expected);
    }
    expect(text).not.toContain("hunter2");
    expect(text).toMatch(/\d+ problems to fix\.$/);
  });

  it("wants the bot to hear /start somehow, and not both ways", async () => {
    const neither = render(await diagnose({ ...GOOD, AUTH_TELEGRAM_WEBHOOK_URL: "" }, healthy));
    expect(neither).toContain("✗ the bot has no way to hear /start\n    fix: Set AUTH_TELEGRAM_WEBHOOK_URL=https://vkhod.example.com/api/telegram/webhook");
    const both = render(await diagnose({ ...GOOD, AUTH_TELEGRAM_BOT_POLLING: "true" }, healthy));
    expect(both).toContain("✗ both AUTH_TELEGRAM_WEBHOOK_URL and AUTH_TELEGRAM_BOT_POLLING=true are set");
  });

  it("in production, names an emulator that AUTH_DEMO_PROVIDERS does not accept; a missing migration too", async () => {
    const text = render(
      await diagnose({ ...GOOD, AUTH_GOOGLE_ISSUER: "http://127.0.0.1:3900/google" }, { ...healthy, appliedMigrations: async () => migrated.slice(0, -1) }),
    );
    expect(text).toContain("✗ AUTH_GOOGLE_ISSUER is http://127.0.0.1:3900/google, which is not google's own service but an emulator or a local address");
    expect(text).toContain(`lacks 1 migration(s): ${migrated.at(-1)}`);
  });
});
