// The second factor, end to end: an authenticator app set up from its QR page (codes
// computed here from the key the page shows, as the app would), recovery codes shown
// once, step-up before every critical action on a session that has not passed it,
// "ask after every sign-in", and each refusal (wrong code, reused code, an expired
// step-up, the lock) next to the honest path.
import type { Browser, Page } from "@playwright/test";
import { consentAs, linkWith, newPerson, signInAs, type Person } from "./fixtures/account";
import { at, count, row, run } from "./fixtures/db";
import { codeFor, setUpAuthenticator, signInWithTelegram, userIdOfTelegram, wrongCode } from "./fixtures/second-factor";
import { expect, test } from "./fixtures/test";

// Each test walks several browsers through several pages: more than the default 30 s when the suite runs side by side.
test.describe.configure({ timeout: 60_000 });

test.use({ locale: "en-US" });

/** On /login/verify: types a code (the app's, or a recovery code). */
async function typeCode(page: Page, code: string, kind: "app" | "recovery" = "app") {
  await expect(page).toHaveURL(/\/login\/verify\?/);
  if (kind === "recovery") {
    await page.getByText("Use a recovery code instead").click();
    await page.getByLabel("Recovery code").fill(code);
    await page.getByRole("button", { name: "Confirm" }).last().click();
  } else {
    await page.getByLabel("Code from your authenticator app").fill(code);
    await page.getByRole("button", { name: "Confirm" }).first().click();
  }
}

/** A second browser signed in as `person` (with Telegram): a new session, which has not passed the second factor. */
async function anotherBrowser(browser: Browser, person: Person) {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signInWithTelegram(page, person);
  return { context, page };
}

test("an authenticator app is set up by QR code and first code; the recovery codes are shown once and no secret is shown again", async ({ page }) => {
  const person = newPerson();
  await signInWithTelegram(page, person);
  const { secret, codes } = await setUpAuthenticator(page);
  await expect(page.getByTestId("totp-state")).toContainText("On since");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("10 unused codes of 10.");

  // Shown once: not on the page again, and the setup page is closed.
  await page.reload();
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);
  await page.goto("/account/security/authenticator");
  await expect(page).toHaveURL(/\/account\/security$/);
  for (const path of ["/account/security", "/account", "/account/activity", "/account/data"]) {
    const html = await (await page.request.get(path)).text();
    expect(html).not.toContain(secret);
    for (const code of codes) expect(html).not.toContain(code);
  }

  // At rest: the secret sealed, the codes only as hashes.
  const userId = await userIdOfTelegram(person);
  const stored = await row<{ secret: string }>("SELECT secret FROM TotpFactor WHERE userId = ?", userId);
  expect(stored!.secret).not.toContain(secret);
  expect(await count("SELECT count(*) AS n FROM RecoveryCode WHERE userId = ? AND hash IN (?, ?)", userId, codes[0]!, codes[1]!)).toBe(0);

  // The export (this session passed the second factor when it typed the first code) says it is there, and nothing more.
  await page.goto("/account/data");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download JSON" }).click();
  const exported = await (await download).createReadStream().then(async (stream) => {
    let text = "";
    for await (const chunk of stream) text += chunk;
    return text;
  });
  expect(exported).toContain('"secondFactor"');
  expect(exported).not.toContain(secret);
  for (const code of codes) expect(exported).not.toContain(code);

  await page.goto("/account/activity");
  await expect(page.getByRole("list", { name: "Security activity" })).toContainText("Authenticator app added");
  await expect(page.getByRole("list", { name: "Security activity" })).toContainText("New recovery codes made");
});

