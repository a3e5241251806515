// The adapter against a real SQLite file: a new user and its first account are one
// write, and no provider token reaches the database.
import type { AdapterAccount } from "next-auth/adapters";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { createAdapter } from "./adapter";
import { authRequestContext } from "./request-context";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const account = (userId: string, providerAccountId: string): AdapterAccount => ({
  userId,
  type: "oidc",
  provider: "google",
  providerAccountId,
  access_token: "ya29.secret",
  refresh_token: "1//secret",
  id_token: "eyJ.secret",
  token_type: "bearer",
  expires_at: 1,
  scope: "openid",
});

/** Auth.js's order for a new user: createUser, then linkAccount, in one request. */
function signUp(providerAccountId: string, email: string | null) {
  const adapter = createAdapter(database.db);
  return authRequestContext.run({}, async () => {
    const user = await adapter.createUser!({ id: providerAccountId, name: "Test Person", email: email!, emailVerified: null });
    await adapter.linkAccount!(account(user.id, providerAccountId));
    return user;
  });
}

describe("createAdapter", () => {
  it("writes a new user and its first account together, without tokens", async () => {
    const user = await signUp("sub-1", "one@example.com");
    const row = await database.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { accounts: true } });
    expect(row.email).toBe("one@example.com");
    expect(row.accounts).toHaveLength(1);
    expect(Object.keys(row.accounts[0]!).sort()).toEqual(["createdAt", "id", "provider", "providerAccountId", "type", "userId"]);
  });

  it("allows a user with no email", async () => {
    const user = await signUp("sub-2", null);
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBeNull();
  });

  it("leaves no user behind when writing the account fails", async () => {
    const users = await database.db.user.count();
    // The same Google account again: the database's unique index refuses it.
    await expect(signUp("sub-1", "someone-else@example.com")).rejects.toThrow();
    expect(await database.db.user.count()).toBe(users);
    expect(await database.db.user.findUnique({ where: { email: "someone-else@example.com" } })).toBeNull();
  });

  it("links a further account to an existing user", async () => {
    const user = await signUp("sub-3", "three@example.com");
    await createAdapter(database.db).linkAccount!({ ...account(user.id, "other-sub"), provider: "yandex" });
    expect(await database.db.account.count({ where: { userId: user.id } })).toBe(2);
  });
});
