// Passkeys in the database, on a real SQLite file: a passkey is a way in (the last one
// stays, also when two removals race, and an unlink may leave only a passkey; removed,
// its sessions elsewhere end), its
// counter counts one use once, and the last second factor going turns "ask after every
// sign-in" off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unlinkAccount } from "@/lib/account/unlink";
import { createTestDatabase } from "@/lib/testing/database";
import { addPasskey, findPasskey, MAX_PASSKEYS, recordPasskeyUse, removePasskey, renamePasskey } from "./store";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

let n = 0;
const passkey = (userId: string) => ({ id: `credential-${++n}`, userId, publicKey: new Uint8Array([1, 2, 3, n]), counter: 0, transports: ["internal", "hybrid"], deviceType: "multiDevice", backedUp: true, name: `Key ${n}` });

async function newUser(withAccount = false) {
  const { db } = database;
  const user = await db.user.create({ data: { name: "Passkey Person" } });
  if (withAccount) await db.account.create({ data: { userId: user.id, type: "oidc", provider: "telegram", providerAccountId: `tg-${user.id}` } });
  return user.id;
}

describe("passkeys", () => {
  it("are stored with their key and transports, found by credential id, renamed only by their owner", async () => {
    const { db } = database;
    const userId = await newUser(true);
    const key = passkey(userId);
    expect(await addPasskey(db, key)).toBe(true);
    expect(await addPasskey(db, key)).toBe(false);
    const found = (await findPasskey(db, key.id))!;
    expect([...found.publicKey]).toEqual([...key.publicKey]);
    expect(found.transports).toEqual(["internal", "hybrid"]);
    const other = await newUser(true);
    expect(await renamePasskey(db, other, key.id, "Mine now")).toBe(false);
    expect(await renamePasskey(db, userId, key.id, "Laptop")).toBe(true);
  });

  it("stop at MAX_PASSKEYS", async () => {
    const { db } = database;
    const userId = await newUser(true);
    for (let i = 0; i < MAX_PASSKEYS; i++) expect(await addPasskey(db, passkey(userId))).toBe(true);
    expect(await addPasskey(db, passkey(userId))).toBe(false);
  });

  it("count a use once: two answers with one counter value move it once", async () => {
    const { db } = database;
    const userId = await newUser(true);
    const key = passkey(userId);
    await addPasskey(db, key);
    const results = await Promise.all([recordPasskeyUse(db, key.id, 0, 1), recordPasskeyUse(db, key.id, 0, 1)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await findPasskey(db, key.id))!.lastUsedAt).not.toBeNull();
  });

  it("are a way in: an unlink may leave only a passkey, and the last way in cannot be removed, also by two removals at once", async () => {
    const { db } = database;
    const userId = await newUser(true);
    const [first, second] = [passkey(userId), passkey(userId)];
    await addPasskey(db, first);
    await addPasskey(db, second);
    const session = await db.loginSession.create({ data: { userId, provider: "telegram", expiresAt: new Date(Date.now() + 3600_000) } });
    const account = (await db.account.findFirstOrThrow({ where: { userId } })).id;
    expect(await unlinkAccount(db, { userId, accountId: account, keepSessionId: session.id })).toMatchObject({ ok: true });
    const results = await Promise.all([removePasskey(db, userId, first.id), removePasskey(db, userId, second.id)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "last-method" }]);
    expect(await db.passkey.count({ where: { userId } })).toBe(1);
    expect(await removePasskey(db, userId, "no-such-passkey")).toEqual({ ok: false, reason: "not-found" });
  });

  it("removed, end the sessions that signed in with them, but this browser's", async () => {
    const { db } = database;
    const userId = await newUser(true);
    const [planted, kept] = [passkey(userId), passkey(userId)];
    await addPasskey(db, planted);
    await addPasskey(db, kept);
    const expiresAt = new Date(Date.now() + 3600_000);
    const [theirs, mine, other] = await Promise.all([
      db.loginSession.create({ data: { userId, provider: "passkey", passkeyId: planted.id, expiresAt } }),
      db.loginSession.create({ data: { userId, provider: "passkey", passkeyId: planted.id, expiresAt } }),
      db.loginSession.create({ data: { userId, provider: "passkey", passkeyId: kept.id, expiresAt } }),
    ]);
    expect(await removePasskey(db, userId, planted.id, mine.id)).toMatchObject({ ok: true, endedSessions: 1 });
    const revoked = async (id: string) => Boolean((await db.loginSession.findUniqueOrThrow({ where: { id } })).revokedAt);
    expect([await revoked(theirs.id), await revoked(mine.id), await revoked(other.id)]).toEqual([true, false, false]);
  });

  it("the last second factor going turns 'ask after every sign-in' off", async () => {
    const { db } = database;
    const userId = await newUser(true);
    const key = passkey(userId);
    await addPasskey(db, key);
    await db.user.update({ where: { id: userId }, data: { secondFactorOnSignIn: true } });
    expect(await removePasskey(db, userId, key.id)).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).secondFactorOnSignIn).toBe(false);
  });
});
