// Session records: each test signs in with Google as a person of its own.
import { consentAs, newPerson, signInAs } from "./fixtures/account";
import { at, count, row, run } from "./fixtures/db";
import { currentSessionId, sessionCookie } from "./fixtures/sign-in";
import { expect, test } from "./fixtures/test";

test("/account without a session redirects to /login", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount$/);
  await expect(page.getByRole("heading", { name: "Sign in to Vkhod" })).toBeVisible();
});

test("a revoked session record logs the browser out on its next request", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  const sessionId = await currentSessionId(page);
  expect(sessionId).toBeTruthy();

  // As another app instance (or the sessions screen) would: revoke the row directly.
  await run("UPDATE LoginSession SET revokedAt = ? WHERE id = ?", at(Date.now()), sessionId);

  await page.reload();
  await expect(page).toHaveURL(/\/login\?error=session-ended$/);
  await expect(page.getByRole("alert").filter({ hasText: "Your session has ended" })).toBeVisible();
  expect(await sessionCookie(page.context())).toBeUndefined();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
});

test("a deleted session record logs the browser out too", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  const sessionId = await currentSessionId(page);
  await run("DELETE FROM LoginSession WHERE id = ?", sessionId);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?error=session-ended$/);
});

test("the session-ended route does not sign out a live session", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  await page.goto("/api/session/ended");
  await expect(page).toHaveURL(/\/account$/);
  expect(await sessionCookie(page.context())).toBeDefined();
});

test("signing out ends the session record as well as the cookie", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  const sessionId = await currentSessionId(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await sessionCookie(page.context())).toBeUndefined();
  expect(await count("SELECT count(*) AS n FROM LoginSession WHERE id = ? AND revokedAt IS NOT NULL", sessionId)).toBe(1);
});

test("the session record keeps the provider, IP and browser", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  const sessionId = await currentSessionId(page);
  const stored = (await row("SELECT provider, ip, userAgent FROM LoginSession WHERE id = ?", sessionId)) as Record<string, string>;
  expect(stored.provider).toBe("google");
  expect(stored.ip).toMatch(/127\.0\.0\.1|::1/);
  expect(stored.userAgent).toContain("Chrome");
});

test("callbackUrl leads back to our own pages only", async ({ page }) => {
  await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2Fsteal");
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await consentAs(page, newPerson());
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/account$/);

  await page.context().clearCookies();
  await page.goto("/login?callbackUrl=%2F%2Fevil.example%2Fsteal");
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await consentAs(page, newPerson());
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/account$/);
});

test("a protected page's own address survives the trip through /login", async ({ page }) => {
  await page.goto("/account?from=test");
  await expect(page).toHaveURL(/callbackUrl=%2Faccount%3Ffrom%3Dtest/);
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await consentAs(page, newPerson());
  await expect(page).toHaveURL(/\/account\?from=test$/);
});

test("a page load keeps the session cookie fresh", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  // The same cookie, as if it were about to run out in a minute.
  const cookie = (await sessionCookie(page.context()))!;
  const soon = Date.now() / 1000 + 60;
  await page.context().addCookies([{ ...cookie, expires: soon }]);
  await page.goto("/account");
  expect((await sessionCookie(page.context()))!.expires).toBeGreaterThan(soon + 24 * 3600);
});
