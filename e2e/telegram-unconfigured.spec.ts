// A site that offers Telegram only through OpenID Connect has no bot token: the ways in
// that carry a payload signed with the bot token (the Login Widget, the Mini App, the
// bot login) are not offered, and their routes take no payload at all. An HMAC keyed
// with no token is anyone's to make; such a "signed" payload must sign no one in, nor
// touch the account of the Telegram user it names (found in review).
import { customUser } from "../emulators/kit/users";
import { signLoginWidget, TELEGRAM_DEMO_BOT, widgetFields } from "../emulators/telegram";
import { newPerson } from "./fixtures/account";
import { count } from "./fixtures/db";
import { e2eEnv } from "./fixtures/env";
import { startInstances, type Instances } from "./fixtures/instances";
import { sessionCookie } from "./fixtures/sign-in";
import { askWidgetNonce, widgetUrl } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

let site: Instances;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  site = await startInstances(1, { AUTH_TELEGRAM_BOT_TOKEN: "", AUTH_TELEGRAM_BOT_USERNAME: "" });
});
test.afterAll(() => site?.close());

const telegramAccounts = (telegramId: number) =>
  count("SELECT count(*) AS n FROM Account WHERE provider = 'telegram' AND providerAccountId = ?", String(telegramId));

test("without a bot token, a widget payload 'signed' with the empty key signs no one in; with the bot, the same person's real payload does", async ({ page }) => {
  const [url] = site.urls as [string];
  const person = newPerson("Forged");
  const fields = widgetFields(e2eEnv().emulatorUrl, customUser(person.name, ""));

  await page.goto(`${url}/login`);
  await expect(page.locator("script[data-telegram-login]")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Open the Telegram app instead" })).toHaveCount(0);
  // Telegram is still offered, through the one way this site has.
  await expect(page.getByRole("button", { name: /^Continue with Telegram( demo)?$/ })).toBeVisible();
  await page.goto(`${url}${widgetUrl(signLoginWidget(fields, ""), { nonce: await askWidgetNonce(page, url) })}`);
  await expect(page).toHaveURL(/\/login\?error=unknown$/);
  expect(await sessionCookie(page.context())).toBeUndefined();
  expect(await telegramAccounts(person.telegramId)).toBe(0);

  // Honest: the suite's own site has the bot, and takes a payload signed with its token.
  await page.context().clearCookies();
  await page.goto(widgetUrl(signLoginWidget(fields, TELEGRAM_DEMO_BOT.token), { nonce: await askWidgetNonce(page) }));
  await expect(page).toHaveURL(/\/account$/);
  expect(await telegramAccounts(person.telegramId)).toBe(1);
});
