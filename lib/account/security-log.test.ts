// The security log against a real SQLite file: newest first, a page at a time, and
// rows past the retention (AUTH_SECURITY_LOG_RETENTION_DAYS, 180 by default) pruned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { LOG_PAGE_SIZE, pruneSecurityLog, recordEvent, securityLogPage } from "./security-log";

let database: ReturnType<typeof createTestDatabase>;
let userId: string;
beforeAll(async () => {
  database = createTestDatabase();
  userId = (await database.db.user.create({ data: { name: "Log" } })).id;
});
afterAll(() => database.dispose());

const day = 24 * 3600_000;

describe("security log", () => {
  it("pages newest first by keyset (time and id of the edge row), both ways, with events of the same millisecond", async () => {
    const start = Date.now() - 10 * 60_000;
    // 45 events, every third pair in the same millisecond: the id breaks the tie.
    for (let i = 0; i < 2 * LOG_PAGE_SIZE + 5; i++) {
      await recordEvent({ userId, type: "sign-in", provider: "google", detail: { n: i } }, database.db, new Date(start + Math.floor(i / 2) * 1000));
    }
    const numbers = (page: Awaited<ReturnType<typeof securityLogPage>>) => page.events.map((event) => Number(event.detail.n));
    const first = await securityLogPage(userId, {}, database.db);
    expect(first.events).toHaveLength(LOG_PAGE_SIZE);
    expect(first.newer).toBeNull();
    const second = await securityLogPage(userId, { before: first.older! }, database.db);
    const third = await securityLogPage(userId, { before: second.older! }, database.db);
    expect(third.older).toBeNull();
    const all = [...numbers(first), ...numbers(second), ...numbers(third)];
    // Every event once, newest first (within one millisecond, by id).
    expect(new Set(all).size).toBe(2 * LOG_PAGE_SIZE + 5);
    expect(all.map((n) => Math.floor(n / 2))).toEqual([...all.map((n) => Math.floor(n / 2))].sort((a, b) => b - a));
    // And back: the page newer than the third is the second, newer than that the first.
    const back = await securityLogPage(userId, { after: third.newer! }, database.db);
    expect(numbers(back)).toEqual(numbers(second));
    expect(numbers(await securityLogPage(userId, { after: back.newer! }, database.db))).toEqual(numbers(first));
  });

  it("takes a cursor that is not ours, or one past the end, as the newest page", async () => {
    const first = await securityLogPage(userId, {}, database.db);
    for (const cursor of ["", "12", "x_y", "1_' OR 1=1", `${"9".repeat(16)}_a`]) {
      expect((await securityLogPage(userId, { before: cursor }, database.db)).events).toEqual(first.events);
    }
    expect((await securityLogPage(userId, { before: "1_a" }, database.db)).events).toEqual(first.events);
    expect((await securityLogPage(userId, { after: `${Date.now() + 60_000}_z` }, database.db)).events).toEqual(first.events);
  });

  it("prunes rows older than the retention, and only those", async () => {
    const now = new Date();
    await database.db.securityEvent.create({ data: { userId, type: "sign-in", createdAt: new Date(now.getTime() - 181 * day) } });
    await database.db.securityEvent.create({ data: { userId, type: "linked", createdAt: new Date(now.getTime() - 179 * day) } });
    const before = await database.db.securityEvent.count();
    expect(await pruneSecurityLog(database.db, now)).toBe(1);
    expect(await database.db.securityEvent.count()).toBe(before - 1);
    expect(await database.db.securityEvent.count({ where: { type: "linked" } })).toBe(1);
  });
});
