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
  it("pages newest first, and keeps a page number within range", async () => {
    const start = Date.now() - 10 * 60_000;
    for (let i = 0; i < LOG_PAGE_SIZE + 5; i++) {
      await recordEvent({ userId, type: "sign-in", provider: "google", detail: { n: i } }, database.db, new Date(start + i * 1000));
    }
    const first = await securityLogPage(userId, 1, database.db);
    expect(first).toMatchObject({ page: 1, pages: 2, total: LOG_PAGE_SIZE + 5 });
    expect(first.events[0]!.detail).toEqual({ n: LOG_PAGE_SIZE + 4 });
    const second = await securityLogPage(userId, 2, database.db);
    expect(second.events.map((event) => event.detail.n)).toEqual([4, 3, 2, 1, 0]);
    expect((await securityLogPage(userId, 99, database.db)).page).toBe(2);
    expect((await securityLogPage(userId, Number.NaN, database.db)).page).toBe(1);
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
