// The last way in remembered (lib/auth/last-method.ts): a browser that signed in before
// sees that identity first on /login, marked "Last used", and the collision page marks
// it too. The cookie names the identity only.
import type { BrowserContext } from "@playwright/test";
import { consentAs, newPerson, signInAs } from "./fixtures/account";
import { widgetSignInAs } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

const lastMethodCookie = async (context: BrowserContext) => (await context.cookies()).find((cookie) => cookie.name.endsWith("vkhod-last-method"));

async function signOut(page: import("@playwright/test").Page) {
  await page.goto("/logout");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("a new browser has no mark; after a sign-in that identity comes first, marked, and the cookie says only which", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByTestId("last-used")).toHaveCount(0);
    // The manifest's order: Telegram first.
    await expect(page.locator("main li").first().getByRole("button", { name: /^Continue with Telegram( demo)?$/ })).toBeVisible();

    const person = newPerson();
    await signInAs(page, "Yandex ID", person);
    const cookie = await lastMethodCookie(page.context());
    expect(cookie?.value).toBe("yandex");
    expect(cookie?.httpOnly).toBe(true);
    await signOut(page);

    await expect(page.getByTestId("last-used")).toHaveCount(1);
    await expect(page.locator("main li").first()).toContainText("Continue with Yandex ID");
    const yandex = page.getByRole("button", { name: /^Continue with Yandex ID( demo)?$/ });
    await expect(yandex).toHaveAccessibleDescription(/Last used/);
    await expect(page.getByRole("button", { name: /^Continue with Google( demo)?$/ })).not.toHaveAccessibleDescription(/Last used/);

    // Another identity takes the mark over, whichever of its ways was used: after the
    // Login Widget (on the fallback site), Telegram's one button is first and marked.
    await widgetSignInAs(page, { name: person.name });
    await expect(page).toHaveURL(/\/account$/);
    expect((await lastMethodCookie(page.context()))?.value).toBe("telegram");
    await signOut(page);
    await expect(page.getByTestId("last-used")).toHaveCount(1);
    const telegram = page.locator("main li").first().getByRole("button", { name: /^Continue with Telegram( demo)?$/ });
    await expect(telegram).toHaveAccessibleDescription(/Last used/);
  });

  test("a made-up cookie marks nothing", async ({ page, context }) => {
    await page.goto("/login");
    await context.addCookies([{ name: "vkhod-last-method", value: "someone-else", url: new URL(page.url()).origin }]);
    await page.reload();
    await expect(page.getByTestId("last-used")).toHaveCount(0);
    await expect(page.locator("main li").first().getByRole("button", { name: /^Continue with Telegram( demo)?$/ })).toBeVisible();
  });

  test("the collision page marks the way this browser used last", async ({ page }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    await signOut(page);
    await signInAs(page, "Yandex ID", person, /\/login\/existing-account$/);
    await expect(page.getByRole("heading", { name: "You already have an account" })).toBeVisible();
    const google = page.getByRole("button", { name: /^Continue with Google( demo)?$/ });
    await expect(google).toHaveAccessibleDescription(/Last used/);
    await google.click();
    await consentAs(page, person);
    await expect(page).toHaveURL(/\/account\?notice=linked&provider=yandex$/);
  });
});

test.describe("in Russian", () => {
  test.use({ locale: "ru-RU" });
  test("the mark reads in Russian", async ({ page, context }) => {
    await page.goto("/login");
    await context.addCookies([{ name: "vkhod-last-method", value: "ok", url: new URL(page.url()).origin }]);
    await page.reload();
    await expect(page.getByTestId("last-used")).toHaveText("В прошлый раз");
    await expect(page.locator("main li").first()).toContainText("Одноклассники");
    await expect(page.locator("main li").first().getByRole("button")).toHaveAccessibleDescription(/В прошлый раз/);
  });
});
