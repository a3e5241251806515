// Passkeys, end to end, with Chromium's virtual authenticator (CDP WebAuthn): added on
// /account/security, renamed, used to sign in alone, counted as a way in by the
// last-method guard, and as a second factor for step-up; and refused when replayed in
// another browser or offered for someone else's account.
import type { Browser, BrowserContext, CDPSession, Page } from "@playwright/test";
import { newPerson } from "./fixtures/account";
import { count, row } from "./fixtures/db";
import { signInWithTelegram, userIdOfTelegram } from "./fixtures/second-factor";
import { expect, test } from "./fixtures/test";

// Each test walks several browsers through several pages: more than the default 30 s when the suite runs side by side.
test.describe.configure({ timeout: 60_000 });

type Authenticator = { cdp: CDPSession; authenticatorId: string };

/** A platform authenticator with user verification, answering at once (as a fingerprint would). */
async function virtualAuthenticator(page: Page): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** The same passkeys in another browser's authenticator (a synced passkey, or a copied one). */
async function copyPasskeys(from: Authenticator, to: Authenticator) {
  const { credentials } = await from.cdp.send("WebAuthn.getCredentials", { authenticatorId: from.authenticatorId });
  for (const credential of credentials) await to.cdp.send("WebAuthn.addCredential", { authenticatorId: to.authenticatorId, credential });
  return credentials.length;
}

async function addPasskey(page: Page, label = "Add a passkey", added = "The passkey is added.", path = "/account/security") {
  await page.goto(path);
  await page.getByRole("button", { name: label }).click();
  await expect(page.getByRole("status").filter({ hasText: added })).toBeVisible();
}

/**
 * Signs out; lands on /login. With a passkey in the browser's authenticator, /login's
 * passkey autofill (conditional UI) then signs straight back in: the virtual
 * authenticator answers at once, where a person would pick the passkey from the field.
 */
async function signOut(page: Page, confirm = "Sign out") {
  await page.goto("/logout");
  await page.getByRole("button", { name: confirm }).click();
}

/** Takes the authenticator away (its passkeys kept here), so that /login's autofill has nothing to offer. */
async function unplug({ cdp, authenticatorId }: Authenticator) {
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
  return async () => {
    const { authenticatorId: id } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    for (const credential of credentials) await cdp.send("WebAuthn.addCredential", { authenticatorId: id, credential });
  };
}

