// Abuse limits against real stores: a migrated SQLite file (the default) and, when
// redis-server is installed, a throwaway Redis. Each "instance" below is a fresh copy
// of the module with its own environment, Prisma client, limiters and memory, the way
// two app instances behind one load balancer are: what one counts, the other sees.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/env-schema";
import { redisInstalled, startRedis, type RedisServer } from "../../scripts/lib/redis.mjs";
import { createTestDatabase } from "@/lib/testing/database";

type Limits = typeof import("./rate-limit");

const saved = { ...process.env };
let database: ReturnType<typeof createTestDatabase>;
const clients: { $disconnect(): Promise<void> }[] = [];

beforeAll(() => {
  database = createTestDatabase();
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  process.env = saved;
  await Promise.all(clients.map((client) => client.$disconnect()));
  await database.dispose();
});

/** A fresh copy of lib/security/rate-limit (and lib/env, lib/db) reading `env`. */
async function instance(env: Record<string, string> = {}): Promise<Limits> {
  vi.resetModules();
  // lib/db keeps its client on globalThis outside production; a new instance makes its own.
  delete (globalThis as { vkhodPrisma?: unknown }).vkhodPrisma;
  process.env = { ...saved, DATABASE_URL: database.url, ...env };
  const limits = await import("./rate-limit");
  clients.push((await import("@/lib/db")).db);
  return limits;
}

const key = () => `test-${randomUUID()}`;

