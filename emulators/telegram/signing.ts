// How Telegram signs what it hands the app, done the same way with the demo bot's token
// and the emulator's own Ed25519 key: Login Widget fields (HMAC-SHA256 with SHA-256 of
// the token) and Mini App launch data (HMAC with "WebAppData", or an Ed25519 signature).
// Tests use these to make, forge and tamper with payloads.
import { createHash, createHmac, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { avatarUrl } from "../kit/avatars";
import { numericId, type TestUser } from "../kit/users";

export const TELEGRAM_DEMO_BOT = {
  id: "7000000001",
  username: "vkhod_demo_bot",
  token: "7000000001:AAvkhodDemoBotTokenNotARealOne000",
  /** The OIDC client secret BotFather would give. */
  oidcSecret: "vkhod-demo-telegram-oidc-secret",
};

/**
 * The emulator's Ed25519 key for Mini App signatures, in place of Telegram's: a fixed
 * seed, so the app's AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY can be set before it starts.
 */
const webAppPrivateKey = createPrivateKey({
  key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), createHash("sha256").update("vkhod-demo-webapp-key").digest()]),
  format: "der",
  type: "pkcs8",
});
export const TELEGRAM_DEMO_WEBAPP_KEY = createPublicKey(webAppPrivateKey).export({ format: "der", type: "spki" }).subarray(-32).toString("hex");

/** Mini App launch data for a test person, signed by HMAC ("hmac") or Ed25519 ("signature"). */
export function signWebAppData(fields: Record<string, string>, how: "hmac" | "signature", bot = TELEGRAM_DEMO_BOT): string {
  const checkString = (leaveOut: string[]) =>
    Object.keys(fields)
      .filter((key) => !leaveOut.includes(key))
      .sort()
      .map((key) => `${key}=${fields[key]}`)
      .join("\n");
  if (how === "hmac") {
    const secret = createHmac("sha256", "WebAppData").update(bot.token).digest();
    return new URLSearchParams({ ...fields, hash: createHmac("sha256", secret).update(checkString([])).digest("hex") }).toString();
  }
  const message = `${bot.id}:WebAppData\n${checkString([])}`;
  return new URLSearchParams({ ...fields, signature: sign(null, Buffer.from(message), webAppPrivateKey).toString("base64url") }).toString();
}

/** The launch fields Telegram gives a Mini App opened by a test person now. */
export function webAppFields(baseUrl: string, user: TestUser, authDate = Math.floor(Date.now() / 1000)) {
  return {
    query_id: `AAH${createHash("sha256").update(`${user.key}:${authDate}:${Math.random()}`).digest("base64url").slice(0, 21)}`,
    user: JSON.stringify({
      id: telegramUserId(user),
      first_name: user.givenName,
      ...(user.familyName ? { last_name: user.familyName } : {}),
      username: `${user.key}_tg`,
      language_code: user.locale,
      allows_write_to_pm: true,
      photo_url: avatarUrl(baseUrl, user),
    }),
    auth_date: String(authDate),
  };
}


/** A Telegram user id for a test person. */
export const telegramUserId = (user: TestUser) => Number(numericId(user.key, "telegram", 10));

/** Signs Login Widget fields the way Telegram does (tests use it to forge and tamper). */
export function signLoginWidget(fields: Record<string, string>, botToken: string): Record<string, string> {
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join("\n");
  const hash = createHmac("sha256", createHash("sha256").update(botToken).digest()).update(checkString).digest("hex");
  return { ...fields, hash };
}

/** The widget fields Telegram would send for a test person confirming now. */
export function widgetFields(baseUrl: string, user: TestUser, authDate = Math.floor(Date.now() / 1000)) {
  return {
    id: String(telegramUserId(user)),
    first_name: user.givenName,
    ...(user.familyName ? { last_name: user.familyName } : {}),
    username: `${user.key}_tg`,
    photo_url: avatarUrl(baseUrl, user),
    auth_date: String(authDate),
  };
}
