// The account center, end to end: linking every provider, unlinking, email
// collisions, sessions, the security log, export and delete. Each test has people of
// its own (typed in on the emulators' pages), so the tests do not share users.
import { readFile } from "node:fs/promises";
import { answerInTelegram } from "./fixtures/telegram";
import type { Page } from "@playwright/test";
import { consentAs, linkedMethods, linkTelegramWidget, linkWith, newPerson, signInAs, startLink, type Person } from "./fixtures/account";
import { at, count, row, run } from "./fixtures/db";
import { e2eEnv } from "./fixtures/env";
import { currentSessionId, sessionCookie } from "./fixtures/sign-in";
import { expect, test } from "./fixtures/test";

const ALL_FIVE = ["Google", "VK", "Yandex ID", "Odnoklassniki", "Telegram"];

const userIdOf = async (provider: string, person: Person) =>
  (await row<{ userId: string }>("SELECT userId FROM Account WHERE provider = ? AND (email = ? OR name = ?)", provider, person.email, person.name))?.userId;

/** Makes every session of this user look signed in an hour ago (AUTH_REAUTH_MAX_AGE is 10 minutes). */
async function ageSignIn(userId: string) {
  const anHourAgo = at(Date.now() - 3600_000);
  await run("UPDATE LoginSession SET authenticatedAt = ? WHERE userId = ?", anHourAgo, userId);
}

test("a user links VK ID, Yandex, OK and Telegram to one account", async ({ page }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  await linkWith(page, "VK", person);
  await linkWith(page, "Yandex ID", person);
  await linkWith(page, "Odnoklassniki", person);
  await linkTelegramWidget(page, person);
  expect(await linkedMethods(page)).toEqual(ALL_FIVE);
  const userId = (await userIdOf("google", person))!;
  expect(await count("SELECT count(*) AS n FROM Account WHERE userId = ?", userId)).toBe(5);
  expect(await count("SELECT count(DISTINCT userId) AS n FROM Account WHERE userId = ? OR email = ?", userId, person.email)).toBe(1);
});

// Each linked method then signs in to that same account (one test per method, side by side).
// Telegram is linked through the Login Widget (the fallback site's button) and signs in
// again through OpenID Connect (the suite's own button): one identity, whichever way.
// Legacy VK is the fallback site's VK button.
const { fallbackUrl } = e2eEnv();
const ways: { name: string; row: string; link(page: Page, person: Person): Promise<void>; signIn(page: Page, person: Person): Promise<void> }[] = [
  { name: "VK (VK ID)", row: "VK", link: (page, person) => linkWith(page, "VK", person), signIn: (page, person) => signInAs(page, "VK", person) },
  {
    name: "VK (legacy VK)",
    row: "VK",
    link: (page, person) => linkWith(page, "VK", person, "VK", fallbackUrl),
    signIn: (page, person) => signInAs(page, "VK", person, /\/account$/, fallbackUrl),
  },
  ...["Yandex ID", "Odnoklassniki"].map((name) => ({ name, row: name, link: (page: Page, person: Person) => linkWith(page, name, person), signIn: (page: Page, person: Person) => signInAs(page, name, person) })),
  {
    name: "Telegram",
    row: "Telegram",
    link: linkTelegramWidget,
    signIn: async (page, person) => {
      await page.goto("/login");
      await page.getByRole("button", { name: /^Continue with Telegram( demo)?$/ }).click();
      // Telegram gives no email: the same Telegram user as the widget's.
      await consentAs(page, person, { withEmail: false });
      await expect(page).toHaveURL(/\/account$/);
    },
  },
];
for (const way of ways) {
  test(`a linked ${way.name} signs in to the same account, after signing out`, async ({ page, browser }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    await way.link(page, person);
    const userId = (await userIdOf("google", person))!;
    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);

    const other = await (await browser.newContext()).newPage();
    await way.signIn(other, person);
    expect(await linkedMethods(other)).toEqual(ALL_FIVE.filter((method) => method === "Google" || method === way.row));
    await other.context().close();
    expect(await count("SELECT count(DISTINCT userId) AS n FROM Account WHERE userId = ? OR email = ?", userId, person.email)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ?", userId)).toBe(2);
  });
}

