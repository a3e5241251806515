// Telegram's OpenID Connect as the emulator plays it: the code flow with PKCE (S256)
// required, HTTP Basic only at the token endpoint, and an id_token whose numeric `id` is
// the Telegram user id every other way in uses.
import { createHash } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consent, postForm, startTestEmulator, TEST_APP, withParams } from "../kit/test-client";
import { testUsers } from "../kit/users";
import { TELEGRAM_DEMO_BOT, telegramUserId } from "./signing";

const REDIRECT_URI = `${TEST_APP}/api/auth/callback/telegram-oidc`;
const VERIFIER = "v".repeat(43);
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
const basic = (secret = TELEGRAM_DEMO_BOT.oidcSecret) => ({ authorization: `Basic ${Buffer.from(`${TELEGRAM_DEMO_BOT.id}:${secret}`).toString("base64")}` });

let telegram: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  telegram = await startTestEmulator("telegram");
});
afterAll(() => telegram.emulators.close());

const authorize = (overrides: Record<string, string | null> = {}) =>
  withParams(`${telegram.base}/auth`, {
    client_id: TELEGRAM_DEMO_BOT.id,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid profile",
    state: "state-1",
    nonce: "nonce-1",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...overrides,
  });

async function code(user = "anna") {
  const callback = await consent(authorize(), { user });
  expect(callback.searchParams.get("state")).toBe("state-1");
  return callback.searchParams.get("code")!;
}

const exchange = (form: Record<string, string>, headers: Record<string, string> = basic()) =>
  postForm(`${telegram.base}/token`, { grant_type: "authorization_code", redirect_uri: REDIRECT_URI, code_verifier: VERIFIER, ...form }, headers);

describe("Telegram OIDC token endpoint", () => {
  it("exchanges a code for an id_token with the numeric Telegram id, the issuer, audience and nonce", async () => {
    const response = await exchange({ code: await code() });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as { id_token: string; token_type: string };
    expect(tokens.token_type).toBe("Bearer");
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(`${telegram.base}/.well-known/jwks.json`)), {
      issuer: telegram.base,
      audience: TELEGRAM_DEMO_BOT.id,
    });
    const anna = testUsers.find((user) => user.key === "anna")!;
    expect(payload).toMatchObject({ id: telegramUserId(anna), nonce: "nonce-1", name: "Anna Petrova" });
    // `sub` is opaque, not the Telegram id.
    expect(payload.sub).not.toBe(String(telegramUserId(anna)));
  });

  it("refuses the client secret in the body, a wrong secret, a wrong verifier and a used code", async () => {
    const first = await code();
    const inBody = await exchange({ code: first, client_id: TELEGRAM_DEMO_BOT.id, client_secret: TELEGRAM_DEMO_BOT.oidcSecret }, {});
    expect(inBody.status).toBe(401);
    expect(await inBody.json()).toMatchObject({ error: "invalid_client" });
    expect((await exchange({ code: first }, basic("wrong-secret"))).status).toBe(401);
    const wrongVerifier = await exchange({ code: first, code_verifier: "w".repeat(43) });
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant" });

    const second = await code();
    expect((await exchange({ code: second })).status).toBe(200);
    expect(await (await exchange({ code: second })).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("requires PKCE with S256 and the openid scope at the authorization page", async () => {
    const cases: Record<string, string | null>[] = [{ code_challenge: null }, { code_challenge_method: "plain" }, { scope: "profile" }];
    for (const overrides of cases) {
      const answer = await fetch(authorize(overrides), { redirect: "manual" });
      const location = answer.headers.get("location");
      expect(location, JSON.stringify(overrides)).toBeTruthy();
      expect(new URL(location!).searchParams.get("error")).toMatch(/invalid_request|invalid_scope/);
    }
  });

  it("expires a code after five minutes", async () => {
    const late = await code();
    telegram.advance(5 * 60_000 + 1000);
    expect(await (await exchange({ code: late })).json()).toMatchObject({ error: "invalid_grant" });
  });
});
