// The Odnoklassniki emulator refuses what OK refuses, the signature above all.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consent, expectErrorPage, postForm, startTestEmulator, withParams } from "./kit/test-client";
import { OK_DEMO_CLIENT } from "./ok";

let ok: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  ok = await startTestEmulator("ok");
});
afterAll(() => ok.emulators.close());

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const authorizeUrl = (overrides: Record<string, string | null> = {}) =>
  withParams(`${ok.base}/oauth/authorize`, {
    client_id: OK_DEMO_CLIENT.id,
    scope: "VALUABLE_ACCESS;GET_EMAIL",
    response_type: "code",
    redirect_uri: ok.callback,
    layout: "w",
    state: "st-ok",
    ...overrides,
  });

const code = async (user = "anna") => (await consent(authorizeUrl(), { user })).searchParams.get("code")!;
const exchange = (params: Record<string, string>) =>
  postForm(`${ok.base}/oauth/token.do`, {
    client_id: OK_DEMO_CLIENT.id,
    client_secret: OK_DEMO_CLIENT.secret,
    redirect_uri: ok.callback,
    grant_type: "authorization_code",
    ...params,
  });

function apiCall(token: string, overrides: { sig?: string; application_key?: string } = {}) {
  const params: Record<string, string> = { application_key: overrides.application_key ?? OK_DEMO_CLIENT.publicKey, format: "json", method: "users.getCurrentUser" };
  const signed = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join("");
  const sig = overrides.sig ?? md5(signed + md5(token + OK_DEMO_CLIENT.secret));
  return fetch(`${ok.base}/fb.do?${new URLSearchParams({ ...params, sig, access_token: token })}`);
}

describe("Odnoklassniki emulator", () => {
  it("shows an error page for an unknown client or an unregistered redirect_uri", async () => {
    await expectErrorPage(authorizeUrl({ client_id: "1" }), 401, "Application not found");
    await expectErrorPage(authorizeUrl({ redirect_uri: "http://evil.test/cb" }), 400, "redirect_uri mismatch");
  });

  it("answers a token of type \"session\", and refuses a wrong secret, a reused or expired code", async () => {
    const once = await code();
    const tokens = await (await exchange({ code: once })).json();
    expect(tokens.token_type).toBe("session");
    expect((await (await exchange({ code: once })).json()).error).toBe("invalid_grant");
    expect((await (await exchange({ code: await code(), client_secret: "wrong" })).json()).error).toBe("invalid_client");
    const late = await code();
    ok.advance(3 * 60_000);
    expect((await (await exchange({ code: late })).json()).error).toBe("invalid_grant");
  });

  it("takes the token request's parameters in the query string too", async () => {
    const query = new URLSearchParams({ code: await code(), client_id: OK_DEMO_CLIENT.id, client_secret: OK_DEMO_CLIENT.secret, redirect_uri: ok.callback, grant_type: "authorization_code" });
    expect((await fetch(`${ok.base}/oauth/token.do?${query}`, { method: "POST" })).status).toBe(200);
  });

  it("answers a correctly signed call, and errors with HTTP 200 otherwise", async () => {
    const { access_token } = await (await exchange({ code: await code("ivan") })).json();
    const user = await (await apiCall(access_token)).json();
    expect(user).toMatchObject({ first_name: "Иван", email: "ivan.smirnov@example.ru", has_email: true });
    const badSig = await apiCall(access_token, { sig: "0".repeat(32) });
    expect(badSig.status).toBe(200);
    expect((await badSig.json()).error_code).toBe(104);
    expect((await (await apiCall("forged")).json()).error_code).toBe(102);
    expect((await (await apiCall(access_token, { application_key: "OTHER" })).json()).error_code).toBe(101);
  });
});
