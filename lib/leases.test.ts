// Leases on a real SQLite file, with a clock the test moves: one holder at a time,
// renewed by its holder, taken over once lapsed or released.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { holdLease, releaseLease } from "./leases";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds));

describe("leases", () => {
  it("one holder at a time; the holder renews; another takes over once it lapses", async () => {
    const { db } = database;
    expect(await holdLease(db, "poller", 10_000, "a", at(0))).toBe(true);
    expect(await holdLease(db, "poller", 10_000, "b", at(1))).toBe(false);
    expect(await holdLease(db, "poller", 10_000, "a", at(5))).toBe(true); // renewed to 15 s
    expect(await holdLease(db, "poller", 10_000, "b", at(12))).toBe(false);
    expect(await holdLease(db, "poller", 10_000, "b", at(15))).toBe(true); // lapsed
    expect(await holdLease(db, "poller", 10_000, "a", at(16))).toBe(false);
    expect(await db.lease.findUnique({ where: { name: "poller" } })).toMatchObject({ holder: "b", expiresAt: at(25) });
  });

  it("a released lease is free at once; releasing one held by another changes nothing", async () => {
    const { db } = database;
    expect(await holdLease(db, "webhook", 60_000, "a", at(0))).toBe(true);
    await releaseLease(db, "webhook", "b");
    expect(await holdLease(db, "webhook", 60_000, "b", at(1))).toBe(false);
    await releaseLease(db, "webhook", "a");
    expect(await holdLease(db, "webhook", 60_000, "b", at(2))).toBe(true);
  });

  it("of many instances asking for a free lease at once, exactly one gets it", async () => {
    const { db } = database;
    const won = await Promise.all(Array.from({ length: 20 }, (_, i) => holdLease(db, "race", 10_000, `instance-${i}`, at(0))));
    expect(won.filter(Boolean)).toHaveLength(1);
  });
});
