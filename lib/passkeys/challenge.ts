// The challenge of one WebAuthn ceremony (add a passkey, sign in, confirm it's you):
// made by the server, kept in this browser's cookie (HMAC-signed with what it is for
// and, for a signed-in ceremony, whose it is), good for a few minutes, and taken once
// on every instance (the one-time store the Telegram payloads use). So an answer from
// the authenticator works once, in the browser that asked, for the purpose it was asked
// for: replayed, sent to another browser, or used for something else, it is refused.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { consumeOnce, OneTimeStoreDown } from "@/lib/auth/telegram/replay";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { clearCookie, COOKIES, readCookie, writeCookie } from "@/lib/security/cookies";

export type Purpose = "register" | "sign-in" | "step-up" | "merge";

type Pending = { challenge: string; purpose: Purpose; userId: string; expiresAt: number };

// One cookie per purpose: /login's passkey autofill in one tab does not end a step-up in another.
const COOKIE = { register: COOKIES.passkeyRegister, "sign-in": COOKIES.passkeySignIn, "step-up": COOKIES.passkeyStepUp, merge: COOKIES.passkeyMerge } as const;

const signature = (body: string) => createHmac("sha256", env.AUTH_SECRET!).update(`vkhod passkey challenge:${body}`).digest("base64url");

export async function rememberChallenge(purpose: Purpose, challenge: string, userId = "") {
  const pending: Pending = { challenge, purpose, userId, expiresAt: Date.now() + COOKIE[purpose].maxAge() * 1000 };
  const body = Buffer.from(JSON.stringify(pending)).toString("base64url");
  await writeCookie(COOKIE[purpose], `${body}.${signature(body)}`);
}

/** The challenge this browser was given for `purpose` (and `userId`), once; null when there is none, or it was used, or it is old. */
export async function takeChallenge(purpose: Purpose, userId = ""): Promise<string | null> {
  const value = await readCookie(COOKIE[purpose]);
  await clearCookie(COOKIE[purpose]);
  const [body = "", mac = ""] = (value ?? "").split(".");
  const expected = Buffer.from(signature(body));
  if (!body || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), expected)) return null;
  let pending: Pending;
  try {
    pending = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Pending;
  } catch {
    return null;
  }
  if (pending.purpose !== purpose || pending.userId !== userId || !(pending.expiresAt > Date.now())) return null;
  // Strict: with Redis set but not answering, the database cannot know what Redis holds.
  try {
    return (await consumeOnce(db, `passkey:${pending.challenge}`, new Date(pending.expiresAt), { strict: true })) ? pending.challenge : null;
  } catch (error) {
    if (error instanceof OneTimeStoreDown) return null;
    throw error;
  }
}
