// The Telegram verifiers against fixed worked examples (computed independently, with
// Python's hashlib/hmac and the cryptography package's Ed25519), and properties: any
// change to a signed payload is refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHash, createHmac } from "node:crypto";
import { dataCheckString, verifyLoginWidget, verifyWebAppData } from "./verify";

const BOT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const SIGNED_AT = 1_700_000_000;
const at = (secondsAfter: number) => ({ now: (SIGNED_AT + secondsAfter) * 1000, maxAgeSeconds: 300, skewSeconds: 30 });

const WIDGET = {
  id: "279058397",
  first_name: "Vladislav",
  last_name: "K",
  username: "vdkfrost",
  photo_url: "https://t.me/i/userpic/320/vdkfrost.jpg",
  auth_date: String(SIGNED_AT),
  hash: "5a8e6c0aa781a0cde6f72e49bc74e7fd78a4ca8fb27acec42d5fffab6e8e3056",
};

const WEBAPP_FIELDS =
  "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22%D0%92%D0%BB%D0%B0%D0%B4%D0%B8%D1%81%D0%BB%D0%B0%D0%B2%22%2C%22last_name%22%3A%22K%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22allows_write_to_pm%22%3Atrue%7D&auth_date=1700000000";
const WEBAPP_HMAC = `${WEBAPP_FIELDS}&hash=a6ed89412cbcfec770099a819d546ac317ffb40ae15e6745cfd25e322b95e548`;
// Ed25519 with the private key whose seed is the bytes 0..31.
const PUBLIC_KEY = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
const WEBAPP_SIGNED = `${WEBAPP_FIELDS}&signature=gyc3RcxwrmrF0X9ogaFAG5sin6ovHZBMR8NvknVXy-P0GpTnb4AVK-FkC1qQB-0DSDBfO9euJ0azU7kqwKr0Dg`;
const KEYS = { botToken: BOT_TOKEN, botId: "123456", publicKeyHex: PUBLIC_KEY };

describe("verifyLoginWidget", () => {
  it("accepts the worked example and returns the user", () => {
    expect(verifyLoginWidget(WIDGET, BOT_TOKEN, at(10))).toEqual({
      ok: true,
      authDate: SIGNED_AT,
      proof: WIDGET.hash,
      user: { id: 279058397, first_name: "Vladislav", last_name: "K", username: "vdkfrost", photo_url: WIDGET.photo_url },
    });
  });

  it("refuses another bot's token, a stale or future auth_date, and missing fields", () => {
    expect(verifyLoginWidget(WIDGET, "654321:another-bot-token", at(10))).toEqual({ ok: false, reason: "bad-signature" });
    const signedBy = { telegramId: Number(WIDGET.id), proof: WIDGET.hash, authDate: SIGNED_AT };
    expect(verifyLoginWidget(WIDGET, BOT_TOKEN, at(301))).toEqual({ ok: false, reason: "stale", ...signedBy });
    expect(verifyLoginWidget(WIDGET, BOT_TOKEN, at(-31))).toEqual({ ok: false, reason: "future", ...signedBy });
    expect(verifyLoginWidget(WIDGET, BOT_TOKEN, at(-29)).ok).toBe(true);
    const { hash: _hash, ...unsigned } = WIDGET;
    expect(verifyLoginWidget(unsigned as Record<string, string>, BOT_TOKEN, at(10))).toEqual({ ok: false, reason: "malformed" });
    expect(verifyLoginWidget({ ...WIDGET, hash: WIDGET.hash.toUpperCase() }, BOT_TOKEN, at(10)).ok).toBe(false);
  });

  it("refuses any change to any field", () => {
    const keys = Object.keys(WIDGET).filter((k) => k !== "hash");
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 40 }), (key, value) => {
        fc.pre(value !== WIDGET[key as keyof typeof WIDGET]);
        expect(verifyLoginWidget({ ...WIDGET, [key]: value }, BOT_TOKEN, at(10)).ok).toBe(false);
      }),
    );
  });

  it("refuses an added field and any other hash", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in WIDGET)), fc.string(), (key, value) => {
        expect(verifyLoginWidget({ ...WIDGET, [key]: value }, BOT_TOKEN, at(10)).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), (hash) => {
        fc.pre(hash !== WIDGET.hash);
        expect(verifyLoginWidget({ ...WIDGET, hash }, BOT_TOKEN, at(10))).toEqual({ ok: false, reason: "bad-signature" });
      }),
    );
  });
});

describe("without a bot token", () => {
  it("refuses a widget payload and launch data signed with the empty key (anyone can make those)", () => {
    const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest("hex");
    const widget = { id: "279058397", first_name: "Mallory", auth_date: String(SIGNED_AT) };
    const widgetHash = hmac(createHash("sha256").update("").digest(), dataCheckString(Object.entries(widget), ["hash"]));
    expect(verifyLoginWidget({ ...widget, hash: widgetHash }, "", at(10))).toMatchObject({ ok: false, reason: "bad-signature" });
    const launch = new URLSearchParams({ user: JSON.stringify({ id: 279058397, first_name: "Mallory" }), auth_date: String(SIGNED_AT) });
    launch.set("hash", hmac(createHmac("sha256", "WebAppData").update("").digest(), dataCheckString(launch, ["hash"])));
    expect(verifyWebAppData(launch.toString(), { botToken: "", botId: "", publicKeyHex: PUBLIC_KEY }, at(10))).toMatchObject({ ok: false, reason: "bad-signature" });
  });
});

