// The database goes away mid-run (a PostgreSQL restart, an outage): every page and API
// of the instance answers a readable 503 at once, in the person's language, nothing is
// written meanwhile, and the instance recovers by itself when the database is back.
// On a PostgreSQL cluster of this test's own, so stopping it disturbs no other test.
import type { Browser } from "@playwright/test";
import { startPostgresql } from "../scripts/lib/postgresql.mjs";
import { newPerson, type Person } from "./fixtures/account";
import { e2eEnv } from "./fixtures/env";
import { migrateInto } from "./fixtures/db";
import { startInstances } from "./fixtures/instances";
import { sessionCookie } from "./fixtures/sign-in";
import { askWidgetNonce, signedWidgetPayload, widgetUrl } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

test.skip(!/^postgres/.test(e2eEnv().databaseUrl), "runs in the PostgreSQL run of the suite (npm test runs both)");
// With the database stopped on purpose, the browser's own fetches (Next's prefetches of
// the account pages) get the 503 too, and Chromium logs each.
test.use({ expectedConsoleErrors: [/Failed to load resource: the server responded with a status of 503/] });

const signedFor = (person: Person) => signedWidgetPayload(person.name);

async function signedInPage(browser: Browser, base: string, person: Person, locale: string) {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(`${base}${widgetUrl(signedFor(person), { nonce: await askWidgetNonce(page, base) })}`);
  await expect(page).toHaveURL(`${base}/account`);
  return page;
}

test("with the database stopped, every page and API answers a readable 503 in time; nothing is written; it recovers by itself", async ({ browser }) => {
  test.setTimeout(120_000);
  const cluster = await startPostgresql();
  const databaseUrl = cluster.createDatabase("outage");
  migrateInto(databaseUrl);
  const instance = await startInstances(1, { DATABASE_URL: databaseUrl });
  try {
    const [base] = instance.urls as [string];
    const person = newPerson("Outage");
    const english = await signedInPage(browser, base, person, "en-US");
    const russian = await signedInPage(browser, base, person, "ru-RU");

    cluster.pause();
    // Bounded: each answer within a few seconds (a hung request fails the test).
    const answer = (path: string, accept = "text/html") => english.request.get(`${base}${path}`, { maxRedirects: 0, timeout: 5_000, headers: { accept } });
    // At once, perhaps before the instance has noticed: a session check that cannot reach
    // the database is a 503, never a signed-out answer that clears the cookie.
    const first = await answer("/api/auth/session", "application/json");
    expect(first.status()).toBe(503);
    expect(first.headers()["set-cookie"] ?? "").not.toMatch(/authjs\.session-token=;/);
    await expect.poll(async () => (await answer("/account")).status(), { timeout: 10_000 }).toBe(503);
    for (const path of ["/account", "/account/sessions", "/account/activity", "/account/data", "/login", "/login/telegram", "/telegram/app"]) {
      const response = await answer(path);
      expect(response.status(), path).toBe(503);
      expect(response.headers()["retry-after"], path).toBe("5");
      expect(await response.text(), path).toContain("Temporarily unavailable");
    }
    for (const path of ["/api/auth/session", "/api/auth/providers", "/api/telegram/bot-login"]) {
      const response = await answer(path, "application/json");
      expect(response.status(), path).toBe(503);
      expect(await response.json(), path).toEqual({ status: "unavailable", retryAfter: 5 });
    }
    const health = await answer("/api/health", "application/json");
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", database: { kind: "postgresql" } });

    // A person sees it in their language.
    for (const [page, heading] of [[english, "Temporarily unavailable"], [russian, "Временно недоступно"]] as const) {
      const response = await page.goto(`${base}/account`);
      expect(response?.status()).toBe(503);
      await expect(page.getByRole("heading", { name: heading })).toBeVisible();
    }
    // A sign-in tried meanwhile writes nothing, and is not used up.
    const later = newPerson("During the outage");
    const payload = signedFor(later);
    const newcomer = await (await browser.newContext()).newPage();
    expect((await newcomer.goto(`${base}${widgetUrl(payload)}`))?.status()).toBe(503);

    // Nobody was signed out by the outage.
    expect(await sessionCookie(english.context())).toBeDefined();
    cluster.resume();
    await expect.poll(async () => (await answer("/api/health", "application/json")).status(), { timeout: 20_000 }).toBe(200);
    await expect.poll(async () => (await answer("/account")).status(), { timeout: 10_000 }).toBe(200);
    await english.goto(`${base}/account`);
    await expect(english.getByTestId("account-name")).toHaveText(person.name);
    await russian.goto(`${base}/account`);
    await expect(russian.getByTestId("account-name")).toHaveText(person.name);
    await newcomer.goto(`${base}${widgetUrl(payload, { nonce: await askWidgetNonce(newcomer, base) })}`);
    await expect(newcomer).toHaveURL(`${base}/account`);
    await expect(newcomer.getByTestId("account-name")).toHaveText(later.name);
    for (const page of [english, russian, newcomer]) await page.context().close();
  } finally {
    await instance.close();
    cluster.stop();
  }
});
