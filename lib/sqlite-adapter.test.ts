// The SQLite adapter on a real file: a statement from outside a transaction (another
// request) waits for the open transaction, so it neither sees that transaction's rows
// nor goes when the transaction is rolled back; and a transaction that calls `db`
// instead of its `tx` waits for itself until its timeout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { consumeOnce } from "@/lib/auth/telegram/replay";
import { createTestDatabase } from "@/lib/testing/database";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const expiresAt = new Date(Date.now() + 60_000);
class RolledBack extends Error {}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/**
 * A transaction that runs `first`, then stays open until `rollBack()` is called, and then
 * rolls back; resolves once it is open.
 */
async function openTransaction(db: PrismaClient, first: (tx: Tx) => Promise<unknown>) {
  let rollBack!: () => void;
  const held = new Promise<void>((resolve) => (rollBack = resolve));
  let opened!: () => void;
  const open = new Promise<void>((resolve) => (opened = resolve));
  const transaction = db.$transaction(async (tx) => {
    await first(tx);
    opened();
    await held;
    throw new RolledBack();
  });
  await open;
  return { transaction, rollBack };
}

describe("SQLite statements and transactions take turns", () => {
  it("another request's write during a transaction that rolls back is kept, and it never sees the transaction's rows", async () => {
    const { db } = database;
    const { transaction, rollBack } = await openTransaction(
      db,
      (tx) => tx.$executeRaw`INSERT INTO "UsedTelegramPayload" ("proof", "usedAt", "expiresAt") VALUES (${"in-transaction"}, ${new Date()}, ${expiresAt})`,
    );
    // Another request, while the transaction is open: its write and its read wait.
    // (A Prisma query starts when it is awaited, hence the then; the pause gives both the
    // time to reach the database, where they ran at once before.)
    const write = db.$executeRaw`INSERT INTO "UsedTelegramPayload" ("proof", "usedAt", "expiresAt") VALUES (${"other-request"}, ${new Date()}, ${expiresAt})`.then((count) => count);
    const read = db.$queryRaw<unknown[]>`SELECT "proof" FROM "UsedTelegramPayload" WHERE "proof" = ${"in-transaction"}`.then((rows) => rows);
    await new Promise((resolve) => setTimeout(resolve, 50));
    rollBack();
    await expect(transaction).rejects.toBeInstanceOf(RolledBack);
    expect(await write).toBe(1);
    expect(await read).toEqual([]);
    expect((await db.usedTelegramPayload.findMany({ where: { proof: { in: ["in-transaction", "other-request"] } } })).map((row) => row.proof)).toEqual(["other-request"]);
  });

  it("a used proof written while a transaction rolls back stays used", async () => {
    const { db } = database;
    const { transaction, rollBack } = await openTransaction(db, (tx) => tx.$executeRaw`UPDATE "User" SET "updatedAt" = ${new Date()} WHERE "id" = ${"nobody"}`);
    const first = consumeOnce(db, "proof-during-rollback", expiresAt, { redisUrl: undefined });
    rollBack();
    await expect(transaction).rejects.toBeInstanceOf(RolledBack);
    expect(await first).toBe(true);
    expect(await consumeOnce(db, "proof-during-rollback", expiresAt, { redisUrl: undefined })).toBe(false);
  });

  it("statements from many requests and transactions in turn all land", async () => {
    const { db } = database;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 0
          ? db.$transaction(async (tx) => {
              await tx.usedTelegramPayload.create({ data: { proof: `turns-tx-${i}`, expiresAt } });
            })
          : db.usedTelegramPayload.create({ data: { proof: `turns-${i}`, expiresAt } }),
      ),
    );
    expect(await db.usedTelegramPayload.count({ where: { proof: { startsWith: "turns-" } } })).toBe(40);
  });

  it("a transaction that uses db instead of its tx waits for itself until its timeout", async () => {
    const { db } = database;
    const stuck = db.$transaction(
      async () => {
        await db.usedTelegramPayload.create({ data: { proof: "stuck", expiresAt } });
      },
      { timeout: 300 },
    );
    await expect(stuck).rejects.toThrow(/Transaction|timeout|expired/i);
    // The queue moves on: the waiting write lands after the rollback.
    await expect.poll(() => db.usedTelegramPayload.count({ where: { proof: "stuck" } })).toBe(1);
  });

  /** Resolves with `promise`, or fails when it is still waiting after 5 s (a stuck queue). */
  const soon = <T>(promise: Promise<T>) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("still waiting after 5 s: the queue is stuck")), 5_000))]);

  it("a COMMIT that fails (a deferred foreign key) closes the transaction: nothing of it stays, and every statement after it runs", async () => {
    const { db } = database;
    const failing = db.$transaction(async (tx) => {
      await tx.$executeRaw`PRAGMA defer_foreign_keys = ON`;
      await tx.$executeRaw`INSERT INTO "RecoveryCode" ("id", "userId", "hash", "createdAt") VALUES (${"orphan"}, ${"no-such-user"}, ${"h"}, ${new Date()})`;
    });
    await expect(failing).rejects.toThrow(/FOREIGN KEY|ForeignKey/i);
    expect(await soon(db.recoveryCode.count({ where: { id: "orphan" } }))).toBe(0);
    await soon(db.$transaction(async (tx) => tx.usedTelegramPayload.create({ data: { proof: "after-failed-commit", expiresAt } })));
    expect(await soon(db.usedTelegramPayload.count({ where: { proof: "after-failed-commit" } }))).toBe(1);
  });

  it("a transaction SQLite rolled back by itself (INSERT OR ROLLBACK) is closed too, and the next ones run", async () => {
    const { db } = database;
    await db.lease.create({ data: { name: "taken", holder: "a", expiresAt } });
    const failing = db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT OR ROLLBACK INTO "Lease" ("name", "holder", "expiresAt") VALUES (${"taken"}, ${"b"}, ${expiresAt})`;
    });
    await expect(failing).rejects.toThrow();
    await soon(db.$transaction(async (tx) => tx.lease.create({ data: { name: "after-self-rollback", holder: "c", expiresAt } })));
    expect(await soon(db.lease.count({ where: { name: { in: ["taken", "after-self-rollback"] } } }))).toBe(2);
  });

  it("a turn held too long is reported", async () => {
    const reported: number[] = [];
    const { VkhodSQLite3 } = await import("./sqlite-adapter");
    const { PrismaClient } = await import("@prisma/client");
    const watched = new PrismaClient({ adapter: new VkhodSQLite3({ url: database.url }, { onLongTurn: (heldMs) => reported.push(heldMs), longTurnMs: 100 }) });
    try {
      await watched.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1`;
        await new Promise((resolve) => setTimeout(resolve, 250));
      });
      expect(reported).toHaveLength(1);
      expect(reported[0]).toBeGreaterThanOrEqual(100);
    } finally {
      await watched.$disconnect();
    }
  });
});
