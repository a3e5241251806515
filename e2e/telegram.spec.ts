// Telegram's four ways in: through the emulator's widget, OpenID Connect page, Mini App
// launcher and bot, and by hand-made payloads for every way a payload must be refused.
// The suite's own site offers Telegram through OpenID Connect; the widget is the
// fallback site's button (e2e/fixtures/env.ts), and its route takes payloads on both.
// Each test is a Telegram user of its own (a typed-in person), so tests run side by side.
import { signLoginWidget, signWebAppData, TELEGRAM_DEMO_BOT, webAppFields, widgetFields } from "../emulators/telegram";
import { customUser, type TestUser } from "../emulators/kit/users";
import { consentAs, newPerson, type Person } from "./fixtures/account";
import { at, count, run } from "./fixtures/db";
import { e2eEnv } from "./fixtures/env";
import { expectFailedSignIn, recordDocuments, sessionCookie } from "./fixtures/sign-in";
import { answerInTelegram, emulatorLauncher, openAsTelegramWebview, askWidgetNonce, widgetSignInAs, widgetUrl } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

/** This test's Telegram user: the person, and the same person as the emulator's Telegram sees them. */
let person: Person;
let anna: TestUser;
test.beforeEach(() => {
  person = newPerson("Anna");
  anna = customUser(person.name, "");
});

const now = () => Math.floor(Date.now() / 1000);
/**
 * A payload Telegram would sign for this test's person. Each gets its own username, so no two are
 * the same payload (two made in the same second would otherwise be one, and a replay).
 */
const signed = (authDate = now(), token = TELEGRAM_DEMO_BOT.token) =>
  signLoginWidget({ ...widgetFields(e2eEnv().emulatorUrl, anna, authDate), username: `anna_${crypto.randomUUID().slice(0, 8)}` }, token);

test("the widget on /login signs a Telegram user in, with no email", async ({ page }) => {
  await widgetSignInAs(page, person);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-name")).toHaveText(person.name);
  await expect(page.getByTestId("account-email")).toHaveText("No email address");
  await expect(page.getByRole("list", { name: "Sign-in methods" })).toContainText("Telegram");
  expect(await count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(person.telegramId))).toBe(1);
});

test("the widget speaks Russian on the Russian page", async ({ browser }) => {
  const page = await (await browser.newContext({ locale: "ru-RU" })).newPage();
  await page.goto(`${e2eEnv().fallbackUrl}/login`);
  await expect(page.getByRole("button", { name: "Войти через Telegram", exact: true })).toBeVisible();
});

test("signing in again with Telegram reuses the same user and account", async ({ browser }) => {
  for (let round = 0; round < 2; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(widgetUrl(signed(), { nonce: await askWidgetNonce(page) }));
    await expect(page).toHaveURL(/\/account$/);
    await context.close();
  }
  expect(await count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(person.telegramId))).toBe(1);
  expect(await count("SELECT count(*) AS n FROM LoginSession s JOIN Account a ON a.userId = s.userId WHERE a.providerAccountId = ? AND s.provider = 'telegram-widget'", String(person.telegramId))).toBe(2);
});

test("Deny on Telegram's page goes back to /login with no session", async ({ page }) => {
  await page.goto(`${e2eEnv().fallbackUrl}/login`);
  await page.getByRole("button", { name: "Log in with Telegram" }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await sessionCookie(page.context())).toBeUndefined();
});

const refusals: { name: string; fields: () => Record<string, string>; message: RegExp }[] = [
  { name: "a tampered field", fields: () => ({ ...signed(), first_name: "Mallory" }), message: /security checks/ },
  { name: "a tampered id", fields: () => ({ ...signed(), id: "1" }), message: /security checks/ },
  { name: "a hash made with another bot's token", fields: () => signed(now(), "7000000002:AAanotherBotTokenThatIsNotOurs000"), message: /security checks/ },
  { name: "a payload with no hash", fields: () => widgetFields(e2eEnv().emulatorUrl, anna), message: /incomplete/ },
  { name: "auth_date older than the window", fields: () => signed(now() - 301), message: /too old/ },
  { name: "auth_date in the future beyond the skew", fields: () => signed(now() + 120), message: /in the future/ },
];

for (const { name, fields, message } of refusals) {
  test(`refuses ${name}, with no session`, async ({ page }) => {
    const documents = recordDocuments(page);
    await page.goto(widgetUrl(fields(), { nonce: await askWidgetNonce(page) }));
    await expectFailedSignIn(page, documents, message);
    expect(await count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(person.telegramId))).toBe(0);
  });
}

test("accepts a payload once: the same one again is refused, even in another browser", async ({ page, browser }) => {
  const payload = signed();
  await page.goto(widgetUrl(payload, { nonce: await askWidgetNonce(page) }));
  await expect(page).toHaveURL(/\/account$/);

  const other = await browser.newContext();
  const replayer = await other.newPage();
  const nonce = await askWidgetNonce(replayer);
  const documents = recordDocuments(replayer);
  await replayer.goto(widgetUrl(payload, { nonce }));
  await expectFailedSignIn(replayer, documents, /already used/);
  await other.close();
});