test("with a second factor, no critical action goes through on a session that has not passed it; after a code each does", async ({ page, browser }) => {
  test.slow();
  const person = newPerson();
  await signInWithTelegram(page, person);
  await linkWith(page, "Google", person);
  const { secret } = await setUpAuthenticator(page);
  const userId = await userIdOfTelegram(person);

  // A new sign-in with Telegram is recent, but it is not the second factor.
  const other = await anotherBrowser(browser, person);
  const b = other.page;
  const refusedHere = (form: ReturnType<Page["getByRole"]> | ReturnType<Page["locator"]>) =>
    expect(form.getByRole("alert")).toContainText("For your security, confirm it's you with your second factor");

  await b.goto("/account");
  await b.getByRole("button", { name: "Unlink Google" }).click();
  await b.getByRole("button", { name: "Yes, unlink" }).click();
  await refusedHere(b.locator("main"));
  await b.goto("/account");
  await b.getByRole("button", { name: "Turn alerts off" }).click();
  await refusedHere(b.locator("main"));
  await b.goto("/account");
  await b.getByRole("button", { name: /^Link Yandex ID( demo)?$/ }).click();
  await expect(b).toHaveURL(/\/login\/verify\?returnTo=%2Faccount$/);
  await b.goto("/account/sessions");
  await b.getByRole("button", { name: /^Sign out (the other session|all \d+ other sessions)$/ }).click();
  await refusedHere(b.locator("main"));
  await b.goto("/account/data");
  await expect(b.getByText("You will be asked to confirm it's you with your second factor first.")).toBeVisible();
  await b.getByRole("button", { name: "Download JSON" }).click();
  await expect(b).toHaveURL(/\/login\/verify\?returnTo=%2Faccount%2Fdata$/);
  await b.goto("/account/data");
  await expect(b.getByRole("textbox")).toHaveCount(0);
  await expect(b.getByRole("link", { name: "Confirm it's you" })).toHaveAttribute("href", "/login/verify?returnTo=%2Faccount%2Fdata");
  await b.goto("/account/security");
  await b.getByRole("button", { name: "Remove the authenticator app" }).click();
  await refusedHere(b.locator("main"));
  await b.goto("/account/security");
  await b.getByRole("button", { name: "Make new recovery codes" }).click();
  await refusedHere(b.locator("main"));
  await b.goto("/account/security");
  await b.getByRole("button", { name: "Ask after every sign-in" }).click();
  await refusedHere(b.locator("main"));

  // Nothing went through.
  expect(await count("SELECT count(*) AS n FROM Account WHERE userId = ? AND provider = 'google'", userId)).toBe(1);
  expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ? AND revokedAt IS NULL", userId)).toBe(2);
  expect(await count("SELECT count(*) AS n FROM User WHERE id = ? AND alertsEnabled = ? AND secondFactorOnSignIn = ?", userId, 1, 0)).toBe(1);
  expect(await count("SELECT count(*) AS n FROM TotpFactor WHERE userId = ? AND confirmedAt IS NOT NULL", userId)).toBe(1);
  expect(await count("SELECT count(*) AS n FROM SecurityEvent WHERE userId = ? AND type IN ('data-exported', 'recovery-codes-made')", userId)).toBe(1);

  // The honest path: a code from the app, and each action goes through.
  await b.goto("/account/data");
  await b.getByRole("link", { name: "Confirm it's you" }).click();
  await typeCode(b, codeFor(secret, 1));
  await expect(b).toHaveURL(/\/account\/data$/);
  const download = b.waitForEvent("download");
  await b.getByRole("button", { name: "Download JSON" }).click();
  expect((await download).suggestedFilename()).toMatch(/^vkhod-data-/);
  await b.goto("/account");
  await b.getByRole("button", { name: "Unlink Google" }).click();
  await b.getByRole("button", { name: "Yes, unlink" }).click();
  await expect(b.getByRole("status").filter({ hasText: "Google is unlinked." })).toBeVisible();
  await b.getByRole("button", { name: "Turn alerts off" }).click();
  await expect(b.getByRole("status").filter({ hasText: "Alerts in Telegram are off." })).toBeVisible();

  // The pass lasts AUTH_REAUTH_MAX_AGE: an hour later it counts no more.
  await run("UPDATE LoginSession SET secondFactorAt = ? WHERE userId = ? AND secondFactorAt IS NOT NULL", at(Date.now() - 3600_000), userId);
  await b.goto("/account/sessions");
  await b.getByRole("button", { name: /^Sign out (the other session|all \d+ other sessions)$/ }).click();
  await refusedHere(b.locator("main"));
  expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ? AND revokedAt IS NULL", userId)).toBe(2);
  await other.context.close();
});

