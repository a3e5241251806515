// The Google emulator must refuse what Google refuses, so that a bug in the app fails
// here rather than in production.
import { createHash } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOOGLE_DEMO_CLIENT } from "./google";
import { startEmulators, type EmulatorServer } from "./server";

const APP = "http://app.test";
const REDIRECT_URI = `${APP}/api/auth/callback/google`;
const VERIFIER = "a".repeat(43) + "-verifier";
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");

let emulators: EmulatorServer;
let issuer: string;

beforeAll(async () => {
  emulators = await startEmulators({ appUrls: [APP], providers: ["google"] });
  issuer = `${emulators.url}/google`;
});
afterAll(() => emulators.close());

function authorizeUrl(overrides: Record<string, string | null> = {}) {
  const params: Record<string, string | null> = {
    client_id: GOOGLE_DEMO_CLIENT.id,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile",
    state: "state-123",
    nonce: "nonce-456",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...overrides,
  };
  const url = new URL(`${issuer}/o/oauth2/v2/auth`);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url;
}

/** Runs the consent page as a person would and returns where it redirects. */
async function consent(choice: Record<string, string>, overrides: Record<string, string | null> = {}) {
  const page = await fetch(authorizeUrl(overrides));
  expect(page.status).toBe(200);
  const requestId = /name="request" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(requestId).toBeTruthy();
  const answer = await fetch(`${issuer}/o/oauth2/v2/auth/decide`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request: requestId!, ...choice }),
    redirect: "manual",
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location")!);
}

async function codeFor(user = "anna", overrides: Record<string, string | null> = {}) {
  const callback = await consent({ user }, overrides);
  return callback.searchParams.get("code")!;
}

function exchange(form: Record<string, string>, auth: "basic" | "post" | "none" = "basic", secret = GOOGLE_DEMO_CLIENT.secret) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const body = new URLSearchParams({ grant_type: "authorization_code", redirect_uri: REDIRECT_URI, ...form });
  if (auth === "basic") {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(GOOGLE_DEMO_CLIENT.id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
  } else if (auth === "post") {
    body.set("client_id", GOOGLE_DEMO_CLIENT.id);
    body.set("client_secret", secret);
  }
  return fetch(`${issuer}/token`, { method: "POST", headers, body });
}

describe("discovery and keys", () => {
  it("publishes a discovery document whose issuer is exactly the issuer URL", async () => {
    const doc = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe(issuer);
    expect(doc.id_token_signing_alg_values_supported).toEqual(["RS256"]);
    expect(doc.token_endpoint_auth_methods_supported).toEqual(["client_secret_post", "client_secret_basic"]);
    expect(doc.code_challenge_methods_supported).toContain("S256");
  });

  it("publishes its RS256 key with a kid", async () => {
    const jwks = await (await fetch(`${issuer}/oauth2/v3/certs`)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0].kid).toBeTruthy();
  });
});

describe("authorization", () => {
  it("shows an error page, not a redirect, for an unknown client", async () => {
    const response = await fetch(authorizeUrl({ client_id: "someone-else" }), { redirect: "manual" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("invalid_client");
  });

  it("shows an error page, not a redirect, for an unregistered redirect_uri", async () => {
    for (const uri of ["http://evil.test/api/auth/callback/google", `${REDIRECT_URI}/extra`, `${APP}/api/auth/callback/google?x=1`]) {
      const response = await fetch(authorizeUrl({ redirect_uri: uri }), { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("redirect_uri_mismatch");
    }
  });

  it("redirects back with an error for a bad response_type, missing scope or unknown scope", async () => {
    for (const [override, error] of [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ scope: null }, "invalid_request"],
      [{ scope: "openid https://mail.google.com/" }, "invalid_scope"],
      [{ code_challenge_method: "S512" }, "invalid_request"],
    ] as const) {
      const response = await fetch(authorizeUrl(override), { redirect: "manual" });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location")!);
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      expect(location.searchParams.get("error")).toBe(error);
      expect(location.searchParams.get("state")).toBe("state-123");
    }
  });

  it("sends access_denied with the state when the person presses Deny", async () => {
    const callback = await consent({ deny: "1" });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("state-123");
    expect(callback.searchParams.has("code")).toBe(false);
  });

  it("does not accept the same consent request twice", async () => {
    const page = await fetch(authorizeUrl());
    const requestId = /name="request" value="([^"]+)"/.exec(await page.text())![1]!;
    const decide = () =>
      fetch(`${issuer}/o/oauth2/v2/auth/decide`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ request: requestId, user: "anna" }),
        redirect: "manual",
      });
    expect((await decide()).status).toBe(302);
    expect((await decide()).status).toBe(400);
  });
});

