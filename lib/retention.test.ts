// Retention on a real SQLite file: what is past its time goes, what is not stays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { pruneExpired } from "./retention";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const DAY = 24 * 3600_000;

describe("retention", () => {
  it("deletes ended sessions, old log entries, spent bot logins and dead one-time values, and keeps the rest", async () => {
    const { db } = database;
    const now = new Date("2026-12-01T12:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const user = await db.user.create({ data: { name: "Kept" } });
    const session = (id: string, data: { expiresAt: Date; revokedAt?: Date }) =>
      db.loginSession.create({ data: { id, userId: user.id, provider: "google", ip: "203.0.113.9", userAgent: "Firefox", ...data } });
    await session("live", { expiresAt: new Date(now.getTime() + 10 * DAY) });
    await session("revoked-recently", { expiresAt: new Date(now.getTime() + 10 * DAY), revokedAt: ago(29 * DAY) });
    await session("revoked-long-ago", { expiresAt: new Date(now.getTime() + 10 * DAY), revokedAt: ago(31 * DAY) });
    await session("expired-recently", { expiresAt: ago(2 * DAY) });
    await session("expired-long-ago", { expiresAt: ago(40 * DAY) });
    await db.securityEvent.create({ data: { userId: user.id, type: "sign-in", createdAt: ago(181 * DAY) } });
    await db.securityEvent.create({ data: { userId: user.id, type: "linked", createdAt: ago(10 * DAY) } });
    const botLogin = (payload: string, expiresAt: Date, usedAt?: Date) => db.telegramBotLogin.create({ data: { payload, browserHash: "x", expiresAt, usedAt } });
    await botLogin("waiting", new Date(now.getTime() + 60_000));
    await botLogin("just-expired", ago(30 * 60_000));
    await botLogin("used-and-gone", ago(2 * 3600_000), ago(2 * 3600_000 + 60_000));
    await db.usedTelegramPayload.create({ data: { proof: "fresh", expiresAt: new Date(now.getTime() + 60_000) } });
    await db.usedTelegramPayload.create({ data: { proof: "stale", expiresAt: ago(1) } });
    await db.rateLimiterFlexible.create({ data: { key: "counting", points: 1, expire: new Date(now.getTime() + 60_000) } });
    await db.rateLimiterFlexible.create({ data: { key: "done", points: 9, expire: ago(1) } });
    await db.knownDevice.create({ data: { userId: user.id, deviceHash: "recent", lastSeenAt: ago(30 * DAY) } });
    await db.knownDevice.create({ data: { userId: user.id, deviceHash: "forgotten", lastSeenAt: ago(400 * DAY) } });

    expect(await pruneExpired(db, now)).toEqual({
      sessions: 2,
      securityEvents: 1,
      botLogins: 1,
      usedPayloads: 1,
      pendingLinks: 0,
      linkIntents: 0,
      limitCounters: 1,
      devices: 1,
    });
    expect((await db.loginSession.findMany({ orderBy: { id: "asc" } })).map((s) => s.id)).toEqual(["expired-recently", "live", "revoked-recently"]);
    expect((await db.telegramBotLogin.findMany({ orderBy: { payload: "asc" } })).map((b) => b.payload)).toEqual(["just-expired", "waiting"]);
    expect(await db.securityEvent.count({ where: { userId: user.id } })).toBe(1);
    expect((await db.knownDevice.findMany()).map((d) => d.deviceHash)).toEqual(["recent"]);
    // A second run finds nothing more.
    expect(Object.values(await pruneExpired(db, now)).every((n) => n === 0)).toBe(true);
  });
});
