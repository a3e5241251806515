// VK ID, legacy VK, Yandex ID and Odnoklassniki, each through its emulator.
import { count, forgetPerson } from "./fixtures/db";
import { armFault, clearFaults } from "./fixtures/emulator";
import { expectFailedSignIn, recordDocuments, signInWith, startSignIn } from "./fixtures/sign-in";
import { expect, test } from "./fixtures/test";

test.afterEach(clearFaults);

// Only Yandex marks its emails verified (it lists confirmed addresses only); the others'
// are kept on the account row, shown as not verified, and never become the user's.
const providers = [
  { id: "vkid", button: "VK ID", row: "VK", verified: false, avatar: /\/avatars\/anna\.svg/ },
  { id: "vk", button: "VK", row: "VK", verified: false, avatar: /\/avatars\/anna\.svg/ },
  { id: "yandex", button: "Yandex ID", row: "Yandex ID", verified: true, avatar: /\/yandex\/avatars\/get-yapic\/anna\/\d+\/islands-200$/ },
  { id: "ok", button: "Odnoklassniki", row: "Odnoklassniki", verified: false, avatar: /\/avatars\/anna\.svg/ },
];

for (const provider of providers) {
  test.describe(provider.button, () => {
    test("signs in with the right name, picture and email", async ({ page }) => {
      forgetPerson("anna.petrova@example.com");
      await signInWith(page, provider.button, "Anna Petrova");
      await expect(page.getByTestId("account-name")).toHaveText("Anna Petrova");
      await expect(page.getByTestId("account-email")).toHaveText(provider.verified ? "anna.petrova@example.com" : "No email address");
      await expect(page.getByRole("listitem", { name: provider.row })).toContainText(
        provider.verified ? "anna.petrova@example.com" : "anna.petrova@example.com · not verified",
      );
      await expect(page.getByRole("img", { name: /Anna Petrova/ })).toHaveAttribute("src", provider.avatar);
      await expect(page.getByRole("img", { name: /Anna Petrova/ })).toHaveJSProperty("complete", true);
      expect(await page.getByRole("img", { name: /Anna Petrova/ }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    });

    test("signs in a person without an email, with no placeholder address", async ({ page }) => {
      await signInWith(page, provider.button, "Ольга Без Почты");
      await expect(page.getByTestId("account-name")).toHaveText("Ольга Без Почты");
      await expect(page.getByTestId("account-email")).toHaveText("No email address");
      expect(count("SELECT count(*) AS n FROM User WHERE name = 'Ольга Без Почты' AND email IS NOT NULL")).toBe(0);
    });

    test("Deny returns to /login with a readable error and no session", async ({ page }) => {
      const documents = recordDocuments(page);
      await startSignIn(page, provider.button);
      await page.getByRole("button", { name: "Deny" }).click();
      await expectFailedSignIn(page, documents, /declined access/);
    });

    for (const { name, fault, message } of [
      { name: "a 5xx during token exchange", fault: { endpoint: "token", kind: "503" }, message: /refused to complete/ },
      { name: "an error answer during token exchange", fault: { endpoint: "token", kind: "error" }, message: /refused to complete/ },
      { name: "the token endpoint being down", fault: { endpoint: "token", kind: "drop" }, message: /could not reach/ },
      { name: "a token endpoint that does not answer in time", fault: { endpoint: "token", kind: "slow", delayMs: 8000 }, message: /could not reach/ },
      { name: "an error from the profile endpoint", fault: { endpoint: "userinfo", kind: "error" }, message: /refused to complete/ },
    ]) {
      test(`${name} gives a readable error, no session and no user row`, async ({ page }) => {
        const users = count("SELECT count(*) AS n FROM User");
        await armFault({ provider: provider.id, ...fault });
        const documents = recordDocuments(page);
        await startSignIn(page, provider.button);
        await page.getByLabel("Name").fill(`New ${provider.id} person`);
        await page.getByRole("button", { name: "Continue as this person" }).click();
        await expectFailedSignIn(page, documents, message);
        expect(count("SELECT count(*) AS n FROM User")).toBe(users);
      });
    }
  });
}

test("VK ID and legacy VK land on one account row for the same VK user", async ({ browser }) => {
  forgetPerson("ivan.smirnov@example.ru");
  for (const button of ["VK ID", "VK"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWith(page, button, "Иван Смирнов");
    await expect(page.getByRole("list", { name: "Sign-in methods" })).toContainText("VK");
    await context.close();
  }
  // VK does not mark emails verified: the address is on the account row, not the user.
  expect(count("SELECT count(*) AS n FROM Account WHERE email = 'ivan.smirnov@example.ru' AND provider IN ('vk', 'vkid')")).toBe(1);
  expect(
    count(
      "SELECT count(DISTINCT s.provider) AS n FROM LoginSession s JOIN Account a ON a.userId = s.userId WHERE a.email = 'ivan.smirnov@example.ru' AND a.provider = 'vk' AND s.provider IN ('vk', 'vkid')",
    ),
  ).toBe(2);
});

test("Yandex refuses a profile answer meant for another application", async ({ page }) => {
  forgetPerson("anna.petrova@example.com");
  await armFault({ provider: "yandex", endpoint: "userinfo", kind: "other-client" });
  const documents = recordDocuments(page);
  await startSignIn(page, "Yandex ID");
  await page.getByRole("button", { name: /Anna Petrova/ }).click();
  await expectFailedSignIn(page, documents, /security checks/);
});
