// Abuse limits, as two production instances on one database see them: a burst gets 429
// with Retry-After and a readable page, on either instance; the window passes and it
// works again; starting bot logins is limited (no table grows at will); refused attempts
// that really concern an account lock its Telegram sign-ins for a while, folded into one
// log entry; forged attempts naming an account lock nothing.
import { newPerson } from "./fixtures/account";
import { count, row } from "./fixtures/db";
import { startInstances, type Instances } from "./fixtures/instances";
import { sessionCookie } from "./fixtures/sign-in";
import { askWidgetNonce, signedWidgetPayload, widgetUrl } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

// In order, on two more servers sharing the suite's SQLite file with the main one while
// the other workers run: writes queue for the one write lock, so these get twice the
// suite's time limit (alone, each takes under 8 s).
test.describe.configure({ mode: "serial", timeout: 60_000 });

let pair: Instances;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  pair = await startInstances(2, {
    AUTH_LIMIT_TELEGRAM_WIDGET: "4/6",
    // Each test below comes from addresses of its own (X-Forwarded-For: no proxy in front here).
    AUTH_LIMIT_BOT_LOGIN_START: "3/60",
    AUTH_LIMIT_ACCOUNT_FAILURES: "3/60",
    AUTH_LIMIT_LOCK_SECONDS: "60",
    AUTH_LIMIT_RECOVERY: "3/60",
  });
});
test.afterAll(() => pair?.close());

const signedFor = signedWidgetPayload;

