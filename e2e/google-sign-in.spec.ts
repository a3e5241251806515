// Google through its emulator. Each test signs in as a person of its own (typed in on
// the emulator's page), so tests run side by side and count only their own rows.
import { expect, test } from "./fixtures/test";
import { avatarKey, consentAs, newPerson, signInAs } from "./fixtures/account";
import { count } from "./fixtures/db";
import { armFault } from "./fixtures/emulator";
import { expectFailedSignIn, recordDocuments, sessionCookie, startSignIn } from "./fixtures/sign-in";

test("the login page offers Google, marked as a demo provider", async ({ page }) => {
  await page.goto("/login");
  const button = page.getByRole("button", { name: "Continue with Google" });
  await expect(button).toBeVisible();
  await expect(button).toContainText("demo");
  await expect(page.getByText(/sign in through local emulators/)).toBeVisible();
});

test("Google sign-in lands on /account with the person's name, email and picture", async ({ page }) => {
  const anna = newPerson("Anna");
  await signInAs(page, "Google", anna);
  await expect(page.getByTestId("account-name")).toHaveText(anna.name);
  await expect(page.getByTestId("account-email")).toHaveText(anna.email);
  await expect(page.getByRole("img", { name: anna.name })).toHaveAttribute("src", new RegExp(`/avatars/${avatarKey(anna)}\\.svg(\\?|$)`));
  await expect(page.getByRole("list", { name: "Sign-in methods" })).toContainText("Google");
});

test("signing in again as the same person reuses the same user row", async ({ browser }) => {
  const ivan = newPerson("Иван");
  const email = ivan.email;
  for (let round = 0; round < 2; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, "Google", ivan);
    await expect(page.getByTestId("account-name")).toHaveText(ivan.name);
    await context.close();
  }
  expect(await count("SELECT count(*) AS n FROM User WHERE email = ?", email)).toBe(1);
  expect(
    await count(
      "SELECT count(*) AS n FROM Account a JOIN User u ON u.id = a.userId WHERE u.email = ? AND a.provider = 'google'",
      email,
    ),
  ).toBe(1);
  expect(await count("SELECT count(*) AS n FROM LoginSession s JOIN User u ON u.id = s.userId WHERE u.email = ?", email)).toBe(2);
});

test("a person typed in on the emulator's page signs in too", async ({ page }) => {
  await startSignIn(page, "Google");
  await page.getByLabel("Name").fill("Пётр Новиков");
  await page.getByLabel("Email").fill(newPerson().email);
  await page.getByRole("button", { name: "Continue as this person" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-name")).toHaveText("Пётр Новиков");
});

test("Deny on the provider's page returns to /login with a readable error and no session", async ({ page }) => {
  const documents = recordDocuments(page);
  await startSignIn(page, "Google");
  await page.getByRole("button", { name: "Deny" }).click();
  await expectFailedSignIn(page, documents, /declined access/);
});

const failures = [
  { name: "the token endpoint answers 500", fault: { endpoint: "token", kind: "500" }, message: /refused to complete/ },
  { name: "the token endpoint is down", fault: { endpoint: "token", kind: "drop" }, message: /could not reach/ },
  { name: "the token endpoint answers an error", fault: { endpoint: "token", kind: "error" }, message: /refused to complete/ },
  { name: "the token endpoint does not answer in time", fault: { endpoint: "token", kind: "slow", delayMs: 8000 }, message: /could not reach/ },
  { name: "the id_token is for another audience", fault: { endpoint: "token", kind: "wrong-aud" }, message: /security checks/ },
  { name: "the id_token has another issuer", fault: { endpoint: "token", kind: "wrong-iss" }, message: /security checks/ },
  { name: "the id_token has another nonce", fault: { endpoint: "token", kind: "wrong-nonce" }, message: /security checks/ },
];

for (const { name, fault, message } of failures) {
  test(`sign-in fails readably when ${name}`, async ({ page }) => {
    const person = newPerson();
    await armFault(person, { provider: "google", ...fault });
    const documents = recordDocuments(page);
    await startSignIn(page, "Google");
    await consentAs(page, person);
    await expectFailedSignIn(page, documents, message);
    expect(await count("SELECT count(*) AS n FROM User WHERE email = ? OR name = ?", person.email, person.name)).toBe(0);
  });
}

// Discovery is fetched before anyone is chosen, so its fault is anyone's: this test runs
// alone, after the others (the "exclusive" project in playwright.config.ts).
test("sign-in fails readably when the provider's discovery is down before the redirect @exclusive", async ({ page }) => {
  await armFault(null, { provider: "google", endpoint: "discovery", kind: "503" });
  const documents = recordDocuments(page);
  await startSignIn(page, "Google");
  await expectFailedSignIn(page, documents, /could not reach|refused to complete/);
});

/**
 * Goes through the consent page but stops the browser before the app's callback,
 * returning the callback URL the provider sent it to. (Playwright does not route the
 * targets of redirects, so this catches the emulator's redirect itself.)
 */
async function interceptCallback(page: import("@playwright/test").Page, person = newPerson()) {
  let callback = "";
  await page.route("**/google/o/oauth2/v2/auth/decide", async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    callback = response.headers().location ?? "";
    await route.abort();
  });
  await startSignIn(page, "Google");
  await consentAs(page, person);
  await expect.poll(() => callback).toContain("/api/auth/callback/google");
  await page.unrouteAll();
  return new URL(callback);
}

test("a forged state is refused", async ({ page }) => {
  const callback = await interceptCallback(page);
  callback.searchParams.set("state", "forged-state-value");
  const documents = recordDocuments(page);
  await page.goto(callback.toString());
  await expectFailedSignIn(page, documents, /expired or was already used/);
});

test("a callback without state is refused", async ({ page }) => {
  const callback = await interceptCallback(page);
  callback.searchParams.delete("state");
  const documents = recordDocuments(page);
  await page.goto(callback.toString());
  await expectFailedSignIn(page, documents, /expired or was already used/);
});

test("a replayed callback gives no session in another browser, nor a second one in the first", async ({ page, browser }) => {
  const person = newPerson();
  const sessionsOf = () => count("SELECT count(*) AS n FROM LoginSession s JOIN User u ON u.id = s.userId WHERE u.email = ?", person.email);
  const callback = await interceptCallback(page, person);
  await page.goto(callback.toString());
  await expect(page).toHaveURL(/\/account$/);
  expect(await sessionsOf()).toBe(1);

  const other = await browser.newContext();
  const attacker = await other.newPage();
  const documents = recordDocuments(attacker);
  await attacker.goto(callback.toString());
  await expectFailedSignIn(attacker, documents, /expired or was already used/);
  await other.close();

  await page.goto(callback.toString());
  await expect(page).toHaveURL(/\/login\?error=expired/);
  expect(await sessionsOf()).toBe(1);
  expect(await sessionCookie(page.context())).toBeDefined();
});