test("a wrong code and a reused code are refused with a clear message and logged; a recovery code works once", async ({ page, browser }) => {
  const person = newPerson();
  await signInWithTelegram(page, person);
  const { secret, codes } = await setUpAuthenticator(page);
  const setupCode = codeFor(secret);
  const userId = await userIdOfTelegram(person);
  const other = await anotherBrowser(browser, person);
  const b = other.page;

  await b.goto("/login/verify?returnTo=%2Faccount%2Fsessions");
  await typeCode(b, wrongCode(secret));
  await expect(b.locator("main").getByRole("alert")).toContainText("That code is not right.");
  // The code the setup took (this step or the one before, as the clock moved): used.
  await typeCode(b, setupCode);
  await expect(b.locator("main").getByRole("alert")).toContainText("That code was already used.");
  expect(await row("SELECT secondFactorAt FROM LoginSession WHERE userId = ? AND secondFactorAt IS NULL", userId)).toBeTruthy();

  // A recovery code instead: accepted once, logged.
  await b.reload();
  await typeCode(b, codes[0]!, "recovery");
  await expect(b).toHaveURL(/\/account\/sessions$/);
  await b.goto("/login/verify?returnTo=%2Faccount");
  await typeCode(b, codes[0]!, "recovery");
  await expect(b.locator("main").getByRole("alert")).toContainText("That code is not right.");
  await b.goto("/account/security");
  await expect(b.getByTestId("recovery-codes-left")).toHaveText("9 unused codes of 10.");
  await b.goto("/account/activity");
  const log = b.getByRole("list", { name: "Security activity" });
  await expect(log).toContainText("A recovery code was used; 9 are left");
  await expect(log).toContainText("A wrong second-factor code was typed");
  await expect(log).toContainText("The code had already been used.");
  await other.context.close();
});

test("five wrong codes in one session sign it out, logged; the person's own session stays", async ({ page, browser }) => {
  const person = newPerson();
  await signInWithTelegram(page, person);
  const { secret } = await setUpAuthenticator(page);
  const userId = await userIdOfTelegram(person);
  const other = await anotherBrowser(browser, person);
  const b = other.page;
  await b.goto("/login/verify?returnTo=%2Faccount");
  const failures = async () => Number((await row<{ n: number }>("SELECT sum(count) AS n FROM SecurityEvent WHERE userId = ? AND type = 'second-factor-failed'", userId))?.n ?? 0);
  for (let i = 1; i <= 4; i++) {
    await typeCode(b, wrongCode(secret));
    // (The answer replaces the last one's message: wait for the server to have counted it.)
    await expect.poll(failures).toBe(i);
    await expect(b.getByLabel("Code from your authenticator app")).toHaveValue("");
  }
  await typeCode(b, wrongCode(secret));
  await expect(b).toHaveURL(/\/login\?error=too-many-codes$/);
  await expect(b.locator("main").getByRole("alert")).toContainText("Too many wrong codes were typed, so this browser was signed out.");
  expect(await count("SELECT count(*) AS n FROM SecurityEvent WHERE userId = ? AND type = 'second-factor-signed-out'", userId)).toBe(1);
  // The session is gone: a right code now gets the sign-in page, and nothing passes.
  await b.goto("/login/verify?returnTo=%2Faccount");
  await expect(b).toHaveURL(/\/login/);
  expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ? AND secondFactorAt IS NULL AND revokedAt IS NULL", userId)).toBe(0);
  // The person's own session, past its second factor, is untouched.
  await page.goto("/account/sessions");
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await other.context.close();
});

test("a sign-in from the collision page to an account with a second factor links nothing until the factor is passed", async ({ page, browser }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  const { secret } = await setUpAuthenticator(page);
  const context = await browser.newContext({ locale: "en-US" });
  const b = await context.newPage();
  // Yandex ID with the same verified email: the collision page; Google from there is "link it".
  await signInAs(b, "Yandex ID", person, /\/login\/existing-account$/);
  await b.getByRole("button", { name: /^Continue with Google/ }).click();
  await consentAs(b, person);
  await expect(b).toHaveURL(/\/account\/link$/);
  const yandex = () => count("SELECT count(*) AS n FROM Account WHERE provider = 'yandex' AND email = ?", person.email);
  expect(await yandex()).toBe(0);
  await b.getByRole("button", { name: "Link Yandex ID" }).click();
  await typeCode(b, codeFor(secret, 1));
  await expect(b).toHaveURL(/\/account\/link$/);
  expect(await yandex()).toBe(0);
  await b.getByRole("button", { name: "Link Yandex ID" }).click();
  await expect(b.getByRole("status").filter({ hasText: "Yandex ID is now linked to your account." })).toBeVisible();
  expect(await yandex()).toBe(1);
  await context.close();
});

