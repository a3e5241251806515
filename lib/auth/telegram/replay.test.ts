// Single use against real stores: a SQLite file (the default) and a throwaway Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { redisInstalled, startRedis, type RedisServer } from "../../../scripts/lib/redis.mjs";
import { pruneExpired } from "@/lib/retention";
import { consumeOnce, forgetOnce, OneTimeStoreDown } from "./replay";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const inDatabase = (proof: string) => database.db.usedTelegramPayload.findUnique({ where: { proof } });
const later = () => new Date(Date.now() + 60_000);

describe("consumeOnce in the database", () => {
  const store = { redisUrl: undefined };
  it("accepts a proof once and refuses it after, even concurrently", async () => {
    expect(await consumeOnce(database.db, "proof-a", later(), store)).toBe(true);
    expect(await consumeOnce(database.db, "proof-a", later(), store)).toBe(false);
    const racing = await Promise.all([1, 2, 3, 4].map(() => consumeOnce(database.db, "proof-b", later(), store)));
    expect(racing.filter(Boolean)).toHaveLength(1);
  });

  it("forgets a proof it is told to; the retention job, not each use, deletes those past their time", async () => {
    await consumeOnce(database.db, "proof-old", new Date(Date.now() - 1000), store);
    await consumeOnce(database.db, "proof-new", later(), store);
    expect(await inDatabase("proof-old")).not.toBeNull();
    expect((await pruneExpired(database.db)).usedPayloads).toBeGreaterThanOrEqual(1);
    expect(await inDatabase("proof-old")).toBeNull();
    expect(await inDatabase("proof-new")).not.toBeNull();
    await forgetOnce(database.db, "proof-new", store);
    expect(await consumeOnce(database.db, "proof-new", later(), store)).toBe(true);
  });
});

describe.skipIf(!redisInstalled)(`consumeOnce in Redis (REDIS_URL)${redisInstalled ? "" : " (skipped: redis-server is not installed)"}`, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it("accepts a proof once, even concurrently, and writes nothing to the database", async () => {
    const store = { redisUrl: redis.url };
    const racing = await Promise.all(Array.from({ length: 8 }, () => consumeOnce(database.db, "redis-a", later(), store)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await consumeOnce(database.db, "redis-a", later(), store)).toBe(false);
    expect(await inDatabase("redis-a")).toBeNull();
    await forgetOnce(database.db, "redis-a", store);
    expect(await consumeOnce(database.db, "redis-a", later(), store)).toBe(true);
  });

  it("lets a proof go when its time is up", async () => {
    const store = { redisUrl: redis.url };
    expect(await consumeOnce(database.db, "redis-short", new Date(Date.now() + 150), store)).toBe(true);
    expect(await consumeOnce(database.db, "redis-short", new Date(Date.now() + 150), store)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await consumeOnce(database.db, "redis-short", later(), store)).toBe(true);
  });

  it("while Redis does not answer: a sign-in's proof is refused as unavailable (never judged by the database, which has not seen it), other work goes to the database, still once", async () => {
    const store = { redisUrl: redis.url };
    expect(await consumeOnce(database.db, "used-in-redis", later(), { ...store, strict: true })).toBe(true);
    redis.process.kill("SIGSTOP");
    try {
      const started = Date.now();
      await expect(consumeOnce(database.db, "used-in-redis", later(), { ...store, strict: true })).rejects.toBeInstanceOf(OneTimeStoreDown);
      await expect(consumeOnce(database.db, "new-while-down", later(), { ...store, strict: true })).rejects.toBeInstanceOf(OneTimeStoreDown);
      expect(await inDatabase("new-while-down")).toBeNull();
      expect(await consumeOnce(database.db, "update-while-down", later(), store)).toBe(true);
      expect(await consumeOnce(database.db, "update-while-down", later(), store)).toBe(false);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(await inDatabase("update-while-down")).not.toBeNull();
    } finally {
      redis.process.kill("SIGCONT");
    }
    // Back: the proof used before is still refused.
    expect(await consumeOnce(database.db, "used-in-redis", later(), { ...store, strict: true })).toBe(false);
  });
});