/** The warnings the instance made last logs (lib/log.ts, of that instance's modules). */
async function spyOnWarnings() {
  const { logger } = await import("@/lib/log");
  return vi.spyOn(logger, "warn");
}
const row = (name: string, k: string) => database.db.rateLimiterFlexible.findUnique({ where: { key: `vkhod:${name}:${k}` } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("limits in the database", () => {
  it("refuses a burst over the limit with retryAfter, and lets the next window through", async () => {
    const limits = await instance({ AUTH_LIMIT_SIGN_IN: "3/1" });
    const ip = key();
    for (let i = 0; i < 3; i++) expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
    expect(await limits.consume("sign-in", ip)).toEqual({ ok: false, retryAfter: 1 });
    // Counted in the database, not in memory.
    expect((await row("sign-in", ip))?.points).toBe(4);
    // Another key is not affected.
    expect(await limits.consume("sign-in", key())).toEqual({ ok: true });

    await sleep(1100);
    expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
    expect((await row("sign-in", ip))?.points).toBe(1);
  });

  it("shares counts between two instances on one database", async () => {
    const env = { AUTH_LIMIT_CALLBACK: "4/60" };
    const first = await instance(env);
    const second = await instance(env);
    expect(clients.at(-1)).not.toBe(clients.at(-2));
    const ip = key();
    expect(await first.consume("callback", ip)).toEqual({ ok: true });
    expect(await first.consume("callback", ip)).toEqual({ ok: true });
    expect(await second.consume("callback", ip)).toEqual({ ok: true });
    expect(await second.consume("callback", ip)).toEqual({ ok: true });
    const refused = await first.consume("callback", ip);
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfter).toBeGreaterThan(55);
    expect((await second.consume("callback", ip)).ok).toBe(false);
  });

  it("counts every one of 20 concurrent first hits, from two instances", async () => {
    const env = { AUTH_LIMIT_WEBHOOK: "5/60" };
    const [first, second] = [await instance(env), await instance(env)];
    const ip = key();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).consume("webhook", ip)));
    expect(results.filter((result) => result.ok)).toHaveLength(5);
    expect((await row("webhook", ip))?.points).toBe(20);
  });

  it("locks an account after its failures, on every instance, and says so once", async () => {
    const env = { AUTH_LIMIT_ACCOUNT_FAILURES: "3/60", AUTH_LIMIT_LOCK_SECONDS: "120" };
    const [first, second] = [await instance(env), await instance(env)];
    const [victim, bystander] = [key(), key()];
    expect(await first.accountLockedFor(victim)).toBe(0);

    expect(await first.recordAccountFailure(victim)).toEqual({ locked: false, newlyLocked: false, retryAfter: 0 });
    expect(await second.recordAccountFailure(victim)).toEqual({ locked: false, newlyLocked: false, retryAfter: 0 });
    const third = await first.recordAccountFailure(victim);
    expect(third).toMatchObject({ locked: true, newlyLocked: true });
    expect(third.retryAfter).toBeGreaterThan(115);
    expect(third.retryAfter).toBeLessThanOrEqual(120);
    expect(await second.recordAccountFailure(victim)).toMatchObject({ locked: true, newlyLocked: false });

    for (const limits of [first, second]) {
      const left = await limits.accountLockedFor(victim);
      expect(left).toBeGreaterThan(115);
      expect(left).toBeLessThanOrEqual(120);
      expect(await limits.accountLockedFor(bystander)).toBe(0);
    }
    expect(await first.recordAccountFailure(bystander)).toMatchObject({ locked: false });
  });

  it("reports one new lock when failures race past the limit", async () => {
    const env = { AUTH_LIMIT_ACCOUNT_FAILURES: "3/60" };
    const [first, second] = [await instance(env), await instance(env)];
    const victim = key();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? first : second).recordAccountFailure(victim)));
    expect(results.filter((result) => result.locked)).toHaveLength(6);
    expect(results.filter((result) => result.newlyLocked)).toHaveLength(1);
  });

  it("keeps the account lock when AUTH_LIMITS=off turns the request limits off", async () => {
    const limits = await instance({ AUTH_LIMITS: "off", AUTH_LIMIT_SIGN_IN: "1/60", AUTH_LIMIT_ACCOUNT_FAILURES: "1/60" });
    const ip = key();
    for (let i = 0; i < 5; i++) expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
    expect(await row("sign-in", ip)).toBeNull();
    expect(await limits.recordAccountFailure(ip)).toMatchObject({ locked: true, newlyLocked: true });
  });

  it("answers from memory when the database is slower than its bound (3 s)", { timeout: 20_000 }, async () => {
    const limits = await instance({ AUTH_LIMIT_TELEGRAM_APP: "1/60" });
    const { db } = await import("@/lib/db");
    // A count is one raw statement (lib/security/rate-limit.ts, RateLimiterDatabase).
    vi.spyOn(db, "$queryRaw").mockImplementation(() => new Promise(() => {}) as never);
    const ip = key();
    const started = Date.now();
    expect(await limits.consume("telegram-app", ip)).toEqual({ ok: true });
    expect(await limits.consume("telegram-app", ip)).toMatchObject({ ok: false });
    // Each waited for the bound, never for the store that does not answer.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await row("telegram-app", ip)).toBeNull();
  });

  it.each([
    ["a database without the table", (dir: string) => `file:${join(dir, "empty.db")}`],
    ["a database that cannot be opened", (dir: string) => `file:${dir}`],
  ])("counts in memory, without throwing, on %s", async (_, url) => {
    const dir = mkdtempSync(join(tmpdir(), "vkhod-broken-"));
    try {
      const limits = await instance({ DATABASE_URL: url(dir), AUTH_LIMIT_SIGN_IN: "2/60", AUTH_LIMIT_ACCOUNT_FAILURES: "2/60" });
      const warn = await spyOnWarnings();
      const ip = key();
      expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
      expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
      // The limit still holds, in this instance's memory.
      expect(await limits.consume("sign-in", ip)).toMatchObject({ ok: false });
      expect(await limits.recordAccountFailure(ip)).toMatchObject({ locked: false });
      expect(await limits.recordAccountFailure(ip)).toMatchObject({ locked: true, newlyLocked: true });
      expect(await limits.accountLockedFor(ip)).toBeGreaterThan(0);
      await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: "limit-store-down", store: "the database" })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("clientKey", () => {
  it("takes the address the nearest proxy saw, and an IPv6 client's /64", async () => {
    const { clientKey } = await instance();
    const of = (forwarded?: string) => clientKey(new Headers(forwarded ? { "x-forwarded-for": forwarded } : {}));
    expect(of("203.0.113.9, 198.51.100.7")).toBe("198.51.100.7");
    expect(of("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(of("2001:DB8:1:2:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(of("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(of("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(of()).toBe("unknown");
  });
});

describe("the limits' environment", () => {
  const base = { AUTH_SECRET: "unit-tests-only-secret-0123456789abcdef" };
  it("reads <points>/<seconds>, with defaults", () => {
    const env = parseEnv({ ...base, AUTH_LIMIT_TELEGRAM_APP: "7/30" });
    expect(env.AUTH_LIMIT_TELEGRAM_APP).toEqual({ points: 7, seconds: 30 });
    expect(env.AUTH_LIMIT_BOT_LOGIN_START).toEqual({ points: 10, seconds: 600 });
    expect(env.AUTH_LIMITS).toBe(true);
    expect(env.AUTH_LIMIT_LOCK_SECONDS).toBe(900);
  });
  it.each(["20", "20/", "0/60", "20/0", "x/60", "-1/60"])("refuses AUTH_LIMIT_SIGN_IN=%s with the fix", (value) => {
    expect(() => parseEnv({ ...base, AUTH_LIMIT_SIGN_IN: value })).toThrow("AUTH_LIMIT_SIGN_IN must be <points>/<seconds>, such as 20/60");
  });
  it("refuses other AUTH_LIMITS than on and off, and a REDIS_URL that is not redis://", () => {
    expect(() => parseEnv({ ...base, AUTH_LIMITS: "no" })).toThrow("AUTH_LIMITS must be on or off");
    expect(() => parseEnv({ ...base, REDIS_URL: "http://127.0.0.1:6379" })).toThrow("REDIS_URL must be a redis://");
  });
});

describe("the 429 answer", () => {
  const request = (path: string, headers: Record<string, string>) => new Request(`http://localhost${path}`, { headers });

  it("is a page in Russian for Accept-Language: ru, with Retry-After and a way back", async () => {
    const { limitedResponse } = await import("./rate-limit-response");
    const response = limitedResponse(request("/api/auth/signin/google", { "accept-language": "ru-RU,ru;q=0.9,en;q=0.5", accept: "text/html" }), 90);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("90");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain("Слишком много попыток");
    expect(html).toContain("Подождите примерно 2 минуты");
    expect(html).toContain('<a href="/login">Вернуться ко входу</a>');
    expect(html).not.toContain("<script");
  });

  it.each([
    [1, "1 секунду"],
    [3, "3 секунды"],
    [45, "45 секунд"],
    [60, "1 минуту"],
    [300, "5 минут"],
    [1260, "21 минуту"],
    [86_400, "24 часа"],
  ])("says %i seconds in Russian as «%s»", async (seconds, words) => {
    const { limitedResponse } = await import("./rate-limit-response");
    const html = await limitedResponse(request("/login", { "accept-language": "ru" }), seconds).text();
    expect(html).toContain(`Подождите примерно ${words} и попробуйте снова.`);
  });

  it("follows the language switch's cookie over Accept-Language", async () => {
    const { limitedResponse } = await import("./rate-limit-response");
    const html = await limitedResponse(request("/login", { "accept-language": "ru", cookie: "a=b; NEXT_LOCALE=en" }), 30).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Please wait about 30 seconds and try again.");
  });

  it("is JSON for scripts: Accept: application/json, or a fetch to /api/", async () => {
    const { limitedResponse } = await import("./rate-limit-response");
    for (const asked of [
      request("/login/telegram", { accept: "application/json" }),
      request("/api/telegram/bot-login", { accept: "*/*", "sec-fetch-mode": "cors" }),
      request("/api/telegram/webhook", {}),
    ]) {
      const response = limitedResponse(asked, 12.2);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("13");
      expect(await response.json()).toEqual({ status: "limited", retryAfter: 13 });
    }
    const navigation = limitedResponse(request("/api/telegram/widget", { accept: "text/html,*/*;q=0.8", "sec-fetch-mode": "navigate" }), 5);
    expect(navigation.headers.get("content-type")).toContain("text/html");
  });

  it("is what GET /limited answers, with retryAfter clamped to 1..86400", async () => {
    const { NextRequest } = await import("next/server");
    const { GET } = await import("@/app/limited/route");
    const retryAfter = (query: string) => GET(new NextRequest(`http://localhost/limited${query}`)).headers.get("retry-after");
    expect(retryAfter("?retryAfter=42")).toBe("42");
    expect(retryAfter("?retryAfter=999999")).toBe("86400");
    expect(retryAfter("?retryAfter=0")).toBe("1");
    expect(retryAfter("?retryAfter=-5")).toBe("1");
    expect(retryAfter("?retryAfter=soon")).toBe("60");
    expect(retryAfter("")).toBe("60");
    expect(GET(new NextRequest("http://localhost/limited?retryAfter=42")).status).toBe(429);
  });
});

// ── Redis ────────────────────────────────────────────────────────────────────────
const redisSkipped = redisInstalled ? "" : " (skipped: redis-server is not installed; `apt-get install -y redis-server`)";

describe.skipIf(!redisInstalled)(`limits in Redis${redisSkipped}`, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it("shares counts between two instances, and lets the next window through", async () => {
    const env = () => ({ REDIS_URL: redis.url, AUTH_LIMIT_SIGN_IN: "4/1", AUTH_LIMIT_ACCOUNT_FAILURES: "2/60" });
    const [first, second] = [await instance(env()), await instance(env())];
    const ip = key();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).consume("sign-in", ip)));
    expect(results.filter((result) => result.ok)).toHaveLength(4);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, retryAfter: 1 });
    // Nothing of it in the database: Redis counted.
    expect(await row("sign-in", ip)).toBeNull();

    await sleep(1100);
    expect(await second.consume("sign-in", ip)).toEqual({ ok: true });

    const victim = key();
    expect(await first.recordAccountFailure(victim)).toMatchObject({ locked: false });
    expect(await second.recordAccountFailure(victim)).toMatchObject({ locked: true, newlyLocked: true });
    expect(await first.accountLockedFor(victim)).toBeGreaterThan(800);
  });

  it("answers from memory while Redis hangs, within the timeout", async () => {
    const limits = await instance({ REDIS_URL: redis.url, AUTH_LIMIT_WEBHOOK: "2/60" });
    const ip = key();
    expect(await limits.consume("webhook", ip)).toEqual({ ok: true });
    redis.process.kill("SIGSTOP");
    try {
      const started = Date.now();
      expect(await limits.consume("webhook", ip)).toEqual({ ok: true });
      expect(await limits.consume("webhook", ip)).toEqual({ ok: true });
      expect(await limits.consume("webhook", ip)).toMatchObject({ ok: false });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      redis.process.kill("SIGCONT");
    }
  });

  it("counts in memory, without throwing, while Redis is down", async () => {
    const limits = await instance({ REDIS_URL: redis.url, AUTH_LIMIT_SIGN_IN: "2/60" });
    const ip = key();
    expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
    const warn = await spyOnWarnings();
    const stopped = new Promise((resolve) => redis.process.once("exit", resolve));
    redis.process.kill("SIGTERM");
    await stopped;
    expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
    expect(await limits.consume("sign-in", ip)).toEqual({ ok: true });
    expect(await limits.consume("sign-in", ip)).toMatchObject({ ok: false });
    // ioredis reports the refused reconnection a moment later.
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: "limit-store-down", store: "Redis (REDIS_URL)" })), { timeout: 3000 });
  });
});