test("goes on to callbackUrl on our own site only", async ({ page }) => {
  await page.goto(widgetUrl(signed(), { callbackUrl: "/account?from=telegram", nonce: await askWidgetNonce(page) }));
  await expect(page).toHaveURL(/\/account\?from=telegram$/);
  await page.context().clearCookies();
  await page.goto(widgetUrl(signed(), { callbackUrl: "https://evil.example/", nonce: await askWidgetNonce(page) }));
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/account$/);
});

/** The person has one "telegram" account (none under a way in's id), reached `ways` ways. */
async function expectOneTelegramAccount(ways: number) {
  expect(await count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(person.telegramId))).toBe(1);
  expect(await count("SELECT count(*) AS n FROM Account WHERE provider LIKE 'telegram-%' AND providerAccountId = ?", String(person.telegramId))).toBe(0);
  expect(
    await count(
      "SELECT count(DISTINCT s.provider) AS n FROM LoginSession s JOIN Account a ON a.userId = s.userId WHERE a.provider = 'telegram' AND a.providerAccountId = ?",
      String(person.telegramId),
    ),
  ).toBe(ways);
}

/** Signs the person in through Telegram's OpenID Connect button and the emulator's page. */
async function signInWithTelegramOidc(page: import("@playwright/test").Page) {
  await page.goto("/login");
  await page.getByRole("button", { name: /^Continue with Telegram( demo)?$/ }).click();
  await consentAs(page, person, { withEmail: false });
}

test.describe("OpenID Connect", () => {
  test("signs in the same Telegram user as the widget, on one account row", async ({ browser }) => {
    const widget = await browser.newContext();
    const first = await widget.newPage();
    await first.goto(widgetUrl(signed(), { nonce: await askWidgetNonce(first) }));
    await expect(first).toHaveURL(/\/account$/);
    await widget.close();

    const oidc = await browser.newContext();
    const page = await oidc.newPage();
    await signInWithTelegramOidc(page);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText(person.name);
    await oidc.close();

    await expectOneTelegramAccount(2);
  });

  test("Deny returns to /login with a readable error and no session", async ({ page }) => {
    const documents = recordDocuments(page);
    await page.goto("/login");
    await page.getByRole("button", { name: /^Continue with Telegram( demo)?$/ }).click();
    await page.getByRole("button", { name: "Deny" }).click();
    await expectFailedSignIn(page, documents, /declined access/);
  });
});

test.describe("Mini App", () => {
  const launchData = (how: "hmac" | "signature") => signWebAppData(webAppFields(e2eEnv().emulatorUrl, anna), how);

  test("the launcher's HMAC and Ed25519 launches sign in, in Telegram's theme", async ({ page }) => {
    for (const how of ["HMAC", "Ed25519"]) {
      await page.context().clearCookies();
      await page.goto(emulatorLauncher(person));
      await page.getByRole("link", { name: `${person.name} (${how})` }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId("account-name")).toHaveText(person.name);
    }
  });

  test("follows Telegram's theme while it signs in", async ({ page }) => {
    // Hold the sign-in (the server action's POST) so the page stays to be looked at.
    await page.route("**/telegram/app", (route) => (route.request().method() === "POST" ? new Promise(() => {}) : route.continue()));
    await page.goto(emulatorLauncher(person));
    await page.getByRole("link", { name: `${person.name} (HMAC)` }).click();
    await expect(page.getByTestId("mini-app")).toHaveCSS("background-color", "rgb(23, 33, 43)");
  });

  test("all four ways in (widget, bot login, OpenID Connect, Mini App) land on one user and one Telegram account", async ({ browser }) => {
    type Page = import("@playwright/test").Page;
    const steps = [
      async (page: Page) => page.goto(widgetUrl(signed(), { nonce: await askWidgetNonce(page) })),
      async (page: Page) => {
        await page.goto("/login");
        await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
        const link = (await page.getByRole("link", { name: "Open Telegram" }).getAttribute("href"))!;
        await answerInTelegram(browser, link, person.name);
      },
      signInWithTelegramOidc,
      async (page: Page) => openAsTelegramWebview(page, launchData("signature")),
    ];
    for (const step of steps) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await step(page);
      await expect(page).toHaveURL(/\/account$/);
      await context.close();
    }
    await expectOneTelegramAccount(4);
  });

  for (const { name, data, message } of [
    { name: "a bad HMAC", data: () => launchData("hmac").replace(/hash=[0-9a-f]{4}/, "hash=0000"), message: /security checks/ },
    { name: "a bad signature", data: () => launchData("signature").replace(/signature=[\w-]{4}/, "signature=AAAA"), message: /security checks/ },
    { name: "a tampered user", data: () => launchData("hmac").replace("Anna", "Mallory"), message: /security checks/ },
  ]) {
    test(`refuses launch data with ${name}, on /login and with no session`, async ({ page }) => {
      const documents = recordDocuments(page);
      await openAsTelegramWebview(page, data());
      await expectFailedSignIn(page, documents, message);
    });
  }

  test("accepts launch data once", async ({ page, browser }) => {
    const data = launchData("hmac");
    await openAsTelegramWebview(page, data);
    await expect(page).toHaveURL(/\/account$/);
    const other = await browser.newContext();
    const replayer = await other.newPage();
    const documents = recordDocuments(replayer);
    await openAsTelegramWebview(replayer, data);
    await expectFailedSignIn(replayer, documents, /already used/);
    await other.close();
  });

  test("outside Telegram it says how to open it", async ({ page }) => {
    await page.goto("/telegram/app");
    await expect(page.getByRole("status")).toHaveText("Open this page from the bot in Telegram to sign in.");
    expect(await sessionCookie(page.context())).toBeUndefined();
  });
});

