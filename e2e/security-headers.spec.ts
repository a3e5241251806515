// The browser policy (lib/security/headers.ts, set by proxy.ts) on every page: a CSP
// whose nonce is new on every response and is on every script Next sends, the
// frame-ancestors rule, COOP, Permissions-Policy, nosniff, HSTS over HTTPS only; and the
// flows that load third-party scripts (the Telegram widget, the Mini App) or leave for
// a provider still working under it. The suite's fixture fails any test whose pages
// report a CSP violation; the first test shows that it notices one.
import type { Page } from "@playwright/test";
import { newPerson, signInAs } from "./fixtures/account";
import { emulatorLauncher, widgetSignInAs } from "./fixtures/telegram";
import { expect, test } from "./fixtures/test";

type Header = { name: string; value: string };

/** The one value of a header (none: undefined); two of the same would be a bug. */
function single(headers: Header[], name: string) {
  const values = headers.filter((header) => header.name.toLowerCase() === name.toLowerCase()).map((header) => header.value);
  expect(values.length, `${name} headers`).toBeLessThanOrEqual(1);
  return values[0];
}

/** The CSP's directives, by name. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

/** Checks every header of the policy on one response; returns its nonce. */
function expectPolicy(headers: Header[], { miniApp = false } = {}): string {
  const policy = single(headers, "content-security-policy");
  expect(policy, "Content-Security-Policy").toBeTruthy();
  const csp = directives(policy!);
  const scripts = csp["script-src"] ?? [];
  const nonces = scripts.filter((source) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(source));
  expect(nonces, `one nonce in script-src: ${scripts.join(" ")}`).toHaveLength(1);
  expect(scripts).toContain("'self'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'strict-dynamic'");
  expect(scripts).not.toContain("'unsafe-eval'");
  // Besides our own: exactly the two Telegram scripts (the emulator's here), not their whole origin.
  expect(scripts.filter((source) => /^(https?:|\*)/.test(source)).map((source) => new URL(source).pathname), "script URLs").toEqual([
    "/telegram/js/telegram-widget.js",
    "/telegram/js/telegram-web-app.js",
  ]);
  expect(csp["default-src"]).toEqual(["'self'"]);
  expect(csp["base-uri"]).toEqual(["'none'"]);
  expect(csp["object-src"]).toEqual(["'none'"]);
  expect(csp["form-action"]).toContain("'self'");
  expect(csp["frame-src"]).toContain("https://oauth.telegram.org");
  if (miniApp) {
    expect(csp["frame-ancestors"]).toContain("https://web.telegram.org");
    for (const source of csp["frame-ancestors"]!) expect(source, "frame-ancestors sources are origins").toMatch(/^https?:\/\/[^/*]+$/);
    expect(single(headers, "x-frame-options")).toBeUndefined();
  } else {
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(single(headers, "x-frame-options")).toBe("DENY");
  }
  expect(single(headers, "cross-origin-opener-policy")).toBe("same-origin-allow-popups");
  const permissions = single(headers, "permissions-policy") ?? "";
  for (const denied of ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]) expect(permissions).toContain(denied);
  expect(permissions).toContain("publickey-credentials-get=(self)");
  expect(single(headers, "x-content-type-options")).toBe("nosniff");
  expect(single(headers, "referrer-policy")).toBe("strict-origin-when-cross-origin");
  // The suite runs on plain http.
  expect(single(headers, "strict-transport-security")).toBeUndefined();
  return nonces[0]!.slice("'nonce-".length, -1);
}

/** Every <script> in the HTML carries the response's nonce (so the page was rendered for this request). */
function expectScriptsCarry(html: string, nonce: string) {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, "scripts on the page").toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`)), "scripts without this response's nonce").toEqual([]);
}

/**
 * Opens `path` in the browser and asks for it again: both carry the whole policy, with
 * nonces that differ, on every script. Returns where the browser ended up.
 */
async function expectPagePolicy(page: Page, path: string, { status = 200, miniApp = false } = {}) {
  const shown = await page.goto(path);
  expect(shown, path).not.toBeNull();
  expect(shown!.status(), path).toBe(status);
  const first = expectPolicy(await shown!.headersArray(), { miniApp });
  expectScriptsCarry(await shown!.text(), first);

  const where = new URL(page.url());
  const again = await page.request.get(`${where.pathname}${where.search}`);
  expect(again.status(), where.pathname).toBe(status);
  const second = expectPolicy(again.headersArray(), { miniApp });
  expectScriptsCarry(await again.text(), second);
  expect(second, "a new nonce for every response").not.toBe(first);
  return where;
}

test("the fixture notices a script the policy refuses", async ({ page, cspViolations }) => {
  await page.goto("/login");
  const ran = await page.evaluate(() => {
    const inline = document.createElement("script");
    inline.textContent = "window.__injected = true;";
    document.body.append(inline);
    const foreign = document.createElement("script");
    foreign.src = "http://localhost:9/not-ours.js";
    document.body.append(foreign);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran, "an inline script without the nonce runs").toBe(false);
  // Each is reported twice: the securitypolicyviolation event and Chromium's console error.
  const seen = () => {
    const all = cspViolations.join("\n");
    return [/script-src\S* refused inline/, /script-src\S* refused http:\/\/localhost:9\/not-ours\.js/, /inline script violates the following Content Security Policy/, /the script 'http:\/\/localhost:9\/not-ours\.js' violates the following Content Security Policy/].map((report) => report.test(all));
  };
  await expect.poll(seen).toEqual([true, true, true, true]);
  // Seen; the test itself passes.
  cspViolations.length = 0;
});

test("/login, the 404 page and /telegram/app carry the policy", async ({ page }) => {
  await expectPagePolicy(page, "/login");
  await expectPagePolicy(page, "/no-such-page", { status: 404 });
  await expectPagePolicy(page, "/telegram/app", { miniApp: true });
  await expect(page.getByRole("status")).toHaveText("Open this page from the bot in Telegram to sign in.");
});

test("the account center's pages carry the policy, and so does its redirect to /login", async ({ page, request }) => {
  const away = await request.get("/account/sessions", { maxRedirects: 0 });
  expect(away.status()).toBe(307);
  expect(away.headers()["location"]).toMatch(/\/login\?callbackUrl=%2Faccount%2Fsessions$/);
  expectPolicy(away.headersArray());

  await signInAs(page, "Google", newPerson("Policy"));
  for (const path of ["/account", "/account/sessions", "/account/activity", "/account/data"]) {
    expect((await expectPagePolicy(page, path)).pathname).toBe(path);
  }
  expect((await expectPagePolicy(page, "/account/confirm?returnTo=%2Faccount%2Fdata")).pathname).toBe("/account/confirm");
});

test("/login/telegram (the bot login's waiting page) carries the policy", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Open the Telegram app instead" }).click();
  await expect(page).toHaveURL(/\/login\/telegram/);
  await expect(page.getByRole("img", { name: "QR code of the Telegram sign-in link" })).toBeVisible();
  expect((await expectPagePolicy(page, new URL(page.url()).pathname + new URL(page.url()).search)).pathname).toBe("/login/telegram");
});

test("/login/existing-account (an email collision) carries the policy", async ({ page, browser }) => {
  const person = newPerson("Collision");
  const first = await (await browser.newContext()).newPage();
  await signInAs(first, "Google", person);
  await first.context().close();
  await signInAs(page, "Yandex ID", person, /\/login\/existing-account$/);
  expect((await expectPagePolicy(page, "/login/existing-account")).pathname).toBe("/login/existing-account");
  await expect(page.getByRole("heading", { name: "You already have an account" })).toBeVisible();
});

test("HSTS is sent only when the request came over HTTPS", async ({ request }) => {
  const plain = await request.get("/login");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  const behindTls = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(behindTls.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  const notFound = await request.get("/no-such-page", { headers: { "x-forwarded-proto": "https" } });
  expect(notFound.status()).toBe(404);
  expect(notFound.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});

test.describe("sign-in under the policy", () => {
  test("the Telegram widget's button renders on /login and signs in", async ({ page, cspViolations }) => {
    const person = newPerson("Widget");
    // Drawn by the widget script from its own origin (script-src lists it).
    await widgetSignInAs(page, person);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText(person.name);
    expect(cspViolations).toEqual([]);
  });

  test("the Mini App signs in from the emulator's launcher", async ({ page, cspViolations }) => {
    const person = newPerson("MiniApp");
    await page.goto(emulatorLauncher(person));
    await page.getByRole("link", { name: `${person.name} (HMAC)` }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText(person.name);
    expect(cspViolations).toEqual([]);
  });

  test("Google sign-in leaves for the provider and comes back", async ({ page, cspViolations }) => {
    const person = newPerson("Google");
    await signInAs(page, "Google", person);
    await expect(page.getByTestId("account-name")).toHaveText(person.name);
    expect(cspViolations).toEqual([]);
  });
});
