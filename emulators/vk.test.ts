// The legacy VK emulator refuses what VK refuses, and answers API errors as VK does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consent, expectErrorPage, postForm, startTestEmulator, withParams } from "./kit/test-client";
import { VK_DEMO_CLIENT } from "./vk";
import { vkUserId } from "./vkid";

let vk: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  vk = await startTestEmulator("vk");
});
afterAll(() => vk.emulators.close());

const authorizeUrl = (overrides: Record<string, string | null> = {}) =>
  withParams(`${vk.base}/authorize`, {
    client_id: VK_DEMO_CLIENT.id,
    redirect_uri: vk.callback,
    response_type: "code",
    scope: "email",
    state: "st-vk",
    v: "5.131",
    ...overrides,
  });

const code = async (user = "anna") => (await consent(authorizeUrl(), { user })).searchParams.get("code")!;
const exchange = (params: Record<string, string>) =>
  postForm(`${vk.base}/access_token`, { client_id: VK_DEMO_CLIENT.id, client_secret: VK_DEMO_CLIENT.secret, redirect_uri: vk.callback, ...params });

describe("legacy VK emulator", () => {
  it("refuses PKCE, as VK does", async () => {
    const response = await fetch(authorizeUrl({ code_challenge: "c".repeat(43), code_challenge_method: "S256" }), { redirect: "manual" });
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error_description")).toBe("Code challenge method is unsupported");
  });

  it("shows an error page for an unknown client or an unregistered redirect_uri", async () => {
    await expectErrorPage(authorizeUrl({ client_id: "1" }), 401, "client_id is incorrect");
    await expectErrorPage(authorizeUrl({ redirect_uri: "http://evil.test/cb" }), 400, "redirect_uri is incorrect");
  });

  it("denies with VK's three parameters", async () => {
    const callback = await consent(authorizeUrl(), { deny: "1" });
    expect(Object.fromEntries(callback.searchParams)).toMatchObject({ error: "access_denied", error_reason: "user_denied", state: "st-vk" });
  });

  it("answers a token with user_id and email but no token_type", async () => {
    const tokens = await (await exchange({ code: await code() })).json();
    expect(tokens).toMatchObject({ user_id: Number(vkUserId("anna")), email: "anna.petrova@example.com", expires_in: 86400 });
    expect(tokens.token_type).toBeUndefined();
  });

  it("refuses a wrong secret, a wrong redirect_uri, a reused or expired code", async () => {
    expect((await (await exchange({ code: await code(), client_secret: "wrong" })).json()).error).toBe("invalid_client");
    expect((await (await exchange({ code: await code(), redirect_uri: "http://app.test/other" })).json()).error).toBe("invalid_grant");
    const once = await code();
    expect((await exchange({ code: once })).status).toBe(200);
    expect((await (await exchange({ code: once })).json()).error).toBe("invalid_grant");
    const late = await code();
    vk.advance(61 * 60_000);
    expect((await exchange({ code: late })).status).toBe(401);
  });

  it("answers users.get, and its errors with HTTP 200", async () => {
    const { access_token } = await (await exchange({ code: await code("ivan") })).json();
    const ok = await (await fetch(`${vk.base}/method/users.get?fields=photo_100&v=5.131&access_token=${access_token}`)).json();
    expect(ok.response[0]).toMatchObject({ id: Number(vkUserId("ivan")), first_name: "Иван", last_name: "Смирнов" });
    const bad = await fetch(`${vk.base}/method/users.get?v=5.131&access_token=forged`);
    expect(bad.status).toBe(200);
    expect((await bad.json()).error.error_code).toBe(5);
    expect((await (await fetch(`${vk.base}/method/users.get?access_token=${access_token}`)).json()).error.error_code).toBe(8);
  });
});
