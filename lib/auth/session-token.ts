// The session cookie: a signed, not encrypted, token that names a session record.
//
//   v1.<session id>.<user id>.<issued at>.<expires at>.<HMAC-SHA256 of the rest>
//
// (times in seconds since 1970, base 36; the MAC in base64url). It holds nothing
// secret: the session id is only good with this signature, which takes AUTH_SECRET,
// and the record it names decides on every request whether the session still counts
// (lib/auth/sessions.ts), so a revoke, a sign-out or a deleted user ends it at once, on
// every instance. Checking one costs one HMAC with a key derived once per cookie name
// (HKDF from AUTH_SECRET, kept in memory): microseconds, where Auth.js's encrypted JWT
// took about a millisecond to decode and another to encode.
//
// Auth.js still makes the cookie (its sign-in, its session route) through
// `sessionJwt` (authConfig's `jwt`), and reads it back the same way. Its other
// short-lived cookies (PKCE, state, nonce) stay the encrypted JWTs they were. A session
// cookie made before this format (an encrypted JWT) is still read, the slow way, and
// replaced with one of these the next time it is refreshed.
//
// A request checks the cookie once (lib/auth/require-user.ts, or the route that needs
// it). proxy.ts only looks at its shape for the optimistic /account gate, and checks it
// only when it is due for refreshing (at most every SESSION_REFRESH_SECONDS, on page
// loads).
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { decode as decodeJwe, encode as encodeJwe, type JWTDecodeParams, type JWTEncodeParams } from "next-auth/jwt";
import { SESSION_COOKIES } from "@/lib/security/cookies";

/** A cookie older than this is issued again (with a fresh expiry) on the next page load. */
export const SESSION_REFRESH_SECONDS = 5 * 60;

export type SessionClaims = { sid: string; sub: string; issuedAt: number; expiresAt: number };

const VERSION = "v1";
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TIME = /^[0-9a-z]{1,10}$/;
/** A cookie issued this far in the future (another instance's clock) still counts. */
const CLOCK_SKEW_SECONDS = 60;
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const isSessionCookieName = (salt: string | undefined) => (SESSION_COOKIES as readonly string[]).includes(salt ?? "");
const firstSecret = (secret: string | string[]) => (Array.isArray(secret) ? secret[0]! : secret);

// One key per secret and cookie name; a process sees one secret and two names.
const keys = new Map<string, Buffer>();
function keyFor(secret: string, cookieName: string): Buffer {
  const id = `${cookieName}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, cookieName, "Vkhod session cookie v1", 32));
    if (keys.size >= 8) keys.clear();
    keys.set(id, key);
  }
  return key;
}

const mac = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest("base64url");

/** A session cookie's value for these claims. */
export function signSession(claims: SessionClaims, secret: string, cookieName: string): string {
  if (!ID.test(claims.sid) || !ID.test(claims.sub)) throw new Error("a session id or user id that cannot go in a session cookie");
  const body = `${VERSION}.${claims.sid}.${claims.sub}.${claims.issuedAt.toString(36)}.${claims.expiresAt.toString(36)}`;
  return `${body}.${mac(keyFor(secret, cookieName), body)}`;
}

/**
 * What a session cookie in this format says, UNCHECKED (anyone can write one): for
 * proxy.ts's optimistic gate and its "due for refreshing?" alone, never to decide who
 * someone is. An older cookie (an encrypted JWT) reads as due. Null when it is neither.
 */
export function peekSession(token: string): Pick<SessionClaims, "issuedAt" | "expiresAt"> | null {
  const parts = token.split(".");
  if (parts.length === 5) return { issuedAt: 0, expiresAt: Number.MAX_SAFE_INTEGER };
  if (parts.length !== 6 || parts[0] !== VERSION || !TIME.test(parts[3]!) || !TIME.test(parts[4]!)) return null;
  return { issuedAt: parseInt(parts[3]!, 36), expiresAt: parseInt(parts[4]!, 36) };
}

/** The claims of a session cookie made by signSession with this secret and name, unexpired; null for anything else. */
export function verifySession(token: string, secret: string, cookieName: string, now = nowSeconds()): SessionClaims | null {
  const parts = token.split(".");
  if (parts.length !== 6 || parts[0] !== VERSION) return null;
  const [, sid = "", sub = "", issued = "", expires = "", signature = ""] = parts;
  if (!ID.test(sid) || !ID.test(sub) || !TIME.test(issued) || !TIME.test(expires)) return null;
  const expected = Buffer.from(mac(keyFor(secret, cookieName), token.slice(0, token.length - signature.length - 1)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = { sid, sub, issuedAt: parseInt(issued, 36), expiresAt: parseInt(expires, 36) };
  if (claims.expiresAt <= now || claims.issuedAt > now + CLOCK_SKEW_SECONDS) return null;
  return claims;
}

/** The claims of a session cookie in either format (this one, or the encrypted JWT before it), or null. */
export async function readSessionToken(token: string, secret: string, cookieName: string, now = nowSeconds()): Promise<SessionClaims | null> {
  if (token.startsWith(`${VERSION}.`)) return verifySession(token, secret, cookieName, now);
  if (token.split(".").length !== 5) return null;
  try {
    const payload = await decodeJwe({ token, secret, salt: cookieName });
    if (typeof payload?.sid !== "string" || !payload.sub || !ID.test(payload.sid) || !ID.test(payload.sub)) return null;
    // Issued long ago, as far as refreshing goes: the next page load replaces it.
    return { sid: payload.sid, sub: payload.sub, issuedAt: 0, expiresAt: typeof payload.exp === "number" ? payload.exp : now + 1 };
  } catch {
    return null; // not ours, or made with another secret
  }
}

/** A session cookie's value for a session, issued now. */
export const issueSession = (session: { sid: string; sub: string }, secret: string, cookieName: string, maxAgeSeconds: number, now = nowSeconds()) =>
  signSession({ ...session, issuedAt: now, expiresAt: now + maxAgeSeconds }, secret, cookieName);

/**
 * Auth.js's `jwt` option: the session cookie in this format, every other cookie as
 * Auth.js makes it. The token Auth.js hands back to its callbacks carries `sid` and
 * `sub`, with `iat` and `exp`.
 */
export const sessionJwt = {
  async encode(params: JWTEncodeParams): Promise<string> {
    if (!isSessionCookieName(params.salt)) return encodeJwe(params);
    const { sid, sub } = params.token ?? {};
    if (typeof sid !== "string" || typeof sub !== "string") throw new Error("a session cookie without its session record");
    return issueSession({ sid, sub }, firstSecret(params.secret), params.salt, params.maxAge ?? DEFAULT_MAX_AGE);
  },
  async decode(params: JWTDecodeParams) {
    if (!isSessionCookieName(params.salt)) return decodeJwe(params);
    if (!params.token) return null;
    const claims = await readSessionToken(params.token, firstSecret(params.secret), params.salt);
    return claims && { sid: claims.sid, sub: claims.sub, iat: claims.issuedAt, exp: claims.expiresAt };
  },
};
