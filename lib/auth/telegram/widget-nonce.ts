// Binds a Login Widget sign-in to the browser whose page showed the widget. The page
// asks POST /api/telegram/widget/nonce for a nonce: the secret half goes into an
// httpOnly cookie (`<expiry>.<random>`), the public half (an HMAC of the secret with
// AUTH_SECRET) into the widget's data-auth-url, and so comes back with Telegram's
// payload. /api/telegram/widget accepts a payload only with the public half of this
// browser's own secret, once, before it expires. A link that another site sends a
// browser to, with someone's valid payload, carries no nonce of that browser's.
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { env } from "@/lib/env";
import { COOKIES, cookieJar, type SecretJar } from "@/lib/security/cookies";
import { consumeOnce } from "./replay";

export const nonceJar: SecretJar = cookieJar(COOKIES.widgetNonce);

const publicHalf = (secret: string) => createHmac("sha256", env.AUTH_SECRET).update(`telegram-widget-nonce:${secret}`).digest("base64url");

/**
 * The secret's expiry in ms, when the cookie is one we could have made: `<seconds>.<32
 * random characters>`, expiring no later than a new one would. Anything else (a cookie a
 * client wrote itself, with a far-off date) counts as no nonce at all.
 */
function expiryOf(secret: string | undefined, now: number): number | null {
  const match = /^(\d{10})\.[\w-]{32}$/.exec(secret ?? "");
  const expiresAt = match ? Number(match[1]) * 1000 : NaN;
  return expiresAt > now && expiresAt <= now + COOKIES.widgetNonce.maxAge() * 1000 + 1000 ? expiresAt : null;
}

/** This browser's nonce: the one it has while it has more than a minute left, or a new one. */
export async function issueWidgetNonce(jar: SecretJar = nonceJar, now = Date.now()): Promise<string> {
  const current = await jar.get();
  const currentExpiry = expiryOf(current, now);
  if (current && currentExpiry && currentExpiry - now > 60_000) return publicHalf(current);
  const expiresAt = Math.floor(now / 1000) + COOKIES.widgetNonce.maxAge();
  const secret = `${expiresAt}.${randomBytes(24).toString("base64url")}`;
  await jar.set(secret);
  return publicHalf(secret);
}

/** Uses up this browser's nonce if `given` is its public half and it is still fresh. */
export async function takeWidgetNonce(
  given: string | null,
  { jar = nonceJar, db = defaultDb, now = Date.now() }: { jar?: SecretJar; db?: PrismaClient; now?: number } = {},
): Promise<boolean> {
  const secret = await jar.get();
  const expiresAt = expiryOf(secret, now);
  if (!secret || !expiresAt || !given || !/^[\w-]{43}$/.test(given)) return false;
  const expected = Buffer.from(publicHalf(secret));
  if (!timingSafeEqual(expected, Buffer.from(given))) return false;
  await jar.clear();
  return consumeOnce(db, `telegram-widget-nonce:${given}`, new Date(expiresAt), { strict: true });
}
