// Several production instances on one database (SQLite here, PostgreSQL in the second
// run of `npm test`), as a site behind a load balancer runs them: whatever one
// instance knows, the others know, and work meant to be done once is done once.
// A browser's cookies for localhost go to every port, as a load balancer's one
// hostname would make them.
import { spawn, type ChildProcess } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import { TELEGRAM_DEMO_BOT } from "../emulators/telegram";
import { newPerson, type Person } from "./fixtures/account";
import { count } from "./fixtures/db";
import { redisInstalled, startRedis } from "../scripts/lib/redis.mjs";
import { e2eEnv } from "./fixtures/env";
import { startInstances, type Instances } from "./fixtures/instances";
import { expectFailedSignIn, recordDocuments, sessionCookie } from "./fixtures/sign-in";
import { answerInTelegram, askWidgetNonce, signedWidgetPayload, widgetUrl } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

test.describe.configure({ timeout: 60_000 });

let pair: Instances;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  pair = await startInstances(2, {});
});
test.afterAll(() => pair?.close());

const signedFor = (person: Person) => signedWidgetPayload(person.name);

/** Signs `person` in with the Telegram widget on the instance at `base` (with this payload); returns the payload. */
async function widgetSignIn(page: Page, base: string, person: Person, payload = signedFor(person)) {
  await page.goto(`${base}${widgetUrl(payload, { nonce: await askWidgetNonce(page, base) })}`);
  await expect(page).toHaveURL(`${base}/account`);
  await expect(page.getByTestId("account-name")).toHaveText(person.name);
  return payload;
}

test("a session made on one instance is honoured by the other, and ending it on the other ends it on both", async ({ page, browser }) => {
  const [a, b] = pair.urls as [string, string];
  const person = newPerson("Two instances");
  await widgetSignIn(page, a, person);
  await page.goto(`${b}/account`);
  await expect(page.getByTestId("account-name")).toHaveText(person.name);
  expect((await (await page.request.get(`${b}/api/auth/session`)).json())?.user?.name).toBe(person.name);

  // The same person in a second browser, on the other instance, signs the first out.
  const phone = await (await browser.newContext()).newPage();
  await widgetSignIn(phone, b, person);
  await phone.goto(`${b}/account/sessions`);
  const sessions = phone.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await sessions.filter({ hasNotText: "This device" }).getByRole("button", { name: "Sign out" }).click();
  await expect(phone.getByRole("status").filter({ hasText: /That session is signed out/ })).toBeVisible();

  // Its next request is no session on either instance, /api/auth/session included.
  const ended = (await sessionCookie(page.context()))!;
  for (const base of [a, b]) {
    const answer = await fetch(`${base}/api/auth/session`, { headers: { cookie: `${ended.name}=${ended.value}` } });
    expect(await answer.json()).toBeNull();
  }
  await page.goto(`${a}/account`);
  await expect(page).toHaveURL(/\/login\?error=session-ended/);
  expect(await sessionCookie(page.context())).toBeUndefined();
  // The honest session lives on, on both.
  for (const base of [a, b]) {
    await phone.goto(`${base}/account`);
    await expect(phone.getByTestId("account-name")).toHaveText(person.name);
  }
  await phone.context().close();
});

/** Requests from this page come from `address` (X-Forwarded-For), so that per-address limits stay the test's own. */
const fromAddress = (page: Page, address: string) =>
  page.route("**/*", (route) => route.continue({ headers: { ...route.request().headers(), "x-forwarded-for": address } }));
