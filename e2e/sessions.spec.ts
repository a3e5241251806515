// Session records: each test signs in with Google as a person of its own.
import { consentAs, newPerson, signInAs } from "./fixtures/account";
import { at, count, row, run } from "./fixtures/db";
import { currentSessionId, forgeSessionToken, readSessionToken, sessionCookie } from "./fixtures/sign-in";
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

test("the session cookie is a signed session id, issued again on a page load only once it is a few minutes old", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  const first = (await sessionCookie(page.context()))!;
  const claims = readSessionToken(first.value);
  // Our format, signed with the app's secret, and nothing in it but ids and times.
  expect(first.value).toBe(forgeSessionToken(claims));
  expect(claims.sid).toBe(await currentSessionId(page));
  // Fresh: page loads leave it alone.
  await page.goto("/account");
  await page.reload();
  expect((await sessionCookie(page.context()))!.value).toBe(first.value);

  // Ten minutes old and about to run out: the next page load issues it again.
  const now = Math.floor(Date.now() / 1000);
  const old = forgeSessionToken({ ...claims, issuedAt: now - 600, expiresAt: now + 60 });
  await page.context().addCookies([{ ...first, value: old, expires: now + 60 }]);
  await page.goto("/account");
  await expect(page.getByTestId("account-name")).toBeVisible();
  const renewed = (await sessionCookie(page.context()))!;
  expect(renewed.value).not.toBe(old);
  expect(readSessionToken(renewed.value)).toMatchObject({ sid: claims.sid, sub: claims.sub });
  expect(readSessionToken(renewed.value).issuedAt).toBeGreaterThanOrEqual(now);
  expect(renewed.expires).toBeGreaterThan(now + 24 * 3600);
});

test("a session cookie signed with another secret, tampered with, or naming another user is no session", async ({ page, browser }) => {
  await signInAs(page, "Google", newPerson());
  const honest = (await sessionCookie(page.context()))!;
  const claims = readSessionToken(honest.value);
  const other = await (await browser.newContext()).newPage();
  await signInAs(other, "Google", newPerson());
  const otherUser = ((await (await other.request.get("/api/auth/session")).json()) as { user: { id: string } }).user.id;
  await other.context().close();

  const forgeries = {
    "another secret": forgeSessionToken(claims, "not-the-app-secret-0000000000000000000"),
    "a changed signature": `${honest.value.slice(0, -2)}${honest.value.endsWith("AA") ? "BB" : "AA"}`,
    "a changed session id": honest.value.replace(claims.sid, `${claims.sid.slice(0, -1)}${claims.sid.endsWith("a") ? "b" : "a"}`),
    "another user, well signed": forgeSessionToken({ ...claims, sub: otherUser }),
  };
  for (const [what, value] of Object.entries(forgeries)) {
    await page.context().addCookies([{ ...honest, value }]);
    expect(await (await page.request.get("/api/auth/session")).json(), what).toBeNull();
    await page.context().addCookies([{ ...honest, value }]);
    await page.goto("/account");
    await expect(page, what).toHaveURL(/\/login\?/);
    expect(await count("SELECT count(*) AS n FROM LoginSession WHERE id = ? AND revokedAt IS NULL", claims.sid), what).toBe(1);
  }
  // The honest cookie still works.
  await page.context().addCookies([honest]);
  await page.goto("/account");
  await expect(page.getByTestId("account-name")).toBeVisible();
});

test("a session header the client sends itself is never taken for a session", async ({ page, request }) => {
  await signInAs(page, "Google", newPerson());
  const { sid, sub } = readSessionToken((await sessionCookie(page.context()))!.value);
  // A header naming a live session (once proxy.ts's own way of telling the pages), sent by someone who only knows the ids.
  const headers = { "x-vkhod-session": `${sid} ${sub} ${Math.floor(Date.now() / 1000)} 9999999999` };
  expect(await (await request.get("/api/auth/session", { headers })).json()).toBeNull();
  for (const mode of ["navigate", "cors"]) {
    const answer = await request.get("/account", { headers: { ...headers, "sec-fetch-mode": mode }, maxRedirects: 0 });
    expect(answer.status(), mode).toBe(307);
    expect(answer.headers().location, mode).toMatch(/\/login\?callbackUrl=/);
  }
  // The browser with the cookie is signed in all along.
  expect(await (await page.request.get("/api/auth/session")).json()).toMatchObject({ sessionId: sid, user: { id: sub } });
  await page.goto("/account");
  await expect(page.getByTestId("account-name")).toBeVisible();
});

test("with many sessions, the page lists the ten seen last, and all of them on request; signing out the others ends every one", async ({ page }) => {
  await signInAs(page, "Google", newPerson());
  const { sub: userId } = readSessionToken((await sessionCookie(page.context()))!.value);
  const agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  for (let i = 0; i < 12; i++) {
    const seen = Date.now() - (i + 1) * 60_000;
    await run(
      "INSERT INTO LoginSession (id, userId, provider, ip, userAgent, createdAt, authenticatedAt, lastSeenAt, expiresAt) VALUES (?, ?, 'google', '198.51.100.7', ?, ?, ?, ?, ?)",
      `many-${userId.slice(0, 8)}-${i}`, userId, agent, at(seen), at(seen), at(seen), at(Date.now() + 86_400_000),
    );
  }
  await page.goto("/account/sessions");
  const sessions = page.getByTestId("session");
  await expect(sessions).toHaveCount(11);
  await expect(sessions.first()).toContainText("This device");
  await expect(page.getByText("The 10 most recently seen of 12 other sessions.")).toBeVisible();
  await page.getByRole("link", { name: "Show all 12 other sessions" }).click();
  await expect(sessions).toHaveCount(13);
  await page.getByRole("button", { name: "Sign out all 12 other sessions" }).click();
  await expect(page.getByRole("status").filter({ hasText: /signed out/i })).toBeVisible();
  await expect(sessions).toHaveCount(1);
  expect(await count("SELECT count(*) AS n FROM LoginSession WHERE userId = ? AND revokedAt IS NULL", userId)).toBe(1);
});