test("unlinking goes down to one method, and the last one cannot be unlinked", async ({ page }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  await linkWith(page, "Yandex ID", person);
  await linkWith(page, "Odnoklassniki", person);

  for (const [name, left] of [
    ["Yandex ID", ["Google", "Odnoklassniki"]],
    ["Odnoklassniki", ["Google"]],
  ] as const) {
    // By keyboard: the confirmation takes the focus.
    await page.getByRole("button", { name: `Unlink ${name}` }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Yes, unlink" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: `${name} is unlinked` })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(left);
  }

  const last = page.getByRole("listitem", { name: "Google" }).getByRole("button", { name: "Unlink" });
  await expect(last).toBeDisabled();
  await expect(last).toHaveAccessibleDescription(/only way to sign in, so it cannot be removed/);
  expect(await count("SELECT count(*) AS n FROM Account WHERE userId = ?", (await userIdOf("google", person))!)).toBe(1);
});

test("choosing whose name and picture to show", async ({ page }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  await linkWith(page, "Odnoklassniki", { ...person, name: `${person.name} OK` });
  await expect(page.getByTestId("account-name")).toHaveText(person.name);
  await page.getByRole("radio", { name: new RegExp(`${person.name} OK`) }).check();
  await page.getByRole("button", { name: "Use this one" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your name and picture are updated." })).toBeVisible();
  await expect(page.getByTestId("account-name")).toHaveText(`${person.name} OK`);
});

test("an email collision: a Yandex sign-in with a Google user's verified email ends on one account", async ({ page, browser }) => {
  const person = newPerson();
  const first = await (await browser.newContext()).newPage();
  await signInAs(first, "Google", person);
  await first.context().close();
  // Users with this person's email, on the user or on any of its accounts.
  const users = () => count("SELECT count(DISTINCT u.id) AS n FROM User u LEFT JOIN Account a ON a.userId = u.id WHERE u.email = ? OR a.email = ?", person.email, person.email);
  expect(await users()).toBe(1);

  await signInAs(page, "Yandex ID", person, /\/login\/existing-account$/);
  await expect(page.getByRole("heading", { name: "You already have an account" })).toBeVisible();
  await expect(page.getByTestId("existing-methods")).toHaveText("Google");
  await expect(page.getByText(/has the email t\*+@example\.com/)).toBeVisible();
  expect(await users()).toBe(1);
  expect(await count("SELECT count(*) AS n FROM PendingLink WHERE email = ?", person.email)).toBe(1);
  expect(await count("SELECT count(*) AS n FROM Account WHERE provider = 'yandex' AND email = ?", person.email)).toBe(0);

  await page.getByRole("button", { name: /^Continue with Google/ }).click();
  await consentAs(page, person);
  await expect(page).toHaveURL(/\/account\?notice=linked&provider=yandex$/);
  await expect(page.getByRole("status").filter({ hasText: "Yandex ID is now linked to your account." })).toBeVisible();
  expect(await linkedMethods(page)).toEqual(["Google", "Yandex ID"]);
  expect(await count("SELECT count(*) AS n FROM PendingLink WHERE email = ?", person.email)).toBe(0);

  const again = await (await browser.newContext()).newPage();
  await signInAs(again, "Yandex ID", person);
  expect(await linkedMethods(again)).toEqual(["Google", "Yandex ID"]);
  await again.context().close();
});

test("an email the provider does not mark verified matches no one", async ({ page, browser }) => {
  const person = newPerson();
  const first = await (await browser.newContext()).newPage();
  await signInAs(first, "Google", person);
  await first.context().close();

  // VK ID gives the same address, but does not say it was confirmed.
  await signInAs(page, "VK", person);
  await expect(page.getByTestId("account-email")).toHaveText("No email address");
  await expect(page.getByRole("listitem", { name: "VK" })).toContainText(`${person.email} · not verified`);
  expect(await linkedMethods(page)).toEqual(["VK"]);
  expect(await count("SELECT count(DISTINCT userId) AS n FROM Account WHERE email = ?", person.email)).toBe(2);
});

test("the collision page can keep the new identity as a separate account instead", async ({ page, browser }) => {
  const person = newPerson();
  const first = await (await browser.newContext()).newPage();
  await signInAs(first, "Google", person);
  await first.context().close();

  await signInAs(page, "Yandex ID", person, /\/login\/existing-account$/);
  await page.getByRole("button", { name: /^Make a separate account with Yandex ID/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "We made a separate account for your Yandex ID" })).toBeVisible();
  await page.getByRole("button", { name: /^Continue with Yandex ID/ }).click();
  await consentAs(page, person);
  await expect(page).toHaveURL(/\/account$/);
  expect(await linkedMethods(page)).toEqual(["Yandex ID"]);
  await expect(page.getByTestId("account-email")).toHaveText("No email address");
  expect(await count("SELECT count(DISTINCT userId) AS n FROM Account WHERE email = ?", person.email)).toBe(2);
});

test("the collision page can be declined, and says so when the wait is over", async ({ page }) => {
  const person = newPerson();
  const other = await (await page.context().browser()!.newContext()).newPage();
  await signInAs(other, "Google", person);
  await other.context().close();

  await signInAs(page, "Yandex ID", person, /\/login\/existing-account$/);
  await page.getByRole("button", { name: "Don't link Yandex ID" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await count("SELECT count(*) AS n FROM PendingLink WHERE email = ?", person.email)).toBe(0);
  await page.goto("/login/existing-account");
  await expect(page.getByRole("alert").filter({ hasText: "has expired" })).toBeVisible();
});

test("an identity linked to user A is not linked by user B: B is offered a merge, which takes A's word, and declining moves nothing", async ({ page, browser }) => {
  const a = newPerson("Alice");
  const b = newPerson("Bob");
  await signInAs(page, "Google", a);
  await linkWith(page, "Odnoklassniki", a);
  const aId = (await userIdOf("google", a))!;

  const bob = await (await browser.newContext()).newPage();
  await signInAs(bob, "Google", b);
  // Bob pressed "Link" and proved Alice's identity: the two accounts could be one
  // person's, so a merge is offered (e2e/merge.spec.ts), and nothing moves without it.
  await startLink(bob, "Odnoklassniki", a);
  await expect(bob).toHaveURL(/\/account\/merge$/);
  expect(await userIdOf("ok", a)).toBe(aId);
  await bob.getByRole("button", { name: "Don't merge" }).click();
  expect(await linkedMethods(bob)).toEqual(["Google"]);
  expect(await userIdOf("ok", a)).toBe(aId);
  await bob.context().close();

  await page.goto("/account/activity");
  await expect(page.getByTestId("log-entry").filter({ hasText: "proved this account's Odnoklassniki and was offered to merge" })).toBeVisible();
});

test("revoking a session in one browser signs the other out on its next request", async ({ page, browser }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  const phone = await browser.newContext({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1" });
  const second = await phone.newPage();
  await signInAs(second, "Google", person);

  await page.goto("/account/sessions");
  const sessions = page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  const iphone = sessions.filter({ hasText: "Safari on iOS" });
  await expect(iphone).toContainText("Phone");
  await expect(iphone).toContainText("127.0.0.1");
  await expect(iphone).toContainText("Google");
  await iphone.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status").filter({ hasText: /That session is signed out/ })).toBeVisible();
  await expect(sessions).toHaveCount(1);

  await second.goto("/account");
  await expect(second).toHaveURL(/\/login\?error=session-ended/);
  await page.goto("/account");
  await expect(page.getByTestId("account-name")).toHaveText(person.name);

  await page.goto("/account/activity");
  await expect(page.getByTestId("log-entry").first()).toHaveText(/A session was signed out/);
  await phone.close();
});

test("signing out every other session at once", async ({ page, browser }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  const others = [];
  for (let i = 0; i < 2; i++) {
    const other = await (await browser.newContext()).newPage();
    await signInAs(other, "Google", person);
    others.push(other);
  }
  await page.goto("/account/sessions");
  await page.getByRole("button", { name: "Sign out all 2 other sessions" }).click();
  await expect(page.getByRole("status").filter({ hasText: "All your other sessions are signed out." })).toBeVisible();
  for (const other of others) {
    await other.goto("/account");
    await expect(other).toHaveURL(/\/login\?error=session-ended/);
    await other.context().close();
  }
});

test("the export has the user's accounts and log, and no secret", async ({ page }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  await linkWith(page, "Yandex ID", person);
  const sessionId = await currentSessionId(page);

  await page.goto("/account/data");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^vkhod-data-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await readFile((await download.path())!, "utf8");
  const data = JSON.parse(text) as { user: { email: string }; accounts: { provider: string }[]; securityLog: { type: string }[] };
  expect(data.user.email).toBe(person.email);
  expect(data.accounts.map((account) => account.provider)).toEqual(["google", "yandex"]);
  expect(data.securityLog.map((event) => event.type)).toEqual(expect.arrayContaining(["sign-in", "linked", "data-exported"]));
  expect(text).not.toMatch(/token|secret|hash|password/i);
  expect(text).not.toContain(sessionId);

  await page.goto("/account/activity");
  await expect(page.getByTestId("log-entry").first()).toHaveText(/Your data was downloaded/);
});

test("unlinking after a stale sign-in asks to sign in again first", async ({ page }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  await linkWith(page, "Yandex ID", person);
  await ageSignIn((await userIdOf("google", person))!);

  await page.getByRole("button", { name: "Unlink Yandex ID" }).click();
  await page.getByRole("button", { name: "Yes, unlink" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "confirm it's you" })).toBeVisible();
  expect(await linkedMethods(page)).toEqual(["Google", "Yandex ID"]);

  await page.getByRole("button", { name: "Unlink Yandex ID" }).click();
  await page.getByRole("button", { name: "Yes, unlink" }).click();
  await page.getByRole("link", { name: "Sign in again" }).click();
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await page.getByRole("button", { name: /^Continue with Yandex ID/ }).click();
  await consentAs(page, person);
  await expect(page).toHaveURL(/\/account\?notice=reauthenticated/);
  await page.getByRole("button", { name: "Unlink Yandex ID" }).click();
  await page.getByRole("button", { name: "Yes, unlink" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Yandex ID is unlinked" })).toBeVisible();
});

test("deleting the account needs a recent sign-in and the phrase, then removes every row and signs out everywhere", async ({ page, browser }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  await linkTelegramWidget(page, person);
  const userId = (await userIdOf("google", person))!;
  const other = await (await browser.newContext()).newPage();
  await signInAs(other, "Google", person);
  await ageSignIn(userId);

  await page.goto("/account/data");
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await page.getByRole("link", { name: "Sign in again" }).click();
  await page.getByRole("button", { name: /^Continue with Google/ }).click();
  await consentAs(page, person);
  await expect(page).toHaveURL(/\/account\/data\?notice=reauthenticated/);

  const phrase = page.getByLabel("To confirm, type delete my account");
  await phrase.fill("delete");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /does not match/ })).toBeVisible();
  expect(await count("SELECT count(*) AS n FROM User WHERE id = ?", userId)).toBe(1);

  await phrase.fill("Delete my account");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login\?notice=deleted$/);
  await expect(page.getByRole("status").filter({ hasText: "Your account and everything we kept about it have been deleted" })).toBeVisible();
  expect(await sessionCookie(page.context())).toBeUndefined();
  for (const table of ["User WHERE id", "Account WHERE userId", "LoginSession WHERE userId", "SecurityEvent WHERE userId", "PendingLink WHERE userId"]) {
    expect(await count(`SELECT count(*) AS n FROM ${table} = ?`, userId), table).toBe(0);
  }
  expect(await count("SELECT count(*) AS n FROM Account WHERE providerAccountId = ?", String(person.telegramId))).toBe(0);

  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await other.context().close();
});

test.describe("Telegram links through the bot login and OpenID Connect too", () => {
  test("the bot login", async ({ page, browser }) => {
    const olga = newPerson("Ольга");
    await signInAs(page, "Google", newPerson());
    await page.goto("/account");
    await page.getByRole("button", { name: "Use the Telegram app instead" }).click();
    const link = (await page.getByRole("link", { name: "Open Telegram" }).getAttribute("href"))!;
    await answerInTelegram(browser, link, olga.name);
    // Whoever saw the QR code could have answered first: the person checks whose Telegram it is.
    await expect(page).toHaveURL(/\/account\/link$/);
    await expect(page.getByTestId("would-add")).toContainText(olga.name);
    await page.getByRole("button", { name: "Link Telegram" }).click();
    await expect(page).toHaveURL(/\/account\?notice=linked&provider=telegram-bot$/);
    await expect(page.getByRole("status").filter({ hasText: "Telegram is now linked to your account." })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(["Google", "Telegram"]);
  });

  test("OpenID Connect", async ({ page }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    await linkWith(page, "Telegram", person);
    expect(await linkedMethods(page)).toEqual(["Google", "Telegram"]);
    expect(await count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND userId = ?", (await userIdOf("google", person))!)).toBe(1);
  });
});

test("the account center reads in Russian", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ru-RU", extraHTTPHeaders: { "accept-language": "ru-RU,ru;q=0.9" } });
  const page = await context.newPage();
  const person = newPerson();
  await page.goto("/login");
  await page.getByRole("button", { name: /^Войти через Google/ }).click();
  await consentAs(page, person);
  await expect(page.getByRole("navigation", { name: "Аккаунт" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Способы входа" })).toBeVisible();
  await page.getByRole("link", { name: "Сеансы" }).click();
  await expect(page.getByRole("heading", { name: "Где выполнен вход" })).toBeVisible();
  await expect(page.getByText("Это устройство")).toBeVisible();
  await page.getByRole("link", { name: "Активность" }).click();
  await expect(page.getByTestId("log-entry").first()).toHaveText(/Вход через Google/);
  await context.close();
});

test("the security log pages by keyset: older and newer pages hold each event once, and a made-up cursor shows the newest page", async ({ page }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  const userId = (await userIdOf("google", person))!;
  // 45 more events, a minute apart, older than the sign-in.
  for (let i = 0; i < 45; i++) {
    await run(
      "INSERT INTO SecurityEvent (id, userId, type, provider, detail, count, lastAt, createdAt) VALUES (?, ?, 'sign-in-failed', 'google', ?, 1, ?, ?)",
      `paged-${userId}-${i}`, userId, JSON.stringify({ reason: "denied" }), at(Date.now() - (i + 1) * 60_000), at(Date.now() - (i + 1) * 60_000),
    );
  }
  const total = await count("SELECT count(*) AS n FROM SecurityEvent WHERE userId = ?", userId);
  expect(total).toBeGreaterThan(40);
  const entries = page.getByTestId("log-entry");
  const ids = async () => entries.evaluateAll((items) => items.map((item) => item.textContent ?? ""));
  await page.goto("/account/activity");
  await expect(entries).toHaveCount(20);
  await expect(page.getByRole("link", { name: "← Newer" })).toHaveCount(0);
  const first = await ids();
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/\/account\/activity\?before=\d+_/);
  await expect.poll(ids).not.toEqual(first);
  await expect(entries).toHaveCount(20);
  const second = await ids();
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(entries).toHaveCount(total - 40);
  await expect(page.getByRole("link", { name: "Older →" })).toHaveCount(0);
  await page.getByRole("link", { name: "← Newer" }).click();
  await expect(page).toHaveURL(/\/account\/activity\?after=\d+_/);
  await expect.poll(ids).toEqual(second);
  await page.getByRole("link", { name: "Newest" }).click();
  await expect(page).toHaveURL(/\/account\/activity$/);
  await expect.poll(ids).toEqual(first);

  for (const madeUp of ["1_x", "%27%20OR%201%3D1", "99999999999999999_a"]) {
    await page.goto(`/account/activity?before=${madeUp}`);
    await expect.poll(ids).toEqual(first);
  }
});
