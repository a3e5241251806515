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
    await expect(stuck).rejects.toThrow();
    // The queue moves on: the waiting write lands after the rollback.
    await expect.poll(() => db.usedTelegramPayload.count({ where: { proof: "stuck" } })).toBe(1);
    expect(await db.usedTelegramPayload.count()).toBeGreaterThan(0);
  });
});