async function newBrowser(browser: Browser, locale = "en-US"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("a person adds a passkey, renames it, and signs in with the passkey alone", async ({ page }) => {
    const authenticator = await virtualAuthenticator(page);
    const person = newPerson();
    await signInWithTelegram(page, person);
    const userId = await userIdOfTelegram(person);
    await addPasskey(page);
    const list = page.getByRole("list", { name: "Your passkeys" });
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await list.getByRole("textbox").fill("My laptop");
    await list.getByRole("button", { name: "Rename" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The passkey is renamed." })).toBeVisible();
    await expect(list.getByRole("listitem", { name: "My laptop" })).toContainText("never used");
    // Only what the page shows is kept of it: the authenticator keeps the private key.
    expect((await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.authenticatorId })).credentials).toHaveLength(1);

    // Signed out, /login's passkey autofill (conditional UI: the browser offers saved
    // passkeys in the field, and the virtual authenticator picks at once) signs in.
    await signOut(page);
    await expect(page).toHaveURL(/\/account$/);
    expect(await row("SELECT provider FROM LoginSession WHERE userId = ? AND revokedAt IS NULL", userId)).toMatchObject({ provider: "passkey" });

    // The button: the authenticator comes back only once /login is open.
    const plugIn = await unplug(authenticator);
    await signOut(page);
    await expect(page).toHaveURL(/\/login$/);
    // The autofill's field is there for the browser to offer saved passkeys in.
    await expect(page.getByLabel("Passkey", { exact: true })).toHaveAttribute("autocomplete", "username webauthn");
    await plugIn();
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/\/account$/);
    const session = await row<{ provider: string; secondFactorAt: unknown }>("SELECT provider, secondFactorAt FROM LoginSession WHERE userId = ? AND revokedAt IS NULL", userId);
    expect(session).toMatchObject({ provider: "passkey" });
    expect(session!.secondFactorAt).toBeTruthy();
    await page.goto("/account/activity");
    await expect(page.getByRole("list", { name: "Security activity" })).toContainText("Signed in with Passkey");
    await expect(page.getByRole("list", { name: "Security activity" })).toContainText("Passkey added");
    await page.goto("/account/security");
    await expect(page.getByRole("listitem", { name: "My laptop" })).toContainText("last used");
  });

  test("a passkey is a second factor: a Telegram session must use it before a critical action; another account's passkey does not do", async ({ page, browser }) => {
    test.slow();
    const mine = await virtualAuthenticator(page);
    const person = newPerson();
    await signInWithTelegram(page, person);
    const userId = await userIdOfTelegram(person);
    await addPasskey(page);

    // Someone else, with a passkey of their own.
    const stranger = await newBrowser(browser);
    const theirs = await virtualAuthenticator(stranger.page);
    await signInWithTelegram(stranger.page, newPerson("Stranger"));
    await addPasskey(stranger.page);

    // A second browser of the person, signed in with Telegram: not past the second factor.
    const other = await newBrowser(browser);
    const b = other.page;
    const authenticator = await virtualAuthenticator(b);
    await signInWithTelegram(b, person);
    await b.goto("/account/sessions");
    await b.getByRole("button", { name: "Sign out the other session" }).click();
    await expect(b.locator("main").getByRole("alert")).toContainText("For your security, confirm it's you with your second factor");

    // Only the stranger's passkey in this browser: the prompt offers none of the person's, and nothing passes.
    await copyPasskeys(theirs, authenticator);
    await b.locator("main").getByRole("link", { name: "Confirm it's you" }).click();
    await expect(b).toHaveURL(/\/login\/verify\?returnTo=%2Faccount%2Fsessions$/);
    await b.getByRole("button", { name: "Use a passkey" }).click();
    await expect(b.locator("main").getByRole("alert")).toContainText("The passkey prompt was closed or timed out");
    expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ? AND secondFactorAt IS NULL", userId)).toBe(1);

    // The person's own passkey (synced to this browser): passes, and the action goes through.
    await copyPasskeys(mine, authenticator);
    await b.getByRole("button", { name: "Use a passkey" }).click();
    await expect(b).toHaveURL(/\/account\/sessions$/);
    await b.getByRole("button", { name: "Sign out the other session" }).click();
    await expect(b.getByRole("status").filter({ hasText: "All your other sessions are signed out." })).toBeVisible();
    await other.context.close();
    await stranger.context.close();
  });

  test("a passkey answer replayed in another browser signs no one in", async ({ page, browser }) => {
    await virtualAuthenticator(page);
    const person = newPerson();
    await signInWithTelegram(page, person);
    const userId = await userIdOfTelegram(person);
    await addPasskey(page);

    // Signed out, /login's autofill signs in: its answer to the server is captured.
    const answer = page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"]) && (request.postData() ?? "").includes("authenticatorData"));
    await signOut(page);
    const captured = await answer;
    await expect(page).toHaveURL(/\/account$/);
    const sessions = await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ?", userId);

    // The same request from a browser that never asked, and again from this one: refused both times.
    const attacker = await newBrowser(browser);
    for (const from of [attacker.page, page]) {
      const headers = await captured.allHeaders();
      const response = await from.request.post(captured.url(), {
        headers: { "next-action": headers["next-action"]!, "content-type": headers["content-type"]!, accept: headers.accept ?? "text/x-component", origin: new URL(captured.url()).origin },
        data: captured.postData()!,
      });
      expect(await response.text()).toContain("passkey-expired");
    }
    expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ?", userId)).toBe(sessions);
    expect((await attacker.context.cookies()).some((cookie) => cookie.name.includes("session-token"))).toBe(false);
    await attacker.context.close();
  });
});

test.describe("in Russian", () => {
  test.use({ locale: "ru-RU" });

  test("a passkey is a way in: Telegram can be unlinked while it stays, and the last way in cannot be removed", async ({ page }) => {
    const authenticator = await virtualAuthenticator(page);
    const person = newPerson();
    await signInWithTelegram(page, person);
    const userId = await userIdOfTelegram(person);
    // Added from the overview this time, where the sign-in methods are.
    await addPasskey(page, "Добавить ключ доступа", "Ключ доступа добавлен.", "/account");
    await expect(page.getByTestId("method-passkeys")).toContainText("1 ключ доступа");
    await page.getByRole("button", { name: "Отвязать Telegram" }).click();
    await page.getByRole("button", { name: "Да, отвязать" }).click();
    await expect(page).toHaveURL(/notice=unlinked/);
    expect(await count("SELECT count(*) AS n FROM Account WHERE userId = ?", userId)).toBe(0);

    await page.goto("/account/security");
    await page.getByRole("button", { name: "Удалить" }).click();
    await expect(page.locator("main").getByRole("alert")).toContainText("Этот ключ доступа — ваш единственный способ входа");
    expect(await count("SELECT count(*) AS n FROM Passkey WHERE userId = ?", userId)).toBe(1);

    // Lost Telegram: the passkey alone brings the person back (by the button, once the authenticator is back).
    const plugIn = await unplug(authenticator);
    await signOut(page, "Выйти");
    await expect(page).toHaveURL(/\/login$/);
    await plugIn();
    await page.getByRole("button", { name: "Войти с ключом доступа" }).click();
    await expect(page).toHaveURL(/\/account$/);
    expect(await row("SELECT provider FROM LoginSession WHERE userId = ? AND revokedAt IS NULL", userId)).toMatchObject({ provider: "passkey" });
    await expect(page.getByRole("heading", { name: "Способы входа" })).toBeVisible();
  });
});
