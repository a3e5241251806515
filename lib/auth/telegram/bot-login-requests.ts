// Sign-in through the bot's deep link (the bot login), step by step:
//   1. start: a one-time payload for this browser; the browser keeps a secret (in an
//      httpOnly cookie) and only its hash is stored, with the browser's address, user
//      agent and site; expires in AUTH_TELEGRAM_BOT_LOGIN_TTL.
//   2. ask: the bot gets "/start <payload>" from a Telegram user. That alone confirms
//      nothing (whoever sent the person the link or QR code could be waiting at the
//      other end): the bot shows them which browser is asking, with "Yes, it's me" and
//      "No" buttons (lib/auth/telegram/bot-updates.ts).
//   3. answer: only the same Telegram user's button press confirms or denies it.
//   4. claim: the browser that started it (and only that one) turns the confirmed
//      payload into its session, once. A denied one tells the waiting browser so.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient, TelegramBotLogin } from "@prisma/client";
import type { TelegramUser } from "./verify";

const hash = (secret: string) => createHash("sha256").update(secret).digest();

export type Asker = { ip: string | null; userAgent: string | null; site: string | null };

export async function createBotLogin(db: PrismaClient, ttlSeconds: number, asker: Asker, now = new Date()) {
  // 32 characters of [A-Za-z0-9_-]: within Telegram's 64 for a start parameter.
  const payload = randomBytes(24).toString("base64url");
  const browserKey = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await db.telegramBotLogin.create({ data: { payload, browserHash: hash(browserKey).toString("hex"), expiresAt, ...asker } });
  return { payload, browserKey, expiresAt };
}

const asUser = (request: TelegramBotLogin): TelegramUser | null => (request.telegramUser ? (JSON.parse(request.telegramUser) as TelegramUser) : null);

function settled(request: TelegramBotLogin, now: Date): "used" | "denied" | "expired" | null {
  if (request.usedAt || request.confirmedAt) return "used";
  if (request.deniedAt) return "denied";
  if (request.expiresAt <= now) return "expired";
  return null;
}

export type AskOutcome = { kind: "asked"; request: TelegramBotLogin } | { kind: "expired" | "used" | "denied" | "unknown" | "taken" };

/** The bot got "/start <payload>" from this Telegram user: the request now waits for their answer. */
export async function askBotLogin(db: PrismaClient, payload: string, user: TelegramUser, now = new Date()): Promise<AskOutcome> {
  const { count } = await db.telegramBotLogin.updateMany({
    where: { payload, askedAt: null, confirmedAt: null, deniedAt: null, usedAt: null, expiresAt: { gt: now } },
    data: { telegramUser: JSON.stringify(user), telegramId: String(user.id), askedAt: now },
  });
  const request = await db.telegramBotLogin.findUnique({ where: { payload } });
  if (!request) return { kind: "unknown" };
  if (count === 1) return { kind: "asked", request };
  const done = settled(request, now);
  if (done) return { kind: done };
  // Start pressed again by the same person: ask again. Someone else: not theirs to answer.
  return asUser(request)?.id === user.id ? { kind: "asked", request } : { kind: "taken" };
}

export type AnswerOutcome = "confirmed" | "denied" | "expired" | "used" | "unknown" | "foreign";

/** "Yes, it's me" (yes = true) or "No" pressed in the chat by this Telegram user. */
export async function answerBotLogin(db: PrismaClient, payload: string, telegramId: number, yes: boolean, now = new Date()): Promise<AnswerOutcome> {
  const request = await db.telegramBotLogin.findUnique({ where: { payload } });
  if (!request || !request.askedAt) return "unknown";
  if (asUser(request)?.id !== telegramId) return "foreign";
  const done = settled(request, now);
  if (done) return done === "denied" ? "used" : done;
  const { count } = await db.telegramBotLogin.updateMany({
    where: { payload, confirmedAt: null, deniedAt: null, usedAt: null, expiresAt: { gt: now } },
    data: yes ? { confirmedAt: now } : { deniedAt: now },
  });
  return count === 1 ? (yes ? "confirmed" : "denied") : "used";
}

export type BotLoginStatus =
  | { status: "pending" }
  | { status: "confirmed"; user: TelegramUser }
  | { status: "expired" | "used" | "denied" | "foreign" | "unknown" };

/** Where this browser's request stands (without using it up). */
export async function botLoginStatus(db: PrismaClient, payload: string, browserKey: string, now = new Date()): Promise<BotLoginStatus> {
  const request = await db.telegramBotLogin.findUnique({ where: { payload } });
  if (!request) return { status: "unknown" };
  const expected = Buffer.from(request.browserHash, "hex");
  if (expected.length !== 32 || !timingSafeEqual(expected, hash(browserKey))) return { status: "foreign" };
  if (request.usedAt) return { status: "used" };
  if (request.deniedAt) return { status: "denied" };
  if (request.expiresAt <= now) return { status: "expired" };
  if (request.confirmedAt && request.telegramUser) return { status: "confirmed", user: asUser(request)! };
  return { status: "pending" };
}

/** Uses a confirmed request up for the browser that started it; the user, or why not. */
export async function claimBotLogin(db: PrismaClient, payload: string, browserKey: string, now = new Date()): Promise<BotLoginStatus> {
  const status = await botLoginStatus(db, payload, browserKey, now);
  if (status.status !== "confirmed") return status;
  const { count } = await db.telegramBotLogin.updateMany({ where: { payload, usedAt: null }, data: { usedAt: now } });
  return count === 1 ? status : { status: "used" };
}