test("a burst gets 429 with Retry-After on both instances, a readable page in both languages, and passes after the window", async ({ browser, request }) => {
  const [a, b] = pair.urls as [string, string];
  // This test's own client address, so no other test's traffic counts against it.
  const headers = { "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 200) + 1}` };
  const widget = (base: string) => request.get(`${base}/api/telegram/widget`, { headers, maxRedirects: 0 });
  for (let i = 0; i < 4; i++) expect((await widget(i % 2 ? b : a)).status()).toBe(303);
  const limitedOnB = await widget(b);
  expect(limitedOnB.status()).toBe(429);
  const retryAfter = Number(limitedOnB.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(6);
  expect((await widget(a)).status()).toBe(429);

  for (const [locale, text] of [["en-US", /Too many/i], ["ru-RU", /Слишком много/]] as const) {
    const context = await browser.newContext({ locale, extraHTTPHeaders: headers });
    const page = await context.newPage();
    const answer = await page.goto(`${a}/api/telegram/widget`);
    expect(answer?.status()).toBe(429);
    await expect(page.getByText(text).first()).toBeVisible();
    await context.close();
  }

  await expect.poll(async () => (await widget(a)).status(), { timeout: 15_000, intervals: [1000] }).toBe(303);
});

test("guessing recovery codes on \u201cCan't sign in?\u201d is limited per network, across both instances", async ({ browser }) => {
  const [a, b] = pair.urls as [string, string];
  const context = await browser.newContext({ locale: "en-US", extraHTTPHeaders: { "x-forwarded-for": "203.0.113.91" } });
  const page = await context.newPage();
  const guess = async (base: string) => {
    await page.goto(`${base}/login/recover`);
    await page.getByLabel("Recovery code").fill(`${Math.random().toString(36).slice(2, 7).padEnd(5, "a")}-aaaaa`.replace(/[01ilo]/g, "a"));
    await page.getByRole("button", { name: "Sign in with the code" }).click();
  };
  for (const base of [a, b, a]) {
    await guess(base);
    await expect(page.locator("main").getByRole("alert")).toContainText("That recovery code is not right");
  }
  await guess(b);
  await expect(page).toHaveURL(/\/limited\?retryAfter=\d+$/);
  await expect(page.getByText(/Too many/i).first()).toBeVisible();
  expect((await context.cookies()).some((cookie) => cookie.name.includes("session-token"))).toBe(false);
  await context.close();
});

test("starting the bot login is limited: the fourth start gets the 429 page, and no row is written for it", async ({ browser }) => {
  const [a, b] = pair.urls as [string, string];
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
  const page = await context.newPage();
  const before = await count("SELECT count(*) AS n FROM TelegramBotLogin WHERE ip = '203.0.113.77'");
  for (const base of [a, b, a]) {
    await page.goto(`${base}/login`);
    await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
    await expect(page.getByRole("link", { name: "Open Telegram" })).toBeVisible();
  }
  await page.goto(`${b}/login`);
  const limited = page.waitForResponse((response) => response.url().includes("/limited"));
  await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
  expect((await limited).status()).toBe(429);
  await expect(page.getByText(/Too many/i).first()).toBeVisible();
  expect(await count("SELECT count(*) AS n FROM TelegramBotLogin WHERE ip = '203.0.113.77'") - before).toBe(3);
  await context.close();
});

/** A browser at an address of its own, so the per-address widget limit stays out of the way. */
async function freshClient(browser: import("@playwright/test").Browser) {
  const page = await (await browser.newContext()).newPage();
  await page.route("**/*", (route) => route.continue({ headers: { ...route.request().headers(), "x-forwarded-for": `192.0.2.${Math.floor(Math.random() * 250) + 1}` } }));
  return page;
}

test("refused signed attempts lock the account's Telegram sign-ins, shared by both instances; a replayed payload counts once; forgeries count for nothing", async ({ browser }) => {
  const [a, b] = pair.urls as [string, string];
  const person = newPerson("Locked");
  const first = await freshClient(browser);
  const payload = signedFor(person.name);
  await first.goto(`${a}${widgetUrl(payload, { nonce: await askWidgetNonce(first, a) })}`);
  await expect(first).toHaveURL(/\/account$/);
  const userId = (await row<{ userId: string }>("SELECT userId FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(person.telegramId)))!.userId;
  const locks = () => count("SELECT count(*) AS n FROM SecurityEvent WHERE userId = ? AND type = 'locked'", userId);

  // Anyone can forge a payload naming this account, but not sign one: these count for nothing.
  const attacker = await freshClient(browser);
  for (let i = 0; i < 3; i++) {
    await attacker.goto(`${b}${widgetUrl({ ...signedFor(person.name), hash: "0".repeat(64) }, { nonce: await askWidgetNonce(attacker, b) })}`);
    await expect(attacker).toHaveURL(/error=telegram-bad-signature/);
  }
  // One leaked payload sent again and again, on both instances: logged each time, counted once.
  for (const base of [a, b, a]) {
    await attacker.goto(`${base}${widgetUrl(payload, { nonce: await askWidgetNonce(attacker, base) })}`);
    await expect(attacker).toHaveURL(/error=telegram-replayed/);
  }
  expect(await locks()).toBe(0);

  // Two more of the person's own fresh confirmations arrive in a browser that did not start them.
  for (const [i, base] of [a, b].entries()) {
    await attacker.goto(`${base}${widgetUrl(signedFor(person.name, { username: `locked_${i}` }))}`);
    await expect(attacker).toHaveURL(/error=telegram-foreign/);
  }
  expect(await locks()).toBe(1);

  // Locked on either instance: a fresh, valid sign-in by Telegram is refused with a sentence.
  const owner = await freshClient(browser);
  await owner.goto(`${b}${widgetUrl(signedFor(person.name, { username: "locked_own" }), { nonce: await askWidgetNonce(owner, b) })}`);
  await expect(owner).toHaveURL(/error=telegram-locked/);
  await expect(owner.getByRole("alert").filter({ hasText: "paused for a few minutes" })).toBeVisible();
  expect(await sessionCookie(owner.context())).toBeUndefined();

  // The log shows the lock once, and the three replays as one entry with a count.
  await first.goto(`${a}/account/activity`);
  await expect(first.getByTestId("log-entry").filter({ hasText: "Signing in with Telegram paused" })).toHaveCount(1);
  await expect(first.getByTestId("log-repeated").filter({ hasText: "3 times" })).toHaveCount(1);
  for (const page of [first, attacker, owner]) await page.context().close();
});
