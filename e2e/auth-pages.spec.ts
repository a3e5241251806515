// Auth.js's own pages (/api/auth/signin, /signout, /error, /verify-request) never reach
// a person: each goes to ours, in the person's language (lib/auth/config.ts, pages).
import { newPerson, signInAs } from "./fixtures/account";
import { row } from "./fixtures/db";
import { currentSessionId, sessionCookie } from "./fixtures/sign-in";
import { expect, test } from "./fixtures/test";

// What Auth.js's built-in pages carry and ours never do.
const expectOurPage = async (page: import("@playwright/test").Page) => {
  await expect(page).toHaveTitle(/Vkhod/);
  await expect(page.locator("header")).toContainText("Vkhod");
  expect(await page.content()).not.toContain("__next-auth-theme");
};

for (const [locale, texts] of [
  ["en-US", { signIn: "Sign in to Vkhod", signedOut: "You are signed out", failed: "You are not signed in" }],
  ["ru-RU", { signIn: "Вход в Vkhod", signedOut: "Вы вышли", failed: "Вход не выполнен" }],
] as const) {
  test.describe(`signed out, ${locale}`, () => {
    test.use({ locale });
    test("each of Auth.js's pages is one of ours", async ({ page }) => {
      for (const path of ["/api/auth/signin", "/api/auth/error", "/api/auth/error?error=Configuration", "/api/auth/verify-request"]) {
        await page.goto(path);
        await expect(page, path).toHaveURL(/\/login(\?|$)/);
        await expect(page.getByRole("heading", { name: texts.signIn })).toBeVisible();
        await expectOurPage(page);
        // Only a real error is told as one (Auth.js sends a bare /error on as ?error=undefined).
        await expect(page.getByRole("alert").filter({ hasText: texts.failed }), path).toHaveCount(path.includes("?error=") ? 1 : 0);
      }
      await page.goto("/api/auth/signout");
      await expect(page).toHaveURL(/\/logout$/);
      await expect(page.getByRole("heading", { name: texts.signedOut })).toBeVisible();
      await expectOurPage(page);
    });
  });
}

test.describe("signed in", () => {
  test.use({ locale: "en-US" });
  test("Auth.js's sign-out page is ours: it names the account, and Sign out ends the session", async ({ page }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    const sessionId = await currentSessionId(page);
    await page.goto("/api/auth/signout");
    await expect(page).toHaveURL(/\/logout$/);
    await expect(page.getByRole("heading", { name: "Sign out of Vkhod?" })).toBeVisible();
    await expect(page.getByText(`You are signed in as ${person.name}`)).toBeVisible();
    await expectOurPage(page);
    // Going back changes nothing.
    await page.getByRole("link", { name: "Back to your account" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/logout");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    expect(await sessionCookie(page.context())).toBeUndefined();
    expect((await row<{ revokedAt: unknown }>("SELECT revokedAt FROM LoginSession WHERE id = ?", sessionId))?.revokedAt).toBeTruthy();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  });
});