describe("verifyWebAppData", () => {
  it("accepts the worked examples, by HMAC and by Ed25519 signature", () => {
    for (const initData of [WEBAPP_HMAC, WEBAPP_SIGNED]) {
      const result = verifyWebAppData(initData, KEYS, at(10));
      expect(result).toMatchObject({ ok: true, authDate: SIGNED_AT, user: { id: 279058397, first_name: "Владислав" } });
    }
  });

  it("refuses another bot's token, another public key or bot id, and data with neither proof", () => {
    expect(verifyWebAppData(WEBAPP_HMAC, { ...KEYS, botToken: "654321:x" }, at(10))).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyWebAppData(WEBAPP_SIGNED, { ...KEYS, publicKeyHex: "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d" }, at(10)).ok).toBe(false);
    expect(verifyWebAppData(WEBAPP_SIGNED, { ...KEYS, botId: "654321" }, at(10)).ok).toBe(false);
    expect(verifyWebAppData(WEBAPP_FIELDS, KEYS, at(10))).toEqual({ ok: false, reason: "malformed" });
    expect(verifyWebAppData(WEBAPP_HMAC, KEYS, at(301))).toMatchObject({ ok: false, reason: "stale", telegramId: expect.any(Number) });
  });

  it("names the launch data itself for single use, whichever proof it carries or lacks", () => {
    // As Telegram sends it: the signature among the fields, the hash over all of them.
    const withSignature = `${WEBAPP_FIELDS}&signature=${new URLSearchParams(WEBAPP_SIGNED).get("signature")}`;
    const key = createHmac("sha256", "WebAppData").update(BOT_TOKEN).digest();
    const hash = createHmac("sha256", key).update(dataCheckString(new URLSearchParams(withSignature), [])).digest("hex");
    const both = verifyWebAppData(`${withSignature}&hash=${hash}`, KEYS, at(10));
    const hmacOnly = verifyWebAppData(WEBAPP_HMAC, KEYS, at(10));
    const signatureOnly = verifyWebAppData(WEBAPP_SIGNED, KEYS, at(10));
    expect(both.ok && hmacOnly.ok && signatureOnly.ok).toBe(true);
    const proofs = [both, hmacOnly, signatureOnly].map((result) => (result.ok ? result.proof : ""));
    expect(new Set(proofs).size).toBe(1);
    expect(proofs[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a bad signature even when the HMAC is good", () => {
    const both = `${WEBAPP_HMAC}&signature=${"A".repeat(86)}`;
    expect(verifyWebAppData(both, KEYS, at(10))).toEqual({ ok: false, reason: "bad-signature" });
    // An empty signature is still a field the hash did not cover (the fuzz run found it).
    expect(verifyWebAppData(`${WEBAPP_HMAC}&signature=`, KEYS, at(10))).toEqual({ ok: false, reason: "bad-signature" });
    // And an empty hash beside a good signature is a bad hash, not no hash.
    expect(verifyWebAppData(`${WEBAPP_SIGNED}&hash=`, KEYS, at(10))).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses any change to any field, whichever proof it carries", () => {
    for (const initData of [WEBAPP_HMAC, WEBAPP_SIGNED]) {
      const params = [...new URLSearchParams(initData)].filter(([k]) => k !== "hash" && k !== "signature");
      fc.assert(
        fc.property(fc.integer({ min: 0, max: params.length - 1 }), fc.string({ minLength: 1, maxLength: 30 }), (index, value) => {
          const changed = new URLSearchParams(initData);
          const [key, original] = params[index]!;
          fc.pre(value !== original);
          changed.set(key, value);
          expect(verifyWebAppData(changed.toString(), KEYS, at(10)).ok).toBe(false);
        }),
      );
    }
  });
});

describe("derived keys, kept", () => {
  const signWidget = (fields: Record<string, string>, token: string) => ({
    ...fields,
    hash: createHmac("sha256", createHash("sha256").update(token).digest()).update(dataCheckString(Object.entries(fields), ["hash"])).digest("hex"),
  });
  const { hash: _hash, ...fields } = WIDGET;

  it("keeps each bot's key its own: a payload signed for one bot is refused with another's, in any order, however many bots come and go", () => {
    const tokens = Array.from({ length: 40 }, (_, i) => `${100000 + i}:token-${i}`);
    for (const token of [...tokens, ...tokens.slice(0, 5)]) {
      expect(verifyLoginWidget(signWidget(fields, token), token, at(10)).ok).toBe(true);
      expect(verifyLoginWidget(signWidget(fields, token), BOT_TOKEN, at(10))).toMatchObject({ ok: false, reason: "bad-signature" });
    }
    expect(verifyLoginWidget(WIDGET, BOT_TOKEN, at(10)).ok).toBe(true);
    expect(verifyWebAppData(WEBAPP_HMAC, KEYS, at(10)).ok).toBe(true);
    expect(verifyWebAppData(WEBAPP_HMAC, { ...KEYS, botToken: tokens[0]! }, at(10))).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(verifyWebAppData(WEBAPP_SIGNED, KEYS, at(10)).ok).toBe(true);
    expect(verifyWebAppData(WEBAPP_SIGNED, { ...KEYS, publicKeyHex: "11".repeat(32) }, at(10))).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(verifyWebAppData(WEBAPP_SIGNED, KEYS, at(10)).ok).toBe(true);
  });
});
