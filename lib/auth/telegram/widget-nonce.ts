// Binds a Login Widget sign-in to the browser whose page showed the widget. The page
// asks POST /api/telegram/widget/nonce for a nonce: the secret half goes into an
// httpOnly cookie (`<expiry>.<random>`), the public half (an HMAC of the secret with
// AUTH_SECRET) into the widget's data-auth-url, and so comes back with Telegram's
// payload. /api/telegram/widget accepts a payload only with the public half of this
// browser's own secret, once, before it expires. A link that another site sends a
// browser to, with someone's valid payload, carries no nonce of that browser's.
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { clearCookie, COOKIES, readCookie, writeCookie } from "@/lib/security/cookies";
import { consumeOnce } from "./replay";

const publicHalf = (secret: string) => createHmac("sha256", env.AUTH_SECRET).update(`telegram-widget-nonce:${secret}`).digest("base64url");

const expiryOf = (secret: string) => Number(secret.split(".")[0]) * 1000;

/** This browser's nonce: the one it has while it has more than a minute left, or a new one. */
export async function issueWidgetNonce(now = Date.now()): Promise<string> {
  const current = await readCookie(COOKIES.widgetNonce);
  if (current && expiryOf(current) - now > 60_000) return publicHalf(current);
  const expiresAt = Math.floor(now / 1000) + COOKIES.widgetNonce.maxAge();
  const secret = `${expiresAt}.${randomBytes(24).toString("base64url")}`;
  await writeCookie(COOKIES.widgetNonce, secret);
  return publicHalf(secret);
}

/** Uses up this browser's nonce if `given` is its public half and it is still fresh. */
export async function takeWidgetNonce(given: string | null, now = Date.now()): Promise<boolean> {
  const secret = await readCookie(COOKIES.widgetNonce);
  if (!secret || !given || !/^[\w-]{43}$/.test(given)) return false;
  const expiresAt = expiryOf(secret);
  if (!Number.isFinite(expiresAt) || expiresAt <= now) return false;
  const expected = Buffer.from(publicHalf(secret));
  if (!timingSafeEqual(expected, Buffer.from(given))) return false;
  await clearCookie(COOKIES.widgetNonce);
  return consumeOnce(db, `telegram-widget-nonce:${given}`, new Date(expiresAt));
}
