// No client input yields a 5xx: requests that none of our pages makes get a plain 400
// or 403 in the person's language (lib/security/refused-request.ts), Auth.js's routes
// never see a cookie of theirs that does not decode (lib/auth/route-errors.ts), and the
// honest requests next to them still work, with JavaScript and without.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./fixtures/test";
import { consentAs, newPerson } from "./fixtures/account";

const BROKEN = "%E0%A4%A";
const AUTH_ROUTES = ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin", "/api/auth/signin/google", "/api/auth/callback/google?code=x&state=y", "/api/auth/error"];

test("broken percent-encoding in callbackUrl or in Auth.js's callback-url cookie gives no 5xx on any Auth.js route", async ({ request }) => {
  for (const route of AUTH_ROUTES) {
    const withQuery = `${route}${route.includes("?") ? "&" : "?"}callbackUrl=${BROKEN}`;
    expect((await request.get(withQuery, { maxRedirects: 0 })).status(), withQuery).toBeLessThan(500);
    // A good one first and a broken one after (Auth.js reads the last).
    const twice = `${route}${route.includes("?") ? "&" : "?"}callbackUrl=%2F&callbackUrl=${BROKEN}`;
    expect((await request.get(twice, { maxRedirects: 0 })).status(), twice).toBeLessThan(500);
    for (const cookie of [`authjs.callback-url=${BROKEN}`, `authjs.csrf-token=${BROKEN}`, `authjs.session-token=${BROKEN}`]) {
      const answer = await request.get(route, { headers: { cookie }, maxRedirects: 0 });
      expect(answer.status(), `${route} with ${cookie}`).toBeLessThan(500);
    }
  }
  // Honest: the session route still answers a browser with no session.
  expect(await (await request.get("/api/auth/session")).json()).toBeNull();
});

test("a form POST to a page whose body is not a form gets 400, a server action from another origin 403, in the person's language", async ({ request, playwright }) => {
  for (const path of ["/login", "/account", "/account/sessions", "/telegram/app", "/"]) {
    const empty = await request.post(path, { headers: { "content-type": "multipart/form-data; boundary=x" }, data: "", maxRedirects: 0 });
    expect(empty.status(), `empty multipart POST to ${path}`).toBe(400);
    expect(await empty.text()).toContain("not one this site");
    const urlencoded = await request.post(path, { form: { anything: "1" }, maxRedirects: 0 });
    expect(urlencoded.status(), `form POST to ${path}`).toBeLessThan(500);
  }
  const action = { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" };
  expect((await request.post("/login", { headers: action, data: "[1,2]", maxRedirects: 0 })).status()).toBeLessThan(500);
  const elsewhere = await request.post("/login", { headers: { ...action, origin: "http://evil.test" }, data: "[]", maxRedirects: 0 });
  expect(elsewhere.status()).toBe(403);
  expect(await elsewhere.text()).toContain("did not come from one of this site");
  const russian = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { "accept-language": "ru-RU" } });
  const refusedRu = await russian.post("/login", { headers: { ...action, origin: "http://evil.test" }, data: "[]", maxRedirects: 0 });
  expect(refusedRu.status()).toBe(403);
  expect(await refusedRu.text()).toContain("Запрос отклонён");
  await russian.dispose();
});

test("a real server action called with React references it cannot resolve, or a body that is no JSON, gets 400, not 500", async ({ request }) => {
  // The Mini App's action, by the id the build gave it.
  const manifest = JSON.parse(readFileSync(join(process.env.NEXT_DIST_DIR || ".next-test", "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, action]) => action.exportedName === "signInFromMiniApp")![0];
  const call = (data: string) => request.post("/telegram/app", { headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, data, maxRedirects: 0 });
  for (const data of ['["$@1"]', '["$K2"]', '[{"a":"$Q3"}]', "not json", '{"0":"x"}']) {
    const answer = await call(data);
    expect(answer.status(), data).toBe(400);
    expect(await answer.text()).toContain("not one this site");
  }
  // Honest: plain values (a string, and one that begins with "$", escaped as React does) reach the action.
  for (const data of ['["query_id=x&hash=0"]', '["$$money"]']) {
    const answer = await call(data);
    expect(answer.status(), data).toBe(200);
    expect(await answer.text(), data).toContain("telegram-");
  }
});

test("our own forms still work: a sign-in button with JavaScript off (a plain form POST) and on", async ({ browser }) => {
  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("button", { name: /^Continue with Google( demo)?$/ }).click();
    await expect(page, `JavaScript ${javaScriptEnabled ? "on" : "off"}`).toHaveURL(/\/google\/o\/oauth2\/v2\/auth/);
    if (javaScriptEnabled) {
      await consentAs(page, newPerson());
      await expect(page).toHaveURL(/\/account$/);
    }
    await context.close();
  }
});
