// The Yandex ID emulator refuses what Yandex refuses.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consent, expectErrorPage, postForm, startTestEmulator, withParams } from "./kit/test-client";
import { YANDEX_DEMO_CLIENT } from "./yandex";

const VERIFIER = "y".repeat(43);
let yandex: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  yandex = await startTestEmulator("yandex");
});
afterAll(() => yandex.emulators.close());

const authorizeUrl = (overrides: Record<string, string | null> = {}) =>
  withParams(`${yandex.base}/authorize`, {
    response_type: "code",
    client_id: YANDEX_DEMO_CLIENT.id,
    redirect_uri: yandex.callback,
    scope: "login:info login:email login:avatar",
    state: "st-ya",
    code_challenge: createHash("sha256").update(VERIFIER).digest("base64url"),
    code_challenge_method: "S256",
    ...overrides,
  });

const code = async (user = "anna") => (await consent(authorizeUrl(), { user })).searchParams.get("code")!;
const basic = (secret = YANDEX_DEMO_CLIENT.secret) => ({
  authorization: `Basic ${Buffer.from(`${YANDEX_DEMO_CLIENT.id}:${secret}`).toString("base64")}`,
});
const exchange = (params: Record<string, string>, headers: Record<string, string> = basic()) =>
  postForm(`${yandex.base}/token`, { grant_type: "authorization_code", code_verifier: VERIFIER, ...params }, headers);

describe("Yandex ID emulator", () => {
  it("shows an error page for an unknown client or an unregistered redirect_uri", async () => {
    await expectErrorPage(authorizeUrl({ client_id: "nope" }), 401, "invalid_client");
    await expectErrorPage(authorizeUrl({ redirect_uri: "http://evil.test/cb" }), 400, "redirect_uri");
  });

  it("takes client credentials by Basic or in the body, and refuses a wrong secret", async () => {
    expect((await exchange({ code: await code() })).status).toBe(200);
    const inBody = await exchange({ code: await code(), client_id: YANDEX_DEMO_CLIENT.id, client_secret: YANDEX_DEMO_CLIENT.secret }, {});
    expect(inBody.status).toBe(200);
    const wrong = await exchange({ code: await code() }, basic("wrong"));
    expect(await wrong.json()).toEqual({ error: "invalid_client", error_description: "Wrong client secret" });
  });

  it("refuses a wrong verifier, a reused or expired code", async () => {
    expect((await (await exchange({ code: await code(), code_verifier: "z".repeat(43) })).json()).error).toBe("invalid_grant");
    const once = await code();
    await exchange({ code: once });
    expect(await (await exchange({ code: once })).json()).toEqual({ error: "invalid_grant", error_description: "Code has expired" });
    const late = await code();
    yandex.advance(11 * 60_000);
    expect((await (await exchange({ code: late })).json()).error).toBe("invalid_grant");
  });

  it("answers /info for the OAuth header, Bearer and ?oauth_token=, with fields by scope", async () => {
    const { access_token, token_type } = await (await exchange({ code: await code("ivan") })).json();
    expect(token_type).toBe("bearer");
    for (const request of [
      fetch(`${yandex.base}/info?format=json`, { headers: { authorization: `OAuth ${access_token}` } }),
      fetch(`${yandex.base}/info?format=json`, { headers: { authorization: `Bearer ${access_token}` } }),
      fetch(`${yandex.base}/info?format=json&oauth_token=${access_token}`),
    ]) {
      const info = await (await request).json();
      expect(info).toMatchObject({ client_id: YANDEX_DEMO_CLIENT.id, real_name: "Иван Смирнов", default_email: "ivan.smirnov@example.ru", is_avatar_empty: false });
    }
    expect((await fetch(`${yandex.base}/info?format=json`, { headers: { authorization: "OAuth forged" } })).status).toBe(401);
  });
});