test.describe("bot login", () => {
  /** Starts "Sign in with the Telegram app" and returns the t.me link the page shows. */
  async function startLink(page: import("@playwright/test").Page) {
    await page.goto("/login");
    await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
    await expect(page.getByRole("heading", { name: "Sign in with the Telegram app" })).toBeVisible();
    await expect(page.getByRole("img", { name: "QR code of the Telegram sign-in link" })).toBeVisible();
    return (await page.getByRole("link", { name: "Open Telegram" }).getAttribute("href"))!;
  }

  /** A tester opens the link in "Telegram" as the person, presses Start and answers (or not); returns the chat. */
  const pressStart = (browser: import("@playwright/test").Browser, link: string, answer: "yes" | "no" | null = "yes") =>
    answerInTelegram(browser, link, person.name, answer);

  test("the bot confirms, answers in the chat, and the waiting browser gets its session", async ({ page, browser }) => {
    const link = await startLink(page);
    expect(link).toMatch(/\/vkhod_demo_bot\?start=[A-Za-z0-9_-]{32}$/);
    expect(await pressStart(browser, link)).toContain("You are signed in to localhost:");
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText(person.name);
    expect(await count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(person.telegramId))).toBe(1);
  });

  test("a payload used twice is refused, and the bot says so", async ({ page, browser }) => {
    const link = await startLink(page);
    await pressStart(browser, link);
    await expect(page).toHaveURL(/\/account$/);
    expect(await pressStart(browser, link, null)).toContain("already answered");
  });

  test("a payload after expiry is refused: the browser is told, with no session", async ({ page, browser }) => {
    const link = await startLink(page);
    const payload = new URL(link).searchParams.get("start")!;
    // Five minutes pass.
    const past = at(Date.now() - 1000);
    await run("UPDATE TelegramBotLogin SET expiresAt = ? WHERE payload = ?", past, payload);
    expect(await pressStart(browser, link, null)).toContain("expired");
    await expect(page).toHaveURL(/\/login\?error=telegram-bot-login-expired$/);
    await expect(page.getByRole("alert").filter({ hasText: /link has expired/ })).toBeVisible();
    expect(await sessionCookie(page.context())).toBeUndefined();
  });

  test("only the browser that started it gets the session", async ({ page, browser }) => {
    // The waiting page's polls are held until the thief has tried, so the confirmed
    // request is still unclaimed when the thief presents it.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/telegram/bot-login?*", async (route) => {
      await held;
      await route.continue();
    });
    const link = await startLink(page);
    await pressStart(browser, link);

    // The thief saw the QR code: the same payload, with a browser key of their own, in the
    // cookie the waiting page would send. Only the browser-key check can refuse it.
    const thief = await browser.newContext();
    const payload = new URL(link).searchParams.get("start")!;
    await thief.addCookies([{ name: "vkhod-telegram-login", value: `${payload}.${"A".repeat(43)}`, url: e2eEnv().appUrl }]);
    const status = await thief.request.get("/api/telegram/bot-login");
    expect(await status.json()).toMatchObject({ status: "failed" });
    expect(await sessionCookie(thief)).toBeUndefined();
    await thief.close();

    release();
    await expect(page).toHaveURL(/\/account$/);
  });

  test("the webhook refuses calls without the secret header (403)", async ({ request }) => {
    const update = { update_id: 1, message: { text: "/start anything", chat: { id: 1, type: "private" }, from: { id: 1, first_name: "Mallory" } } };
    expect((await request.post("/api/telegram/webhook", { data: update })).status()).toBe(403);
    expect((await request.post("/api/telegram/webhook", { data: update, headers: { "x-telegram-bot-api-secret-token": "wrong" } })).status()).toBe(403);
  });
});
