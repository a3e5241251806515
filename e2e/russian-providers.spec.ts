// VK ID, legacy VK, Yandex ID and Odnoklassniki, each through its emulator. Each test
// signs in as a person of its own (typed in on the emulator's page), so tests run side
// by side and count only their own rows.
import { avatarKey, consentAs, newPerson, signInAs } from "./fixtures/account";
import { count } from "./fixtures/db";
import { e2eEnv } from "./fixtures/env";
import { armFault } from "./fixtures/emulator";
import { expectFailedSignIn, recordDocuments, startSignIn } from "./fixtures/sign-in";
import { expect, test } from "./fixtures/test";

// VK has one button, "VK": VK ID where it is set up (the suite's own site), legacy VK
// where it is not (the fallback site).
// Only Yandex marks its emails verified (it lists confirmed addresses only); the others'
// are kept on the account row, shown as not verified, and never become the user's.
const providers = [
  { id: "vkid", name: "VK ID", button: "VK", site: "", row: "VK", verified: false, avatar: (key: string) => new RegExp(`/avatars/${key}\\.svg(\\?|$)`) },
  { id: "vk", name: "legacy VK", button: "VK", site: e2eEnv().fallbackUrl, row: "VK", verified: false, avatar: (key: string) => new RegExp(`/avatars/${key}\\.svg(\\?|$)`) },
  { id: "yandex", name: "Yandex ID", button: "Yandex ID", site: "", row: "Yandex ID", verified: true, avatar: (key: string) => new RegExp(`/yandex/avatars/get-yapic/${key}/\\d+/islands-200$`) },
  { id: "ok", name: "Odnoklassniki", button: "Odnoklassniki", site: "", row: "Odnoklassniki", verified: false, avatar: (key: string) => new RegExp(`/avatars/${key}\\.svg(\\?|$)`) },
];

for (const provider of providers) {
  test.describe(provider.name, () => {
    test("signs in with the right name, picture and email", async ({ page }) => {
      const anna = newPerson("Anna");
      await signInAs(page, provider.button, anna, /\/account$/, provider.site);
      await expect(page.getByTestId("account-name")).toHaveText(anna.name);
      await expect(page.getByTestId("account-email")).toHaveText(provider.verified ? anna.email : "No email address");
      await expect(page.getByRole("listitem", { name: provider.row })).toContainText(provider.verified ? anna.email : `${anna.email} · not verified`);
      const picture = page.getByRole("img", { name: anna.name });
      await expect(picture).toHaveAttribute("src", provider.avatar(avatarKey(anna)));
      await expect(picture).toHaveJSProperty("complete", true);
      expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    });

    test("signs in a person without an email, with no placeholder address", async ({ page }) => {
      const olga = newPerson("Ольга");
      await startSignIn(page, provider.button, `${provider.site}/login`);
      await consentAs(page, olga, { withEmail: false });
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId("account-name")).toHaveText(olga.name);
      await expect(page.getByTestId("account-email")).toHaveText("No email address");
      expect(await count("SELECT count(*) AS n FROM User WHERE name = ? AND email IS NULL", olga.name)).toBe(1);
      expect(await count("SELECT count(*) AS n FROM Account a JOIN User u ON u.id = a.userId WHERE u.name = ? AND a.email IS NOT NULL", olga.name)).toBe(0);
    });

    test("Deny returns to /login with a readable error and no session", async ({ page }) => {
      const documents = recordDocuments(page);
      await startSignIn(page, provider.button, `${provider.site}/login`);
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
        const person = newPerson();
        await armFault(person, { provider: provider.id, ...fault });
        const documents = recordDocuments(page);
        await startSignIn(page, provider.button, `${provider.site}/login`);
        await consentAs(page, person);
        await expectFailedSignIn(page, documents, message);
        expect(await count("SELECT count(*) AS n FROM User WHERE name = ?", person.name)).toBe(0);
        expect(await count("SELECT count(*) AS n FROM Account WHERE email = ?", person.email)).toBe(0);
      });
    }
  });
}

test("VK ID and legacy VK land on one account row for the same VK user", async ({ browser }) => {
  const ivan = newPerson("Иван");
  for (const site of ["", e2eEnv().fallbackUrl]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, "VK", ivan, /\/account$/, site);
    await expect(page.getByRole("list", { name: "Sign-in methods" })).toContainText("VK");
    await context.close();
  }
  // VK does not mark emails verified: the address is on the account row, not the user.
  expect(await count("SELECT count(*) AS n FROM Account WHERE email = ? AND provider IN ('vk', 'vkid')", ivan.email)).toBe(1);
  expect(
    await count(
      "SELECT count(DISTINCT s.provider) AS n FROM LoginSession s JOIN Account a ON a.userId = s.userId WHERE a.email = ? AND a.provider = 'vk' AND s.provider IN ('vk', 'vkid')",
      ivan.email,
    ),
  ).toBe(2);
});

test("Yandex refuses a profile answer meant for another application", async ({ page }) => {
  const person = newPerson();
  await armFault(person, { provider: "yandex", endpoint: "userinfo", kind: "other-client" });
  const documents = recordDocuments(page);
  await startSignIn(page, "Yandex ID");
  await consentAs(page, person);
  await expectFailedSignIn(page, documents, /security checks/);
});
