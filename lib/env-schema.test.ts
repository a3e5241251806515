import { describe, expect, it } from "vitest";
import { parseEnv } from "./env-schema";

const SECRET = "s".repeat(44);

describe("parseEnv", () => {
  it("accepts the minimum: a secret", () => {
    const env = parseEnv({ AUTH_SECRET: SECRET });
    expect(env.AUTH_GOOGLE_ISSUER).toBe("https://accounts.google.com");
    expect(env.AUTH_GOOGLE_ID).toBeUndefined();
    expect(env.AUTH_DEMO_PROVIDERS).toEqual([]);
    expect(env.AUTH_SESSION_MAX_AGE).toBe(30 * 24 * 60 * 60);
  });

  it("names a missing or short secret and says how to fix it", () => {
    expect(() => parseEnv({})).toThrow(/AUTH_SECRET is missing: run `npm run dev` once/);
    expect(() => parseEnv({ AUTH_SECRET: "  " })).toThrow(/AUTH_SECRET is missing/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET is too short/);
  });

  it("wants Google's id and secret together", () => {
    expect(() => parseEnv({ AUTH_SECRET: SECRET, AUTH_GOOGLE_ID: "id" })).toThrow(
      /AUTH_GOOGLE_SECRET is missing: this provider needs AUTH_GOOGLE_ID, AUTH_GOOGLE_SECRET together/,
    );
    expect(() => parseEnv({ AUTH_SECRET: SECRET, AUTH_GOOGLE_SECRET: "s" })).toThrow(/AUTH_GOOGLE_ID is missing/);
    expect(parseEnv({ AUTH_SECRET: SECRET, AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "s" }).AUTH_GOOGLE_ID).toBe("id");
  });

  it("wants all three of OK's credentials", () => {
    expect(() => parseEnv({ AUTH_SECRET: SECRET, AUTH_OK_ID: "1", AUTH_OK_SECRET: "s" })).toThrow(/AUTH_OK_PUBLIC_KEY is missing/);
  });

  it("gives each provider its production hosts by default", () => {
    const env = parseEnv({ AUTH_SECRET: SECRET });
    expect(env.AUTH_VKID_URL).toBe("https://id.vk.ru");
    expect(env.AUTH_VK_OAUTH_URL).toBe("https://oauth.vk.com");
    expect(env.AUTH_YANDEX_LOGIN_URL).toBe("https://login.yandex.ru");
    expect(env.AUTH_OK_API_URL).toBe("https://api.ok.ru");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ AUTH_SECRET: SECRET, AUTH_GOOGLE_ID: "", AUTH_GOOGLE_SECRET: " " }).AUTH_GOOGLE_ID).toBeUndefined();
  });

  it("checks URLs and trims their trailing slash", () => {
    expect(parseEnv({ AUTH_SECRET: SECRET, AUTH_GOOGLE_ISSUER: "http://127.0.0.1:3900/google/" }).AUTH_GOOGLE_ISSUER).toBe(
      "http://127.0.0.1:3900/google",
    );
    expect(() => parseEnv({ AUTH_SECRET: SECRET, AUTH_GOOGLE_ISSUER: "accounts.google.com" })).toThrow(
      /AUTH_GOOGLE_ISSUER must be an http\(s\) URL/,
    );
  });

  it("reads the demo provider list and the session lifetime", () => {
    const env = parseEnv({ AUTH_SECRET: SECRET, AUTH_DEMO_PROVIDERS: "google, vkid", AUTH_SESSION_MAX_AGE: "3600" });
    expect(env.AUTH_DEMO_PROVIDERS).toEqual(["google", "vkid"]);
    expect(env.AUTH_SESSION_MAX_AGE).toBe(3600);
    expect(() => parseEnv({ AUTH_SECRET: SECRET, AUTH_SESSION_MAX_AGE: "a month" })).toThrow(/AUTH_SESSION_MAX_AGE/);
  });

  it("in production, refuses a provider endpoint that is an emulator unless AUTH_DEMO_PROVIDERS accepts it", () => {
    const emulated = { AUTH_SECRET: SECRET, NODE_ENV: "production", AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "secret", AUTH_GOOGLE_ISSUER: "http://127.0.0.1:3900/google" };
    expect(() => parseEnv(emulated)).toThrow(/AUTH_GOOGLE_ISSUER is http:\/\/127\.0\.0\.1:3900\/google, which is not google's own service.*add google to AUTH_DEMO_PROVIDERS/);
    expect(parseEnv({ ...emulated, AUTH_DEMO_PROVIDERS: "google" }).AUTH_GOOGLE_ISSUER).toBe("http://127.0.0.1:3900/google");
    // Outside production (npm run dev, unit tests) the emulators are the point.
    expect(parseEnv({ ...emulated, NODE_ENV: "development" }).AUTH_GOOGLE_ISSUER).toBe("http://127.0.0.1:3900/google");
    // Another https address of the provider's own is fine; a local one is not.
    expect(parseEnv({ ...emulated, AUTH_GOOGLE_ISSUER: undefined, AUTH_VKID_URL: "https://id.vk.com" }).AUTH_VKID_URL).toBe("https://id.vk.com");
    for (const local of ["https://google.internal", "https://localhost.", "https://x.localhost.", "https://[::]", "https://[::ffff:7f00:1]", "https://[fd00::1]", "https://169.254.1.1", "https://100.64.0.1", "https://127.1", "https://emulator:4000", "https://127.0.0.1.nip.io", "https://LOCALHOST"]) {
      expect(() => parseEnv({ ...emulated, AUTH_GOOGLE_ISSUER: local }), local).toThrow(/AUTH_GOOGLE_ISSUER/);
    }
    // The Mini App: another signing key, or a launcher page, is the emulator's.
    expect(() => parseEnv({ AUTH_SECRET: SECRET, NODE_ENV: "production", AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY: "a".repeat(64) })).toThrow(/AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY/);
    expect(() => parseEnv({ AUTH_SECRET: SECRET, NODE_ENV: "production", AUTH_TELEGRAM_WEBAPP_LAUNCHERS: "http://127.0.0.1:3900" })).toThrow(/AUTH_TELEGRAM_WEBAPP_LAUNCHERS is http:\/\/127\.0\.0\.1:3900/);
    expect(parseEnv({ AUTH_SECRET: SECRET, NODE_ENV: "production", AUTH_TELEGRAM_WEBAPP_LAUNCHERS: "http://127.0.0.1:3900", AUTH_DEMO_PROVIDERS: "telegram-app" }).AUTH_TELEGRAM_WEBAPP_LAUNCHERS).toEqual(["http://127.0.0.1:3900"]);
  });

  it("wants a retention schedule of at least a minute", () => {
    expect(() => parseEnv({ AUTH_SECRET: SECRET, AUTH_RETENTION_INTERVAL: "0" })).toThrow(/AUTH_RETENTION_INTERVAL must be at least 60 seconds/);
  });

  it("refuses a DATABASE_URL that names no database it can use", () => {
    expect(() => parseEnv({ AUTH_SECRET: SECRET, DATABASE_URL: "mysql://db/vkhod" })).toThrow(/DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//);
    expect(parseEnv({ AUTH_SECRET: SECRET, DATABASE_URL: "postgresql://u@db/vkhod" }).DATABASE_URL).toBe("postgresql://u@db/vkhod");
  });
});
