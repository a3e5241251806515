// Sign-in through the bot's deep link, step by step:
//   1. start: a one-time payload for this browser; the browser keeps a secret (in an
//      httpOnly cookie) and only its hash is stored; expires in AUTH_TELEGRAM_LINK_TTL.
//   2. confirm: the bot's webhook gets "/start <payload>" from a Telegram user.
//   3. claim: the browser that started it (and only that one) turns the confirmed
//      payload into its session, once.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import type { TelegramUser } from "./verify";

const hash = (secret: string) => createHash("sha256").update(secret).digest();

export async function startLinkRequest(db: PrismaClient, ttlSeconds: number, now = new Date()) {
  // 32 characters of [A-Za-z0-9_-]: within Telegram's 64 for a start parameter.
  const payload = randomBytes(24).toString("base64url");
  const browserKey = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await db.telegramLinkRequest.create({ data: { payload, browserHash: hash(browserKey).toString("hex"), expiresAt } });
  // Requests nobody can use any more.
  await db.telegramLinkRequest.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
  return { payload, browserKey, expiresAt };
}

export type ConfirmOutcome = "confirmed" | "expired" | "used" | "unknown";

/** The bot got "/start <payload>" from this Telegram user. */
export async function confirmLinkRequest(db: PrismaClient, payload: string, user: TelegramUser, now = new Date()): Promise<ConfirmOutcome> {
  const { count } = await db.telegramLinkRequest.updateMany({
    where: { payload, confirmedAt: null, usedAt: null, expiresAt: { gt: now } },
    data: { telegramUser: JSON.stringify(user), confirmedAt: now },
  });
  if (count === 1) return "confirmed";
  const request = await db.telegramLinkRequest.findUnique({ where: { payload } });
  if (!request) return "unknown";
  return request.confirmedAt || request.usedAt ? "used" : "expired";
}

export type LinkStatus =
  | { status: "pending" }
  | { status: "confirmed"; user: TelegramUser }
  | { status: "expired" | "used" | "foreign" | "unknown" };

/** Where this browser's request stands (without using it up). */
export async function linkStatus(db: PrismaClient, payload: string, browserKey: string, now = new Date()): Promise<LinkStatus> {
  const request = await db.telegramLinkRequest.findUnique({ where: { payload } });
  if (!request) return { status: "unknown" };
  const expected = Buffer.from(request.browserHash, "hex");
  if (expected.length !== 32 || !timingSafeEqual(expected, hash(browserKey))) return { status: "foreign" };
  if (request.usedAt) return { status: "used" };
  if (request.expiresAt <= now) return { status: "expired" };
  if (!request.confirmedAt || !request.telegramUser) return { status: "pending" };
  return { status: "confirmed", user: JSON.parse(request.telegramUser) as TelegramUser };
}

/** Uses a confirmed request up for the browser that started it; the user, or why not. */
export async function claimLinkRequest(db: PrismaClient, payload: string, browserKey: string, now = new Date()): Promise<LinkStatus> {
  const status = await linkStatus(db, payload, browserKey, now);
  if (status.status !== "confirmed") return status;
  const { count } = await db.telegramLinkRequest.updateMany({ where: { payload, usedAt: null }, data: { usedAt: now } });
  return count === 1 ? status : { status: "used" };
}
