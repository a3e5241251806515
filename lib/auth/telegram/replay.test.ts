// Single use against a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { consumeOnce } from "./replay";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

describe("consumeOnce", () => {
  it("accepts a proof once and refuses it after, even concurrently", async () => {
    const later = new Date(Date.now() + 60_000);
    expect(await consumeOnce(database.db, "proof-a", later)).toBe(true);
    expect(await consumeOnce(database.db, "proof-a", later)).toBe(false);
    const racing = await Promise.all([1, 2, 3, 4].map(() => consumeOnce(database.db, "proof-b", later)));
    expect(racing.filter(Boolean)).toHaveLength(1);
  });

  it("forgets proofs whose payload can no longer be used", async () => {
    await consumeOnce(database.db, "proof-old", new Date(Date.now() - 1000));
    await consumeOnce(database.db, "proof-new", new Date(Date.now() + 60_000));
    expect(await database.db.usedTelegramPayload.findUnique({ where: { proof: "proof-old" } })).toBeNull();
    expect(await database.db.usedTelegramPayload.findUnique({ where: { proof: "proof-new" } })).not.toBeNull();
  });
});
