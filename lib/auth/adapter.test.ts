// The adapter against a real SQLite file: it finds accounts under their identity's
// provider, and never writes users or accounts (lib/account/identities.ts does).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { createAdapter } from "./adapter";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

describe("createAdapter", () => {
  it("finds a VK account whichever VK way in asks", async () => {
    const user = await database.db.user.create({
      data: { name: "Vera", email: "vera@example.com", accounts: { create: { type: "oauth", provider: "vk", providerAccountId: "42" } } },
    });
    const adapter = createAdapter(database.db);
    expect((await adapter.getUserByAccount!({ provider: "vkid", providerAccountId: "42" }))?.id).toBe(user.id);
    expect((await adapter.getUserByAccount!({ provider: "vk", providerAccountId: "42" }))?.id).toBe(user.id);
  });

  it("never matches by email and never writes a user or an account", async () => {
    const adapter = createAdapter(database.db);
    const users = await database.db.user.count();
    expect(await adapter.getUserByEmail!("vera@example.com")).toBeNull();
    await expect(adapter.createUser!({ id: "x", email: "new@example.com", emailVerified: null })).rejects.toThrow(/lib\/account\/identities/);
    await expect(adapter.linkAccount!({ userId: "x", type: "oauth", provider: "google", providerAccountId: "1" })).rejects.toThrow();
    expect(await database.db.user.count()).toBe(users);
  });
});