describe("token endpoint", () => {
  it("exchanges a code (Basic auth) for tokens and a verifiable id_token with Google's claims", async () => {
    const response = await exchange({ code: await codeFor("anna"), code_verifier: VERIFIER });
    expect(response.status).toBe(200);
    const tokens = await response.json();
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3599, scope: "openid email profile" });
    expect(tokens.refresh_token).toBeUndefined();
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(`${issuer}/oauth2/v3/certs`)), {
      issuer,
      audience: GOOGLE_DEMO_CLIENT.id,
    });
    expect(payload).toMatchObject({
      azp: GOOGLE_DEMO_CLIENT.id,
      email: "anna.petrova@example.com",
      email_verified: true,
      name: "Anna Petrova",
      given_name: "Anna",
      family_name: "Petrova",
      nonce: "nonce-456",
    });
    expect(payload.sub).toMatch(/^\d{21}$/);
    expect(payload.at_hash).toBe(createHash("sha256").update(tokens.access_token).digest().subarray(0, 16).toString("base64url"));
    expect(payload.picture).toMatch(/\/avatars\/anna\.svg/);
  });

  it("accepts client_secret_post", async () => {
    const response = await exchange({ code: await codeFor(), code_verifier: VERIFIER }, "post");
    expect(response.status).toBe(200);
  });

  it("refuses a wrong client secret with 401 invalid_client", async () => {
    for (const auth of ["basic", "post"] as const) {
      const response = await exchange({ code: await codeFor(), code_verifier: VERIFIER }, auth, "wrong-secret");
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "invalid_client", error_description: "Unauthorized" });
    }
  });

  it("refuses a request with no client authentication, or with two methods at once", async () => {
    const none = await exchange({ code: await codeFor(), code_verifier: VERIFIER }, "none");
    expect(none.status).toBe(400);
    expect((await none.json()).error).toBe("invalid_request");
    const both = await exchange({ code: await codeFor(), code_verifier: VERIFIER, client_secret: GOOGLE_DEMO_CLIENT.secret });
    expect(both.status).toBe(400);
  });

  it("refuses a redirect_uri other than the one the code was issued for", async () => {
    const response = await exchange({ code: await codeFor(), code_verifier: VERIFIER, redirect_uri: `${APP}/other` });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("redirect_uri_mismatch");
  });

  it("refuses a wrong or missing code_verifier", async () => {
    const wrong = await exchange({ code: await codeFor(), code_verifier: "b".repeat(43) });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: "invalid_grant", error_description: "Invalid code verifier." });
    const missing = await exchange({ code: await codeFor() });
    expect(await missing.json()).toEqual({ error: "invalid_grant", error_description: "Missing code verifier." });
  });

  it("refuses a code used a second time, even after a failed first try", async () => {
    const code = await codeFor();
    expect((await exchange({ code, code_verifier: VERIFIER })).status).toBe(200);
    const again = await exchange({ code, code_verifier: VERIFIER });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "invalid_grant", error_description: "Bad Request" });

    const burned = await codeFor();
    expect((await exchange({ code: burned, code_verifier: "c".repeat(43) })).status).toBe(400);
    expect((await exchange({ code: burned, code_verifier: VERIFIER })).status).toBe(400);
  });

  it("refuses an unknown code and an unsupported grant type", async () => {
    const unknown = await exchange({ code: "4/0not-a-code", code_verifier: VERIFIER });
    expect(await unknown.json()).toEqual({ error: "invalid_grant", error_description: "Malformed auth code." });
    const grant = await exchange({ code: await codeFor(), grant_type: "password" });
    expect((await grant.json()).error).toBe("unsupported_grant_type");
  });

  it("gives a refresh token only for offline access", async () => {
    const response = await exchange({ code: await codeFor("anna", { access_type: "offline" }), code_verifier: VERIFIER });
    expect((await response.json()).refresh_token).toMatch(/^1\/\/0/);
  });
});

describe("userinfo", () => {
  it("answers with the profile for a valid Bearer token and 401 otherwise", async () => {
    const tokens = await (await exchange({ code: await codeFor("ivan"), code_verifier: VERIFIER })).json();
    const info = await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await info.json()).toMatchObject({ name: "Иван Смирнов", email: "ivan.smirnov@example.ru", email_verified: true });
    const bad = await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: "Bearer ya29.forged" } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toContain("invalid_token");
  });
});

describe("codes expire after 60 seconds", () => {
  it("refuses a code older than its lifetime", async () => {
    const { GrantStore } = await import("./kit/grants");
    let now = 0;
    const store = new GrantStore<string>(60_000, () => now);
    const code = store.issue("grant");
    now = 60_001;
    expect(store.redeem(code)).toEqual({ ok: false, reason: "expired", value: "grant" });
    expect(store.redeem(code)).toMatchObject({ ok: false, reason: "used" });
  });
});

describe("faults", () => {
  it("fails the next token request once when asked, then recovers", async () => {
    await fetch(`${emulators.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ provider: "google", endpoint: "token", kind: "503" }),
    });
    const code = await codeFor();
    expect((await exchange({ code, code_verifier: VERIFIER })).status).toBe(503);
    expect((await exchange({ code: await codeFor(), code_verifier: VERIFIER })).status).toBe(200);
  });

  it("fires a fault armed for one person only on that person's code and token, so side-by-side tests never meet it", async () => {
    for (const endpoint of ["token", "userinfo"]) {
      await fetch(`${emulators.url}/_emulator/faults`, {
        method: "POST",
        body: JSON.stringify({ provider: "google", endpoint, kind: "503", person: "Иван Смирнов" }),
      });
    }
    const anna = await exchange({ code: await codeFor("anna"), code_verifier: VERIFIER });
    expect(anna.status).toBe(200);
    const annaToken = ((await anna.json()) as { access_token: string }).access_token;
    expect((await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${annaToken}` } })).status).toBe(200);

    expect((await exchange({ code: await codeFor("ivan"), code_verifier: VERIFIER })).status).toBe(503);
    const ivan = await exchange({ code: await codeFor("ivan"), code_verifier: VERIFIER });
    expect(ivan.status).toBe(200);
    const ivanToken = ((await ivan.json()) as { access_token: string }).access_token;
    expect((await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${ivanToken}` } })).status).toBe(503);
    expect((await fetch(`${issuer}/v1/userinfo`, { headers: { authorization: `Bearer ${ivanToken}` } })).status).toBe(200);
  });
});