const anAddress = (prefix: string) => `${prefix}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

/** The widget payload, sent from a new browser to the instance at `base`, is refused with `message` and no session. */
async function expectRefusedIn(browser: Browser, base: string, payload: Record<string, string>, message: RegExp, { locale, address }: { locale?: string; address?: string } = {}) {
  const page = await (await browser.newContext(locale ? { locale } : {})).newPage();
  if (address) await fromAddress(page, address);
  const documents = recordDocuments(page);
  await page.goto(`${base}${widgetUrl(payload, { nonce: await askWidgetNonce(page, base) })}`);
  await expectFailedSignIn(page, documents, message);
  expect(await sessionCookie(page.context())).toBeUndefined();
  await page.context().close();
}

test("a Telegram payload used on one instance is refused on the other", async ({ page, browser }) => {
  const [a, b] = pair.urls as [string, string];
  const payload = await widgetSignIn(page, a, newPerson("Replay across"));
  await expectRefusedIn(browser, b, payload, /already used/);
});

test("with Redis (REDIS_URL), used payloads and limits are shared there: a payload used on one instance is refused on the other, a burst is limited across both, and the database holds neither", async ({ page, browser, request }) => {
  test.skip(!redisInstalled, "redis-server is not installed (npm test installs it)");
  test.setTimeout(120_000);
  const redis = await startRedis();
  const withRedis = await startInstances(2, { REDIS_URL: redis.url, AUTH_LIMIT_TELEGRAM_WIDGET: "3/60" });
  try {
    const [a, b] = withRedis.urls as [string, string];
    const person = newPerson("Redis replay");
    await fromAddress(page, anAddress("198.18"));
    const payload = await widgetSignIn(page, a, person);
    expect(await count("SELECT count(*) AS n FROM UsedTelegramPayload WHERE proof LIKE ?", `%${payload.hash}%`)).toBe(0);
    await expectRefusedIn(browser, b, payload, /already used/);

    // The widget limit, 3 a minute per address, counted once for both instances.
    const headers = { "x-forwarded-for": anAddress("198.19") };
    const statuses = [];
    for (const base of [a, b, a, b]) statuses.push((await request.get(`${base}/api/telegram/widget`, { headers, maxRedirects: 0 })).status());
    expect(statuses).toEqual([303, 303, 303, 429]);
    expect(await count("SELECT count(*) AS n FROM RateLimiterFlexible WHERE key LIKE ?", `%${headers["x-forwarded-for"]}%`)).toBe(0);

    // Redis stops answering: a Telegram sign-in is refused as briefly unavailable (the
    // database has not seen what Redis holds, so it may not judge), in both languages,
    // with no session; once Redis answers again the same person signs in.
    const late = newPerson("Redis paused");
    redis.process.kill("SIGSTOP");
    try {
      // Each browser at an address of its own: the widget's limit (3 a minute) stays out of the way.
      for (const [locale, text] of [["en-US", /briefly unavailable/], ["ru-RU", /временно недоступен/]] as const) {
        await expectRefusedIn(browser, b, signedFor(late), text, { locale, address: anAddress("198.18") });
      }
    } finally {
      redis.process.kill("SIGCONT");
    }
    expect(await count("SELECT count(*) AS n FROM User WHERE name = ?", late.name)).toBe(0);
    const again = await (await browser.newContext()).newPage();
    await fromAddress(again, anAddress("198.18"));
    await widgetSignIn(again, b, late);
    await again.context().close();
  } finally {
    await withRedis.close();
    await redis.stop();
  }
});

test("each decision and refusal is one JSON log line with the request's id, and no secret or payload", async ({ page, browser }) => {
  const [a, b] = pair.urls as [string, string];
  const person = newPerson("Logged");
  const fields = await widgetSignIn(page, a, person);
  // The same payload again, on B, claiming another request's id: it gets one of its own.
  const other = await browser.newContext();
  const replayer = await other.newPage();
  const nonce = await askWidgetNonce(replayer, b);
  const replay = await replayer.request.get(`${b}${widgetUrl(fields, { nonce })}`, { maxRedirects: 0, headers: { "x-request-id": "someone-elses-request-0001" } });
  const id = replay.headers()["x-request-id"]!;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(replay.headers().location).toMatch(/\/login\?error=telegram-replayed$/);
  await other.close();

  const lines = () =>
    pair
      .output()
      .join("\n")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  await expect.poll(() => lines().some((line) => line.requestId === id && line.event === "sign-in-refused")).toBe(true);
  const refusal = lines().find((line) => line.requestId === id && line.event === "sign-in-refused")!;
  expect(lines().some((line) => line.requestId === "someone-elses-request-0001")).toBe(false);
  expect(refusal).toMatchObject({ level: "warn", service: "vkhod", provider: "telegram-widget", reason: "replayed" });
  expect(typeof refusal.time).toBe("string");
  expect(lines().some((line) => line.event === "identity-decision" && line.outcome === "sign-in" && line.provider === "telegram-widget")).toBe(true);
  // Nothing that proves anything: not the payload's hash, the bot token, the secret or a cookie.
  const everything = pair.output().join("\n");
  for (const secret of [fields.hash!, TELEGRAM_DEMO_BOT.token, e2eEnv().authSecret, (await sessionCookie(page.context()))!.value]) {
    expect(everything.includes(secret)).toBe(false);
  }
});

test("a bot login started on one instance completes on the other", async ({ page, browser }) => {
  const [a, b] = pair.urls as [string, string];
  const person = newPerson("Bot login across");
  // Started on A: the waiting page, its deep link and the browser's key (a cookie).
  await page.goto(`${a}/login`);
  await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
  await expect(page.getByRole("heading", { name: "Sign in with the Telegram app" })).toBeVisible();
  const link = (await page.getByRole("link", { name: "Open Telegram" }).getAttribute("href"))!;
  // The balancer sends this browser to B from here on: A's page is left for B's.
  await page.goto(`${b}/login/telegram`);
  await expect(page.getByRole("link", { name: "Open Telegram" })).toHaveAttribute("href", link);
  // Confirmed in the chat (the bot's webhook is the suite's own instance, a third one).
  expect(await answerInTelegram(browser, link, person.name)).toContain("You are signed in to");
  await expect(page).toHaveURL(`${b}/account`);
  await expect(page.getByTestId("account-name")).toHaveText(person.name);
});

/** A second emulator of Telegram's alone (its own Bot API, with no webhook set), for the polling instances. */
async function startTelegramEmulator(appUrls: string[]): Promise<{ url: string; env: Record<string, string>; child: ChildProcess }> {
  const args = ["emulators/cli.ts", "--port", "0", "--providers", "telegram-widget,telegram-bot", ...appUrls.flatMap((url) => ["--app-url", url])];
  const child = spawn("node_modules/.bin/tsx", args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk) => {
      buffer += chunk;
      if (buffer.includes("\n")) resolve({ ...(JSON.parse(buffer.slice(0, buffer.indexOf("\n"))) as { url: string; env: Record<string, string> }), child });
    });
    child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
  });
}

test("in polling mode, of two instances only one asks Telegram for updates: the bot answers a Start once", async ({ browser }) => {
  test.setTimeout(90_000);
  const telegram = await startTelegramEmulator([]);
  const { AUTH_DEMO_PROVIDERS: _theirs, ...telegramEnv } = telegram.env;
  const pollers = await startInstances(2, { ...telegramEnv, AUTH_TELEGRAM_WEBHOOK_URL: "", AUTH_TELEGRAM_BOT_POLLING: "true" });
  try {
    const [a] = pollers.urls as [string, string];
    const person = newPerson("Polled");
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${a}/login`);
    await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
    const link = (await page.getByRole("link", { name: "Open Telegram" }).getAttribute("href"))!;
    expect(link.startsWith(telegram.url)).toBe(true);

    const phone = await (await browser.newContext()).newPage();
    await phone.goto(link);
    await phone.getByLabel("Name").fill(person.name);
    await phone.getByRole("button", { name: "Start as this person" }).click();
    // The chat, reloaded as a tester does in polling mode, until the bot has asked…
    const chat = `${new URL(link).origin}${new URL(link).pathname}/chat?${new URLSearchParams({ user: person.name })}`;
    const asks = async () => {
      await phone.goto(chat);
      return phone.getByRole("list", { name: "Bot replies" }).getByText(/^Sign-in request for/).count();
    };
    await expect.poll(asks, { timeout: 15_000 }).toBe(1);
    // One instance holds the poller's lease and says so; the other waits.
    expect(await count("SELECT count(*) AS n FROM Lease WHERE name = 'telegram-bot-poller'")).toBe(1);
    expect(pollers.output().filter((printed) => printed.includes(`"event":"telegram-poller-started"`))).toHaveLength(1);

    await phone.getByRole("list", { name: "Bot replies" }).getByRole("button", { name: "Yes, it's me" }).click();
    await expect(page).toHaveURL(`${a}/account`, { timeout: 15_000 });
    await expect(page.getByTestId("account-name")).toHaveText(person.name);
    // The answer took more polls: by now a second poller would have asked again too.
    // (The bot has edited its one question into the result.)
    await phone.goto(chat);
    await expect(phone.getByRole("list", { name: "Bot replies" }).getByRole("listitem")).toHaveCount(1);
    await phone.context().close();
    await page.context().close();
  } finally {
    await pollers.close();
    telegram.child.kill("SIGTERM");
  }
});