test("lost Telegram: a recovery code alone signs in from \u201cCan't sign in?\u201d, once, and the person is told to set up a new way in", async ({ page, browser }) => {
  const person = newPerson();
  await signInWithTelegram(page, person);
  const { codes } = await setUpAuthenticator(page);
  const userId = await userIdOfTelegram(person);

  const lost = await browser.newContext({ locale: "en-US" });
  const b = await lost.newPage();
  await b.goto("/login");
  await b.getByRole("link", { name: "Can't sign in?" }).click();
  await expect(b).toHaveURL(/\/login\/recover$/);
  await expect(b.getByRole("heading", { name: "Another linked method" })).toBeVisible();
  await expect(b.getByRole("heading", { name: "A passkey" })).toBeVisible();
  await b.getByLabel("Recovery code").fill("aaaaa-aaaaa");
  await b.getByRole("button", { name: "Sign in with the code" }).click();
  await expect(b.locator("main").getByRole("alert")).toContainText("That recovery code is not right, or it was already used.");
  await expect(b.getByLabel("Recovery code")).toHaveValue("");
  await b.getByLabel("Recovery code").fill(codes[3]!.toUpperCase());
  await b.getByRole("button", { name: "Sign in with the code" }).click();
  await expect(b).toHaveURL(/\/account\/security\?notice=recovered$/);
  await expect(b.locator("main").getByRole("status").first()).toContainText("You signed in with a recovery code; 9 codes are left.");
  expect(await row("SELECT provider FROM LoginSession WHERE userId = ? AND provider = 'recovery-code' AND secondFactorAt IS NOT NULL", userId)).toBeTruthy();
  await b.goto("/account/activity");
  await expect(b.getByRole("list", { name: "Security activity" })).toContainText("Signed in with Recovery code");
  await expect(b.getByRole("list", { name: "Security activity" })).toContainText("A recovery code was used; 9 are left");

  // The same code in another browser: used, so nobody is signed in.
  const thief = await browser.newContext({ locale: "en-US" });
  const c = await thief.newPage();
  await c.goto("/login/recover");
  await c.getByLabel("Recovery code").fill(codes[3]!);
  await c.getByRole("button", { name: "Sign in with the code" }).click();
  await expect(c.locator("main").getByRole("alert")).toContainText("That recovery code is not right, or it was already used.");
  expect((await thief.cookies()).some((cookie) => cookie.name.includes("session-token"))).toBe(false);
  expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ? AND provider = 'recovery-code'", userId)).toBe(1);
  await lost.close();
  await thief.close();
});

test.describe("in Russian", () => {
  test.use({ locale: "ru-RU" });

  test("«Спрашивать после каждого входа»: a new session can do nothing until it passes the code", async ({ page, browser }) => {
    const person = newPerson();
    await signInWithTelegram(page, person);
    const { secret } = await setUpAuthenticator(page, "ru");
    await page.getByRole("button", { name: "Спрашивать после каждого входа" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Теперь код будет запрашиваться после каждого входа." })).toBeVisible();

    const context = await browser.newContext({ locale: "ru-RU" });
    const b = await context.newPage();
    await signInWithTelegram(b, person, /\/login\/verify\?returnTo=%2Faccount$/);
    await expect(b.getByRole("heading", { name: "Введите код" })).toBeVisible();
    await expect(b.getByText("Ваш аккаунт запрашивает второй фактор после каждого входа.", { exact: false })).toBeVisible();
    // Nothing else answers this session yet.
    for (const path of ["/account", "/account/sessions", "/account/data"]) {
      await b.goto(path);
      await expect(b).toHaveURL(new RegExp(`/login/verify\\?returnTo=${encodeURIComponent(path)}$`));
    }
    expect(await (await b.request.get("/api/auth/session")).json()).toBeNull();

    await b.getByLabel("Код из приложения-аутентификатора").fill(wrongCode(secret));
    await b.getByRole("button", { name: "Подтвердить" }).first().click();
    await expect(b.locator("main").getByRole("alert")).toContainText("Код неверный.");
    await b.getByLabel("Код из приложения-аутентификатора").fill(codeFor(secret, 1));
    await b.getByRole("button", { name: "Подтвердить" }).first().click();
    await expect(b).toHaveURL(/\/account\/data$/);
    expect(await (await b.request.get("/api/auth/session")).json()).toMatchObject({ user: { name: person.name } });
    await context.close();
  });

  test("«Не получается войти?»: вход по коду восстановления", async ({ page, browser }) => {
    const person = newPerson();
    await signInWithTelegram(page, person);
    const { codes } = await setUpAuthenticator(page, "ru");

    const context = await browser.newContext({ locale: "ru-RU" });
    const b = await context.newPage();
    await b.goto("/login");
    await b.getByRole("link", { name: "Не получается войти?" }).click();
    await expect(b.getByRole("heading", { name: "Ничего из этого нет?" })).toBeVisible();
    await b.getByLabel("Код восстановления").fill(codes[0]!);
    await b.getByRole("button", { name: "Войти по коду" }).click();
    await expect(b).toHaveURL(/\/account\/security\?notice=recovered$/);
    await expect(b.locator("main").getByRole("status").first()).toContainText("Вы вошли по коду восстановления; осталось кодов: 9.");
    await context.close();
  });
});
