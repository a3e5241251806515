// The VK ID emulator refuses what VK ID refuses.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consent, expectErrorPage, postForm, startTestEmulator, withParams } from "./kit/test-client";
import { VKID_DEMO_CLIENT, vkUserId } from "./vkid";

const VERIFIER = "v".repeat(50);
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
let vkid: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  vkid = await startTestEmulator("vkid");
});
afterAll(() => vkid.emulators.close());

const authorizeUrl = (overrides: Record<string, string | null> = {}) =>
  withParams(`${vkid.base}/authorize`, {
    response_type: "code",
    client_id: VKID_DEMO_CLIENT.id,
    redirect_uri: vkid.callback,
    state: "st-1",
    code_challenge: CHALLENGE,
    code_challenge_method: "s256",
    scope: "vkid.personal_info email",
    ...overrides,
  });

async function grant(user = "anna") {
  const callback = await consent(authorizeUrl(), { user });
  return { code: callback.searchParams.get("code")!, deviceId: callback.searchParams.get("device_id")!, callback };
}

const exchange = (params: Record<string, string>) =>
  postForm(`${vkid.base}/oauth2/auth`, {
    grant_type: "authorization_code",
    client_id: VKID_DEMO_CLIENT.id,
    redirect_uri: vkid.callback,
    code_verifier: VERIFIER,
    state: "st-1",
    ...params,
  });

describe("VK ID emulator", () => {
  it("sends code, state, device_id and type=code_v2 back, and accepts either case of s256", async () => {
    const { callback } = await grant();
    expect(callback.searchParams.get("state")).toBe("st-1");
    expect(callback.searchParams.get("type")).toBe("code_v2");
    expect(callback.searchParams.get("device_id")).toBeTruthy();
    const upper = await consent(authorizeUrl({ code_challenge_method: "S256" }), { user: "anna" });
    expect(upper.searchParams.get("code")).toBeTruthy();
  });

  it("shows an error page for an unknown client or an unregistered redirect_uri", async () => {
    await expectErrorPage(authorizeUrl({ client_id: "999" }), 401, "invalid_client");
    await expectErrorPage(authorizeUrl({ redirect_uri: "http://evil.test/cb" }), 400, "redirect_uri");
  });

  it("refuses an authorization request without PKCE or without state", async () => {
    for (const missing of ["code_challenge", "state"]) {
      const response = await fetch(authorizeUrl({ [missing]: null }), { redirect: "manual" });
      expect(new URL(response.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
    }
    const plain = await fetch(authorizeUrl({ code_challenge_method: "plain" }), { redirect: "manual" });
    expect(new URL(plain.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });

  it("exchanges a code with its device_id, in the body or the query string", async () => {
    const { code, deviceId } = await grant("ivan");
    const tokens = await (await exchange({ code, device_id: deviceId })).json();
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3600, user_id: Number(vkUserId("ivan")), state: "st-1" });
    expect(tokens.id_token).toBeTruthy();

    const second = await grant();
    const query = new URLSearchParams({ grant_type: "authorization_code", client_id: VKID_DEMO_CLIENT.id, device_id: second.deviceId, code_verifier: VERIFIER, redirect_uri: vkid.callback });
    const viaQuery = await postForm(`${vkid.base}/oauth2/auth?${query}`, { code: second.code });
    expect(viaQuery.status).toBe(200);
  });

  it("refuses a missing or wrong device_id, a wrong verifier, a reused or expired code", async () => {
    const missing = await grant();
    const noDevice = await exchange({ code: missing.code });
    expect(noDevice.status).toBe(400);
    expect(await noDevice.json()).toMatchObject({ error: "invalid_request", state: "st-1" });

    const wrongDevice = await grant();
    expect((await (await exchange({ code: wrongDevice.code, device_id: "another-device" })).json()).error).toBe("invalid_grant");

    const wrongVerifier = await grant();
    expect((await (await exchange({ code: wrongVerifier.code, device_id: wrongVerifier.deviceId, code_verifier: "w".repeat(50) })).json()).error).toBe("invalid_grant");

    const reused = await grant();
    expect((await exchange({ code: reused.code, device_id: reused.deviceId })).status).toBe(200);
    expect((await (await exchange({ code: reused.code, device_id: reused.deviceId })).json()).error).toBe("invalid_grant");

    const expired = await grant();
    vkid.advance(11 * 60_000);
    expect((await (await exchange({ code: expired.code, device_id: expired.deviceId })).json()).error).toBe("invalid_grant");
  });

  it("refuses an unknown client at the token endpoint", async () => {
    const { code, deviceId } = await grant();
    const response = await exchange({ code, device_id: deviceId, client_id: "999" });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe("invalid_client");
  });

  it("answers user_info by POST only, and refuses a bad token", async () => {
    const { code, deviceId } = await grant("olga");
    const { access_token } = await (await exchange({ code, device_id: deviceId })).json();
    const info = await (await postForm(`${vkid.base}/oauth2/user_info`, { access_token, client_id: VKID_DEMO_CLIENT.id })).json();
    expect(info.user).toMatchObject({ user_id: vkUserId("olga"), first_name: "Ольга" });
    expect(info.user.email).toBeUndefined();
    expect((await fetch(`${vkid.base}/oauth2/user_info?access_token=${access_token}`)).status).toBe(405);
    const bad = await postForm(`${vkid.base}/oauth2/user_info`, { access_token: "vk2.a.forged", client_id: VKID_DEMO_CLIENT.id });
    expect((await bad.json()).error).toBe("invalid_token");
  });
});
