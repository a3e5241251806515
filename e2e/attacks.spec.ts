// The attack suite: each way in attacked as a hostile site would, in Chromium, from a
// page on another site (http://evil.test, e2e/fixtures/attacker.ts), with someone
// else's valid proof. Every attack test also runs the honest path next to it, so that a
// refusal cannot pass because the whole flow is broken.
import { createHash, createHmac } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { customUser } from "../emulators/kit/users";
import { signWebAppData, TELEGRAM_DEMO_BOT, telegramUserId, webAppFields } from "../emulators/telegram";
import { linkedMethods, linkTelegramWidget, linkWith, newPerson, signInAs, type Person } from "./fixtures/account";
import { attackerSite, linkPage } from "./fixtures/attacker";
import { at, count, row, run } from "./fixtures/db";
import { e2eEnv } from "./fixtures/env";
import { sessionCookie } from "./fixtures/sign-in";
import { answerInTelegram, emulatorLauncher, openAsTelegramWebview, askWidgetNonce, signedWidgetPayload, widgetSignInAs, widgetUrl } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

const app = (path: string) => `${e2eEnv().appUrl}${path}`;
const telegramAccounts = (telegramId: number) =>
  count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(telegramId));
const userOfTelegram = async (telegramId: number) =>
  (await row<{ userId: string }>("SELECT userId FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(telegramId)))?.userId;

/** A payload Telegram signed for `person` just now, as the widget would send it. */
const widgetPayload = (person: Person) => signedWidgetPayload(person.name);
/** Mini App launch data Telegram signed for `person` just now. */
const launchData = (person: Person, how: "hmac" | "signature" = "hmac") => signWebAppData(webAppFields(e2eEnv().emulatorUrl, customUser(person.name, "")), how);

/** The victim, on the attacker's page, follows its link to `href`. */
async function followBait(page: Page, href: string) {
  const site = await attackerSite({ "/": linkPage(href) });
  try {
    await page.goto(site.url("/"));
    await page.getByRole("link", { name: "Claim your prize" }).click();
    await page.waitForURL((url) => url.hostname === "localhost");
  } finally {
    await site.close();
  }
}

/** Mallory, the attacker, with an account of his own that signs in with Telegram. */
async function malloryWithAccount(browser: Browser) {
  const mallory = newPerson("Mallory");
  const own = await (await browser.newContext()).newPage();
  await own.goto(widgetUrl(widgetPayload(mallory), { nonce: await askWidgetNonce(own) }));
  await expect(own).toHaveURL(/\/account$/);
  return { mallory, own };
}

test.describe("a Login Widget link from another site", () => {
  test("signed in: the victim's account gains nothing; Link Telegram on /account still works", async ({ page, browser }) => {
    const victim = newPerson("Victim");
    await signInAs(page, "Google", victim);
    const mallory = newPerson("Mallory");
    // The strongest forged link: a fresh payload for Mallory and a nonce from Mallory's own browser.
    const attackerBrowser = await (await browser.newContext()).newPage();
    const nonce = await askWidgetNonce(attackerBrowser);
    await attackerBrowser.context().close();
    await followBait(page, app(widgetUrl(widgetPayload(mallory), { nonce, callbackUrl: "/account" })));

    await expect(page).toHaveURL(/\/login\?error=telegram-foreign$/);
    await expect(page.getByRole("alert").filter({ hasText: "did not start in this browser" })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(["Google"]);
    expect(await telegramAccounts(mallory.telegramId)).toBe(0);

    // Honest: the victim links their own Telegram from /account.
    await linkTelegramWidget(page, victim);
    expect(await linkedMethods(page)).toEqual(["Google", "Telegram"]);
  });

  test("signed out: the browser is not signed in as the attacker; the refusal is in the attacker's log; the widget still signs in", async ({ page, browser }) => {
    const { mallory, own } = await malloryWithAccount(browser);
    await followBait(page, app(widgetUrl(widgetPayload(mallory))));
    await expect(page).toHaveURL(/\/login\?error=telegram-foreign$/);
    expect(await sessionCookie(page.context())).toBeUndefined();
    expect(await count("SELECT count(*) AS n FROM SecurityEvent WHERE userId = ? AND type = 'sign-in-failed' AND detail LIKE '%foreign%'", (await userOfTelegram(mallory.telegramId))!)).toBe(1);
    await own.goto("/account/activity");
    await expect(own.getByTestId("log-entry").filter({ hasText: "perhaps sent there by another site" })).toBeVisible();
    await own.context().close();

    // Honest: the victim signs in with the widget on /login.
    const victim = newPerson("Victim");
    await widgetSignInAs(page, victim);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText(victim.name);
  });
});

test("Auth.js's own Credentials endpoints sign no one in, with a valid payload or a made-up grant; the widget route still does", async ({ page }) => {
  const mallory = newPerson("Mallory");
  await page.goto("/login");
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const attempts = [
    ["telegram-widget", { payload: new URLSearchParams(widgetPayload(mallory)).toString() }],
    ["telegram-widget", { grant: "A".repeat(43) }],
    ["telegram-app", { payload: launchData(mallory) }],
    ["telegram-bot", { grant: "A".repeat(43), payload: "x", browserKey: "y" }],
  ] as const;
  for (const [way, fields] of attempts) {
    const response = await page.request.post(`/api/auth/callback/${way}`, { form: { csrfToken, ...fields }, maxRedirects: 0 });
    expect(response.status(), way).toBeLessThan(500);
    expect(await sessionCookie(page.context()), way).toBeUndefined();
  }
  expect(await telegramAccounts(mallory.telegramId)).toBe(0);

  // Honest: the same person through the widget's own route, with this browser's nonce.
  await page.goto(widgetUrl(widgetPayload(mallory), { nonce: await askWidgetNonce(page) }));
  await expect(page).toHaveURL(/\/account$/);
  expect(await telegramAccounts(mallory.telegramId)).toBe(1);
});

test.describe("a Mini App launch from another site", () => {
  test("signs no one in, signed out or signed in; the launcher (a Telegram client) still does", async ({ page }) => {
    const mallory = newPerson("Mallory");
    await followBait(page, app(`/telegram/app#${new URLSearchParams({ tgWebAppData: launchData(mallory), tgWebAppVersion: "8.0" })}`));
    await expect(page.getByRole("status")).toHaveText("Open this page from the bot in Telegram to sign in.");
    expect(await sessionCookie(page.context())).toBeUndefined();

    const victim = newPerson("Victim");
    await signInAs(page, "Google", victim);
    await followBait(page, app(`/telegram/app#${new URLSearchParams({ tgWebAppData: launchData(mallory, "signature") })}`));
    await expect(page.getByRole("status")).toHaveText("Open this page from the bot in Telegram to sign in.");
    expect(await linkedMethods(page)).toEqual(["Google"]);
    expect(await telegramAccounts(mallory.telegramId)).toBe(0);

    // Honest: the emulator's launcher, standing in for Telegram's client.
    await page.context().clearCookies();
    const honest = newPerson("Honest");
    await page.goto(emulatorLauncher(honest));
    await page.getByRole("link", { name: `${honest.name} (HMAC)` }).click();
    await expect(page).toHaveURL(/\/account$/);
    expect(await telegramAccounts(honest.telegramId)).toBe(1);
  });

  test("in a browser signed in as someone else it links nothing without the person's word", async ({ page }) => {
    const victim = newPerson("Victim");
    await signInAs(page, "Google", victim);
    const mallory = newPerson("Mallory");
    await openAsTelegramWebview(page, launchData(mallory));
    await expect(page).toHaveURL(/\/account\/link$/);
    await expect(page.getByTestId("signed-in-as")).toContainText(victim.name);
    await expect(page.getByTestId("would-add")).toContainText(mallory.name);
    await expect(page.getByTestId("would-add-id")).toContainText(String(mallory.telegramId));
    await page.getByRole("button", { name: "Don't link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Nothing was linked." })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(["Google"]);
    expect(await telegramAccounts(mallory.telegramId)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM SecurityEvent e JOIN Account a ON a.userId = e.userId WHERE a.provider = 'google' AND a.email = ? AND e.type = 'link-unrequested'", victim.email)).toBe(1);

    // Honest: the person's own Telegram, confirmed with "Link Telegram".
    await openAsTelegramWebview(page, launchData(victim, "signature"));
    await expect(page).toHaveURL(/\/account\/link$/);
    await page.getByRole("button", { name: "Link Telegram" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Telegram is now linked to your account." })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(["Google", "Telegram"]);
  });

  test("launch data is used once, whichever of its proofs is sent or left out", async ({ browser }) => {
    const person = newPerson("Tg");
    // As Telegram sends it: an Ed25519 signature among the fields, the bot-token HMAC over all of them.
    const signed = new URLSearchParams(launchData(person, "signature"));
    const key = createHmac("sha256", "WebAppData").update(TELEGRAM_DEMO_BOT.token).digest();
    const checkString = [...signed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join("\n");
    const both = new URLSearchParams(signed);
    both.set("hash", createHmac("sha256", key).update(checkString).digest("hex"));

    const first = await (await browser.newContext()).newPage();
    await openAsTelegramWebview(first, both.toString());
    await expect(first).toHaveURL(/\/account$/);
    for (const variant of [both, signed]) {
      const replayer = await (await browser.newContext()).newPage();
      await openAsTelegramWebview(replayer, variant.toString());
      await expect(replayer).toHaveURL(/\/login\?error=telegram-replayed$/);
      expect(await sessionCookie(replayer.context())).toBeUndefined();
      await replayer.context().close();
    }
    await first.context().close();
    expect(createHash("sha256").update(checkString).digest("hex")).toMatch(/^[0-9a-f]{64}$/);
  });
});

test.describe("the bot login", () => {
  async function startBotLogin(page: Page) {
    await page.goto("/login");
    await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
    return (await page.getByRole("link", { name: "Open Telegram" }).getAttribute("href"))!;
  }

  test("Start alone confirms nothing; the bot shows who is asking; nobody's answer lets it expire", async ({ page, browser }) => {
    const link = await startBotLogin(page);
    const person = newPerson("Tg");
    const chat = await answerInTelegram(browser, link, person.name, null);
    expect(chat).toContain("Sign-in request for localhost:");
    expect(chat).toContain("IP address: 127.0.0.1");
    expect(chat).toContain("Browser: Chrome · Windows");
    expect(chat).toMatch(/Time: \d\d:\d\d UTC/);
    expect(await (await page.request.get("/api/telegram/bot-login")).json()).toEqual({ status: "pending" });
    expect(await sessionCookie(page.context())).toBeUndefined();

    const payload = new URL(link).searchParams.get("start")!;
    await run("UPDATE TelegramBotLogin SET expiresAt = ? WHERE payload = ?", at(Date.now() - 1000), payload);
    await expect(page).toHaveURL(/\/login\?error=telegram-bot-login-expired$/);
    expect(await sessionCookie(page.context())).toBeUndefined();
    expect(await telegramAccounts(person.telegramId)).toBe(0);
  });

  test("No in the chat cancels it and tells the waiting browser; Yes signs in", async ({ page, browser }) => {
    const person = newPerson("Tg");
    const chat = await answerInTelegram(browser, await startBotLogin(page), person.name, "no");
    expect(chat).toContain("Sign-in cancelled. Nobody was signed in");
    await expect(page).toHaveURL(/\/login\?error=telegram-login-denied$/);
    await expect(page.getByRole("alert").filter({ hasText: "You pressed “No” in Telegram" })).toBeVisible();
    expect(await sessionCookie(page.context())).toBeUndefined();
    expect(await telegramAccounts(person.telegramId)).toBe(0);

    // Honest.
    expect(await answerInTelegram(browser, await startBotLogin(page), person.name, "yes")).toContain("You are signed in to localhost:");
    await expect(page).toHaveURL(/\/account$/);
    expect(await telegramAccounts(person.telegramId)).toBe(1);
  });

  test("a QR code the attacker started shows the victim the attacker's browser; their No leaves the attacker with nothing", async ({ browser }) => {
    const attacker = await browser.newContext({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0" });
    const attackerPage = await attacker.newPage();
    const link = await startBotLogin(attackerPage);
    const victim = newPerson("Victim");
    // The victim's own browser cannot use the attacker's request either.
    const victimBrowser = await browser.newContext();
    const chat = await answerInTelegram(browser, link, victim.name, "no");
    expect(chat).toContain("Browser: Firefox · macOS");
    await expect(attackerPage).toHaveURL(/\/login\?error=telegram-login-denied$/);
    expect(await sessionCookie(attacker)).toBeUndefined();
    expect(await (await victimBrowser.request.get(app("/api/telegram/bot-login"))).json()).toMatchObject({ status: "failed" });
    expect(await telegramAccounts(victim.telegramId)).toBe(0);
    await attacker.close();

    // Honest: the victim's own QR code, confirmed with Yes, signs the victim's browser in.
    const own = await victimBrowser.newPage();
    expect(await answerInTelegram(browser, await startBotLogin(own), victim.name, "yes")).toContain("You are signed in");
    await expect(own).toHaveURL(/\/account$/);
    await expect(own.getByTestId("account-name")).toHaveText(victim.name);
    await victimBrowser.close();
  });
});

test.describe("OAuth", () => {
  /** Mallory goes through a provider in his own browser and keeps the callback URL instead of following it. */
  async function capturedCallback(browser: Browser, button: string, emulatorPath: string, mallory: Person, site: string) {
    const attacker = await (await browser.newContext()).newPage();
    let callback = "";
    // The emulator's own paths only: the app has a /api/telegram/… of its own.
    await attacker.route(`${e2eEnv().emulatorUrl}/${emulatorPath}/**`, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      callback = (await route.fetch({ maxRedirects: 0 })).headers()["location"] ?? "";
      await route.abort();
    });
    await attacker.goto(`${site}/login`);
    await attacker.getByRole("button", { name: new RegExp(`^Continue with ${button}( demo)?$`) }).click();
    await attacker.getByLabel("Name").fill(mallory.name);
    const email = attacker.getByLabel("Email");
    if (await email.count()) await email.fill(mallory.email);
    await attacker.getByRole("button", { name: "Continue as this person" }).click();
    await expect.poll(() => callback).toContain("/api/auth/callback/");
    await attacker.context().close();
    return callback;
  }

  // One test per provider, side by side; each links the same provider honestly after.
  // [way, its button, emulator path, the name "… is now linked" uses, the method the
  // account lists, the site whose button it is (legacy VK: the fallback site's)]
  for (const [way, button, path, notice, linked, site] of [
    ["VK ID", "VK", "vkid", "VK", "VK", ""],
    ["legacy VK", "VK", "vk", "VK", "VK", e2eEnv().fallbackUrl],
    ["Yandex ID", "Yandex ID", "yandex", "Yandex ID", "Yandex ID", ""],
    ["Odnoklassniki", "Odnoklassniki", "ok", "Odnoklassniki", "Odnoklassniki", ""],
    ["Telegram OpenID Connect", "Telegram", "telegram", "Telegram", "Telegram", ""],
  ] as const) {
    test(`a ${way} callback made in the attacker's browser, sent to the victim's, links nothing; Link on /account does`, async ({ page, browser }) => {
      const victim = newPerson("Victim");
      await signInAs(page, "Google", victim);
      const mallory = newPerson("Mallory");
      const callback = await capturedCallback(browser, button, path, mallory, site);
      await followBait(page, callback);
      await expect(page).toHaveURL(/\/login\?error=expired$/);
      await expect(page.getByRole("alert").filter({ hasText: "This sign-in link has expired or was already used" })).toBeVisible();
      expect(await linkedMethods(page)).toEqual(["Google"]);
      expect(await count("SELECT count(*) AS n FROM Account WHERE name LIKE ?", `${mallory.name}%`)).toBe(0);

      await linkWith(page, button, victim, notice, site);
      expect(await linkedMethods(page)).toEqual(["Google", linked]);
    });
  }

  test("linking needs a recent sign-in, like unlinking", async ({ page }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    const anHourAgo = at(Date.now() - 3600_000);
    await run("UPDATE LoginSession SET authenticatedAt = ? WHERE userId IN (SELECT userId FROM Account WHERE provider = 'google' AND email = ?)", anHourAgo, person.email);
    await page.goto("/account");
    await page.getByRole("button", { name: /^Link Yandex ID/ }).click();
    await expect(page).toHaveURL(/\/account\/confirm\?returnTo=%2Faccount$/);
    expect(await linkedMethods(page)).toEqual(["Google"]);

    // Confirming it's you (Google again) lets the link go through.
    await page.goto("/account/confirm?returnTo=%2Faccount");
    await page.getByRole("button", { name: /^Continue with Google/ }).click();
    await page.getByLabel("Name").fill(person.name);
    await page.getByLabel("Email").fill(person.email);
    await page.getByRole("button", { name: "Continue as this person" }).click();
    await expect(page).toHaveURL(/notice=reauthenticated/);
    await linkWith(page, "Yandex ID", person);
  });
});

test.describe("the collision page", () => {
  test("an identity waiting there is linked only by signing in from it, not by a later sign-in elsewhere", async ({ page, browser }) => {
    const person = newPerson();
    const owner = await (await browser.newContext()).newPage();
    await signInAs(owner, "Google", person);
    await owner.context().close();

    await signInAs(page, "Yandex ID", person, /\/login\/existing-account$/);
    // The person leaves the collision page and signs in from /login instead.
    await signInAs(page, "Google", person);
    expect(await linkedMethods(page)).toEqual(["Google"]);
    expect(await count("SELECT count(*) AS n FROM PendingLink WHERE email = ?", person.email)).toBe(1);

    // Honest: from the collision page's own button, it is linked.
    await page.context().clearCookies({ name: /authjs/ });
    await page.goto("/login/existing-account");
    await page.getByRole("button", { name: /^Continue with Google/ }).click();
    await page.getByLabel("Name").fill(person.name);
    await page.getByLabel("Email").fill(person.email);
    await page.getByRole("button", { name: "Continue as this person" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Yandex ID is now linked to your account." })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(["Google", "Yandex ID"]);
  });
});

test.describe("sessions", () => {
  test("/api/auth/session ends a revoked session, and a deleted user's, and clears the cookie", async ({ browser }) => {
    for (const end of ["revoke", "delete"] as const) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const person = newPerson();
      await signInAs(page, "Google", person);
      const live = await (await page.request.get("/api/auth/session")).json();
      expect(live).toMatchObject({ user: { name: person.name } });
      if (end === "revoke") await run("UPDATE LoginSession SET revokedAt = ? WHERE id = ?", at(Date.now()), live.sessionId);
      else await run("DELETE FROM User WHERE id = ?", live.user.id);
      const ended = await page.request.get("/api/auth/session");
      expect(await ended.json()).toBeNull();
      expect(ended.headers()["set-cookie"]).toMatch(/authjs\.session-token=;/);
      expect(await sessionCookie(context)).toBeUndefined();
      await context.close();
    }
  });
});

test.describe("alerts", () => {
  test("the bot tells a user with Telegram about a link and a new device, until alerts are turned off", async ({ page, browser }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    await linkTelegramWidget(page, person);
    const chat = async () => {
      const response = await fetch(`${e2eEnv().emulatorUrl}/telegram/t.me/${TELEGRAM_DEMO_BOT.username}/chat?${new URLSearchParams({ user: person.name })}`);
      return response.text();
    };
    const mentions = async (text: string) => (await chat()).split(text).length - 1;
    await expect.poll(() => mentions("Telegram was linked to your account.")).toBe(1);

    const phone = await (await browser.newContext()).newPage();
    await signInAs(phone, "Google", person);
    await expect.poll(() => mentions("New sign-in to your account from a device not seen before")).toBe(1);
    // The same browser again is no news.
    await phone.context().clearCookies({ name: /authjs/ });
    await signInAs(phone, "Google", person);
    await phone.context().close();
    // Ending another session is news.
    await page.goto("/account/sessions");
    await page.getByRole("button", { name: "Sign out all 2 other sessions" }).click();
    await expect.poll(() => mentions("Other sessions of your account were signed out: 2.")).toBe(1);

    await page.goto("/account");
    await page.getByRole("button", { name: "Turn alerts off" }).click();
    await expect(page.getByTestId("alerts-state")).toHaveText("Alerts are off.");
    const laptop = await (await browser.newContext()).newPage();
    await signInAs(laptop, "Google", person);
    await laptop.context().close();
    await page.goto("/account/activity");
    await expect(page.getByTestId("log-entry").filter({ hasText: "from a new device" })).toHaveCount(2);
    expect(await mentions("New sign-in to your account from a device not seen before")).toBe(1);
    expect(telegramUserId(customUser(person.name, ""))).toBe(person.telegramId);
  });
});
