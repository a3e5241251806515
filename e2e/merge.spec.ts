// Merging duplicate accounts, end to end: one person with a Google account and, apart, a
// Telegram one presses "Link Telegram" on the first and proves the second's identity;
// /account/merge offers to merge, with and without conflicts, and with the other
// account's second factor; the merged account has everything, the other account and
// its sessions are gone, both logs' entries and the export show it. Refusals next to
// the honest path: a merge offer in another browser, a merge before the other account's
// second factor.
import type { Page } from "@playwright/test";
import { consentAs, linkedMethods, linkWith, newPerson, signInAs, type Person } from "./fixtures/account";
import { count, row } from "./fixtures/db";
import { codeFor, setUpAuthenticator, signInWithTelegram, userIdOfTelegram } from "./fixtures/second-factor";
import { expect, test } from "./fixtures/test";

test.describe.configure({ timeout: 60_000 });

const userIdOfGoogle = async (person: Person) => (await row<{ userId: string }>("SELECT userId FROM Account WHERE provider = 'google' AND email = ?", person.email))!.userId;

/** On this account's /account: "Link Telegram", proving the Telegram identity of `person` (another account's). */
async function linkTelegramOf(page: Page, person: Person, button = /^Link Telegram( demo)?$/) {
  await page.goto("/account");
  await page.getByRole("button", { name: button }).click();
  await consentAs(page, person, { withEmail: false });
  await expect(page).toHaveURL(/\/account\/merge$/);
}

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("a person merges their Telegram account into their Google one: everything moves, the other account and its sessions end, both logs and the export say so", async ({ page, browser }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    const mine = await userIdOfGoogle(person);
    const phone = await browser.newContext({ locale: "en-US" });
    const other = await phone.newPage();
    await signInWithTelegram(other, person);
    const theirs = await userIdOfTelegram(person);
    expect(theirs).not.toBe(mine);

    await linkTelegramOf(page, person);
    await expect(page.getByTestId("merge-other")).toContainText("Sign-in methods: Telegram");
    await expect(page.getByTestId("merge-moves")).toContainText("Its sign-in methods move here: Telegram.");
    await expect(page.getByTestId("merge-moves")).toContainText("Its open session is ended, and the other account is deleted.");
    // Nothing has moved yet.
    expect(await userIdOfTelegram(person)).toBe(theirs);

    // The offer is this browser's: another browser of this account gets nothing.
    const laptop = await browser.newContext({ locale: "en-US" });
    const elsewhere = await laptop.newPage();
    await signInAs(elsewhere, "Google", person);
    await elsewhere.goto("/account/merge");
    await expect(elsewhere).toHaveURL(/error=merge-expired/);
    await expect(elsewhere.getByRole("alert").filter({ hasText: "That merge is no longer open." })).toBeVisible();
    await laptop.close();

    await page.getByRole("button", { name: "Merge the accounts" }).click();
    await expect(page).toHaveURL(/\/account\?notice=merged&provider=telegram/);
    await expect(page.getByRole("status").filter({ hasText: "The other account is merged into this one" })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(["Google", "Telegram"]);
    expect(await userIdOfTelegram(person)).toBe(mine);
    expect(await count("SELECT count(*) AS n FROM User WHERE id = ?", theirs)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ?", theirs)).toBe(0);
    // The other account's browser is signed out on its next request.
    await other.goto("/account");
    await expect(other).toHaveURL(/\/login/);
    await phone.close();

    await page.goto("/account/activity");
    const log = page.getByRole("list", { name: "Security activity" });
    await expect(log).toContainText("Another account was merged into this one (through Telegram)");
    await expect(log).toContainText("This account was merged into another one (through Telegram)");
    await page.goto("/account/data");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download JSON" }).click();
    let text = "";
    for await (const chunk of await (await download).createReadStream()) text += chunk;
    const exported = JSON.parse(text) as { securityLog: { type: string }[] };
    expect(exported.securityLog.map((event) => event.type)).toEqual(expect.arrayContaining(["merged", "merged-away"]));
  });

  test("\u201cDon't merge\u201d moves nothing, and the other account's log says someone was offered it", async ({ page, browser }) => {
    const alice = newPerson("Alice");
    const phone = await browser.newContext({ locale: "en-US" });
    const hers = await phone.newPage();
    await signInWithTelegram(hers, alice);
    const aliceId = await userIdOfTelegram(alice);

    const bob = newPerson("Bob");
    await signInAs(page, "Google", bob);
    await linkTelegramOf(page, alice);
    await page.getByRole("button", { name: "Don't merge" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Nothing was linked." })).toBeVisible();
    expect(await linkedMethods(page)).toEqual(["Google"]);
    expect(await userIdOfTelegram(alice)).toBe(aliceId);
    await hers.goto("/account/activity");
    await expect(hers.getByRole("list", { name: "Security activity" })).toContainText("proved this account's Telegram and was offered to merge");
    await phone.close();
  });
});

test.describe("in Russian", () => {
  test.use({ locale: "en-US" });

  test("a conflict is the person's choice, and the other account's second factor is asked first", async ({ page, browser }) => {
    const person = newPerson();
    const stranger = newPerson("Other");
    // This account: Google and Yandex ID. The other: Telegram and another Yandex ID, and an authenticator app.
    await signInAs(page, "Google", person);
    await linkWith(page, "Yandex ID", person);
    const phone = await browser.newContext({ locale: "en-US" });
    const other = await phone.newPage();
    await signInWithTelegram(other, person);
    await linkWith(other, "Yandex ID", stranger);
    const { secret } = await setUpAuthenticator(other);
    const theirs = await userIdOfTelegram(person);

    // The merge itself in Russian (the language switch in the header).
    await page.goto("/account");
    await page.getByRole("button", { name: "Русский" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await linkTelegramOf(page, person, /^Привязать Telegram( демо)?$/);
    await expect(page.getByRole("heading", { name: "Объединить два аккаунта?" })).toBeVisible();
    const conflict = page.getByTestId("conflict-yandex");
    await expect(conflict).toContainText("В обоих аккаунтах есть Яндекс ID: какой оставить?");
    await expect(page.getByTestId("merge-moves")).toContainText("Его приложение-аутентификатор и коды восстановления удаляются");

    // Before the other account's second factor: refused, nothing moves.
    await conflict.getByLabel(/Яндекс ID другого аккаунта/).check();
    await page.getByRole("button", { name: "Объединить аккаунты" }).click();
    await expect(page.locator("main").getByRole("alert").filter({ hasText: "Сначала подтвердите, что это вы, в другом аккаунте" })).toBeVisible();
    expect(await count("SELECT count(*) AS n FROM User WHERE id = ?", theirs)).toBe(1);

    // Its app's code, then the merge with the other account's Yandex ID kept.
    await page.getByLabel("Код из приложения-аутентификатора").fill(codeFor(secret, 1));
    await page.getByRole("button", { name: "Подтвердить" }).first().click();
    await expect(page.getByRole("heading", { name: "Подтвердите, что это вы, и в другом аккаунте" })).toHaveCount(0);
    await page.getByTestId("conflict-yandex").getByLabel(/Яндекс ID другого аккаунта/).check();
    await page.getByRole("button", { name: "Объединить аккаунты" }).click();
    await expect(page).toHaveURL(/\/account\?notice=merged/);
    const mine = await userIdOfGoogle(person);
    const yandex = await row<{ name: string }>("SELECT name FROM Account WHERE userId = ? AND provider = 'yandex'", mine);
    expect(yandex?.name).toBe(stranger.name);
    expect(await count("SELECT count(*) AS n FROM Account WHERE userId = ?", mine)).toBe(3);
    expect(await count("SELECT count(*) AS n FROM TotpFactor WHERE userId = ?", mine)).toBe(0);
    await phone.close();
  });
});
