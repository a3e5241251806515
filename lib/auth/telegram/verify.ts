// Verifies what Telegram signs: the Login Widget's fields (also the LoginUrl button's)
// and a Mini App's launch data. Pure functions: the clock and keys come in as
// arguments, so the tests can fix them.
//
// Login Widget: data_check_string = every field but hash, sorted by key, "key=value"
//   joined by "\n"; valid when hex(HMAC_SHA256(SHA256(bot_token), data_check_string))
//   equals hash.
// Mini App, first party: the same string over the URL-decoded fields (but hash), with
//   the key HMAC_SHA256(key "WebAppData", message bot_token).
// Mini App, third party: `signature` is base64url Ed25519 over
//   "<bot_id>:WebAppData\n" + the data_check_string of all fields but hash and
//   signature, with Telegram's public key.
// Then auth_date must be within the freshness window and not in the future beyond
// the allowed clock skew. Single use is the caller's job (lib/auth/telegram/replay.ts).
import { createHash, createHmac, createPublicKey, createSecretKey, timingSafeEqual, verify, type KeyObject } from "node:crypto";

export type TelegramUser = {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  photo_url?: string;
  language_code?: string;
};

export type Freshness = { now: number; maxAgeSeconds: number; skewSeconds: number };

/**
 * `proof` names the signed data for single use: the widget's hash; for Mini App launch
 * data, the SHA-256 of its data-check string without hash and signature, so the same
 * launch data is one use whichever of its proofs was checked (or left out).
 */
export type Verified = { ok: true; user: TelegramUser; authDate: number; proof: string };
export type Refused = {
  ok: false;
  reason: "malformed" | "bad-signature" | "stale" | "future";
  /** Whose correctly signed payload was refused (too old, dated ahead): for their security log. */
  telegramId?: number;
  /** That payload's proof and date (as in Verified), so it counts against its account at most once. */
  proof?: string;
  authDate?: number;
};

/**
 * Keys derived from a bot token or Telegram's public key, kept: deriving one costs more
 * than the check it serves. A deployment has one bot; the map never holds more than
 * DERIVED_KEYS (the oldest goes first), whatever the callers pass.
 */
const DERIVED_KEYS = 16;
const derived = new Map<string, Buffer | KeyObject>();
function derivedKey<T extends Buffer | KeyObject>(kind: string, input: string, make: () => T): T {
  const id = `${kind}\u0000${input}`;
  let key = derived.get(id) as T | undefined;
  if (!key) {
    if (derived.size >= DERIVED_KEYS) derived.delete(derived.keys().next().value!);
    key = make();
    derived.set(id, key);
  }
  return key;
}

export function dataCheckString(fields: Iterable<[string, string]>, leaveOut: string[]): string {
  // Written out (no spread, filter and map): it runs for every payload, before anything is known about it.
  const kept: [string, string][] = [];
  for (const entry of fields) if (!leaveOut.includes(entry[0])) kept.push(entry);
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let text = "";
  for (const [key, value] of kept) text += text ? `\n${key}=${value}` : `${key}=${value}`;
  return text;
}

function sameHex(expected: Buffer, given: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

function checkFreshness(authDate: string | undefined, { now, maxAgeSeconds, skewSeconds }: Freshness): Refused | number {
  if (!authDate || !/^\d{1,12}$/.test(authDate)) return { ok: false, reason: "malformed" };
  const seconds = Number(authDate);
  const nowSeconds = Math.floor(now / 1000);
  if (seconds - nowSeconds > skewSeconds) return { ok: false, reason: "future" };
  if (nowSeconds - seconds > maxAgeSeconds) return { ok: false, reason: "stale" };
  return seconds;
}

/** The Login Widget's (and LoginUrl button's) fields, checked with the bot token. */
export function verifyLoginWidget(fields: Record<string, string>, botToken: string, freshness: Freshness): Verified | Refused {
  const { hash, id, first_name } = fields;
  if (!hash || !id || !/^\d{1,20}$/.test(id) || !first_name) return { ok: false, reason: "malformed" };
  // Without a bot there is no secret: an HMAC keyed with nothing is anyone's to make.
  if (!botToken) return { ok: false, reason: "bad-signature" };
  // As a key object: an HMAC keyed with one skips importing the key on every call.
  const secret = derivedKey("widget", botToken, () => createSecretKey(createHash("sha256").update(botToken).digest()));
  const expected = createHmac("sha256", secret).update(dataCheckString(Object.entries(fields), ["hash"])).digest();
  if (!sameHex(expected, hash)) return { ok: false, reason: "bad-signature" };
  const authDate = checkFreshness(fields.auth_date, freshness);
  if (typeof authDate !== "number") return { ...authDate, telegramId: Number(id), proof: hash, authDate: Number(fields.auth_date) };
  const user: TelegramUser = { id: Number(id), first_name };
  for (const key of ["last_name", "username", "photo_url"] as const) if (fields[key]) user[key] = fields[key];
  return { ok: true, user, authDate, proof: hash };
}

/** Telegram's Ed25519 public key (32 bytes, hex) as a key object. */
function ed25519Key(hex: string) {
  // An SPKI wrapper: the fixed DER prefix for Ed25519, then the raw key.
  return derivedKey("ed25519", hex, () => createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(hex, "hex")]), format: "der", type: "spki" }));
}

/**
 * A Mini App's launch data (Telegram.WebApp.initData). When it carries `hash`, that is
 * checked with the bot token; when it carries `signature`, that is checked with the
 * public key. At least one must be there, and each one there must be valid.
 */
export function verifyWebAppData(
  initData: string,
  keys: { botToken: string; botId: string; publicKeyHex: string },
  freshness: Freshness,
): Verified | Refused {
  const params = new URLSearchParams(initData);
  const hash = params.get("hash");
  const signature = params.get("signature");
  if (!hash && !signature) return { ok: false, reason: "malformed" };
  if (!keys.botToken || !keys.botId) return { ok: false, reason: "bad-signature" };
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return { ok: false, reason: "malformed" };
    seen.add(key);
  }
  // Without hash and signature: what the signature covers, and what names the launch data for single use.
  const unsigned = dataCheckString(params, ["hash", "signature"]);

  // Each proof that is there (even empty) must hold.
  if (hash !== null) {
    const secret = derivedKey("web-app", keys.botToken, () => createSecretKey(createHmac("sha256", "WebAppData").update(keys.botToken).digest()));
    // A `signature` field, even an empty one, is part of what the hash covers.
    const expected = createHmac("sha256", secret).update(signature === null ? unsigned : dataCheckString(params, ["hash"])).digest();
    if (!sameHex(expected, hash)) return { ok: false, reason: "bad-signature" };
  }
  if (signature !== null) {
    const message = `${keys.botId}:WebAppData\n${unsigned}`;
    let valid = false;
    try {
      valid = verify(null, Buffer.from(message), ed25519Key(keys.publicKeyHex), Buffer.from(signature, "base64url"));
    } catch {
      valid = false;
    }
    if (!valid) return { ok: false, reason: "bad-signature" };
  }

  let user: TelegramUser;
  try {
    user = JSON.parse(params.get("user") ?? "") as TelegramUser;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!Number.isSafeInteger(user?.id) || typeof user.first_name !== "string") return { ok: false, reason: "malformed" };
  const authDate = checkFreshness(params.get("auth_date") ?? undefined, freshness);
  const proof = createHash("sha256").update(unsigned).digest("hex");
  if (typeof authDate !== "number") return { ...authDate, telegramId: user.id, proof, authDate: Number(params.get("auth_date")) };
  return { ok: true, user, authDate, proof };
}
