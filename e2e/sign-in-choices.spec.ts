// One entry per identity (lib/auth/providers, identityChoices): /login, the account
// center, "confirm it's you" and the collision page offer each identity once, through
// the best way the deployment has, with the Telegram app as a quiet second choice.
// The suite's own site has every way, as `npm run dev` does (Telegram's OpenID Connect,
// VK ID); the fallback site has neither, so its Telegram button is the Login Widget and
// its VK button legacy VK.
import type { Page } from "@playwright/test";
import { consentAs, linkWith, newPerson, signInAs } from "./fixtures/account";
import { e2eEnv } from "./fixtures/env";
import { expect, test } from "./fixtures/test";

const { emulatorUrl, fallbackUrl } = e2eEnv();
const demo = (name: string) => new RegExp(`^${name}( demo)?$`);
/** The accessible names of the buttons in `list` (the default: the page's list of ways in), without their "demo" mark. */
async function buttonNames(page: Page, list = page.getByTestId("sign-in-options")) {
  const tree = await list.ariaSnapshot();
  return [...tree.matchAll(/- button "([^"]*)"/g)].map(([, name]) => name!.replace(/ (demo|демо)$/, ""));
}

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("/login shows one button per identity (five) and the Telegram app as the second choice, with no protocol names", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByTestId("sign-in-options").getByRole("listitem")).toHaveCount(5);
    expect(await buttonNames(page)).toEqual([
      "Continue with Telegram",
      "Open the Telegram app instead",
      "Continue with VK",
      "Continue with Yandex ID",
      "Continue with Google",
      "Continue with Odnoklassniki",
    ]);
    // Once the page has settled (the widget would be drawn after hydration): no widget.
    await page.waitForLoadState("networkidle");
    await expect(page.locator("script[data-telegram-login]")).toHaveCount(0);
    await expect(page.locator("main")).not.toContainText(/OpenID|OIDC|OAuth|VK ID|legacy/i);

    // Telegram's button is OpenID Connect here, and VK's is VK ID.
    await page.getByRole("button", { name: demo("Continue with Telegram") }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/telegram/`));
    await page.goto("/login");
    await page.getByRole("button", { name: demo("Continue with VK") }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/vkid/`));
  });

  test("the second choice opens the Telegram app's sign-in, with its QR code", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
    await expect(page.getByRole("heading", { name: "Sign in with the Telegram app" })).toBeVisible();
    await expect(page.getByRole("img", { name: "QR code of the Telegram sign-in link" })).toBeVisible();
  });

  test("without OpenID Connect and VK ID, Telegram's button is the Login Widget and VK's is legacy VK", async ({ page }) => {
    await page.goto(`${fallbackUrl}/login`);
    await expect(page.getByTestId("sign-in-options").getByRole("listitem")).toHaveCount(5);
    await expect(page.getByRole("button", { name: "Log in with Telegram" })).toBeVisible();
    expect(await buttonNames(page)).toEqual([
      "Log in with Telegram",
      "Open the Telegram app instead",
      "Continue with VK",
      "Continue with Yandex ID",
      "Continue with Google",
      "Continue with Odnoklassniki",
    ]);
    await page.getByRole("button", { name: demo("Continue with VK") }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/vk/`));
  });

  test("the widget's slot keeps its size while Telegram's script loads: nothing below it moves", async ({ page }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/telegram/js/telegram-widget.js*", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${fallbackUrl}/login`);
    const google = page.getByRole("button", { name: demo("Continue with Google") });
    await expect(google).toBeVisible();
    const before = await google.boundingBox();
    await expect(page.getByRole("button", { name: "Log in with Telegram" })).toHaveCount(0);
    release();
    await expect(page.getByRole("button", { name: "Log in with Telegram" })).toBeVisible();
    expect(await google.boundingBox()).toEqual(before);
    // And the browser saw no layout shift at all (Chromium's own measure).
    const shifted = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) total += (entry as unknown as { value: number }).value;
          }).observe({ type: "layout-shift", buffered: true });
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
        }),
    );
    expect(shifted).toBe(0);
  });

  test("the account center offers each identity not linked yet once", async ({ page }) => {
    await signInAs(page, "Google", newPerson());
    const methods = page.getByRole("list", { name: "Sign-in methods" });
    const names = (await buttonNames(page, methods)).filter((name) => !name.startsWith("Unlink"));
    expect(names).toEqual(["Link VK", "Link Yandex ID", "Link Odnoklassniki", "Link Telegram", "Use the Telegram app instead"]);
    await expect(methods).not.toContainText(/OpenID|VK ID/);
  });

  test("'confirm it's you' offers each of the person's identities once", async ({ page }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    await linkWith(page, "Telegram", person);
    await page.goto("/account/confirm?returnTo=/account");
    // Google first: this browser last signed in with it (linking is not signing in).
    expect(await buttonNames(page)).toEqual(["Continue with Google", "Continue with Telegram", "Open the Telegram app instead"]);
  });

  test("the collision page offers each of the existing account's identities once", async ({ page }) => {
    const person = newPerson();
    await signInAs(page, "Google", person);
    await linkWith(page, "VK", person);
    await page.goto("/logout");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await signInAs(page, "Yandex ID", person, /\/login\/existing-account$/);
    expect(await buttonNames(page)).toEqual(["Continue with Google", "Continue with VK"]);
    await page.getByRole("button", { name: demo("Continue with Google") }).click();
    await consentAs(page, person);
    await expect(page).toHaveURL(/\/account\?notice=linked&provider=yandex$/);
  });
});

test.describe("in Russian", () => {
  test.use({ locale: "ru-RU" });

  test("/login shows one button per identity in Russian", async ({ page }) => {
    await page.goto("/login");
    expect(await buttonNames(page)).toEqual([
      "Войти через Telegram",
      "Или откройте приложение Telegram",
      "Войти через ВКонтакте",
      "Войти через Яндекс ID",
      "Войти через Google",
      "Войти через Одноклассники",
    ]);
  });
});
