import { expect, test } from "./fixtures/test";

test.describe("in English", () => {
  test.use({ locale: "en-US" });
  test("/login renders in English", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Sign in to Vkhod" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Continue with Google" })).toBeVisible();
  });
});

test.describe("in Russian", () => {
  test.use({ locale: "ru-RU" });
  test("/login renders in Russian from Accept-Language", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await expect(page.getByRole("heading", { name: "Вход в Vkhod" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Войти через Google" })).toBeVisible();
  });

  test("a sign-in error reads in Russian", async ({ page }) => {
    await page.goto("/login?error=denied");
    await expect(page.getByRole("alert").filter({ hasText: "Вы отказали в доступе" })).toBeVisible();
  });
});

test.describe("the language switch", () => {
  test.use({ locale: "en-US" });
  test("the person's choice wins over Accept-Language, by keyboard too", async ({ page }) => {
    await page.goto("/login");
    const russian = page.getByRole("button", { name: "Русский" });
    await russian.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Вход в Vkhod" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Русский" })).toHaveAttribute("aria-pressed", "true");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Sign in to Vkhod" })).toBeVisible();
  });
});

test("the login page works on a phone-sized screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/login");
  const button = page.getByRole("button", { name: "Continue with Google" });
  await expect(button).toBeInViewport();
  const box = await button.boundingBox();
  expect(box?.width).toBeLessThanOrEqual(360);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});
