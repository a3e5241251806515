// Merging two accounts on a real SQLite file: the offer is this browser's and this
// session's, once; conflicts are the person's choice; the other account's second factor
// must have been passed; everything moves in one transaction, both logs keep an entry,
// and the other account with its sessions is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretJar } from "@/lib/security/cookies";
import { createTestDatabase } from "@/lib/testing/database";
import { markOtherFactorPassed, mergeAccounts, mergePlan, readMergeOffer, startMergeOffer } from "./merge";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const client = { ip: "203.0.113.5", userAgent: "test" };
function jar(): SecretJar {
  let value: string | undefined;
  return { get: async () => value, set: async (secret) => void (value = secret), clear: async () => void (value = undefined) };
}

let n = 0;
async function user(providers: string[], name: string) {
  const { db } = database;
  const created = await db.user.create({ data: { name } });
  for (const [i, provider] of providers.entries()) {
    const account = await db.account.create({ data: { userId: created.id, type: "oidc", provider, providerAccountId: `${provider}-${++n}`, name: `${name} at ${provider}` } });
    // The first account gives the name and picture.
    if (i === 0) await db.user.update({ where: { id: created.id }, data: { profileAccountId: account.id } });
  }
  const session = await db.loginSession.create({ data: { userId: created.id, provider: providers[0]!, expiresAt: new Date(Date.now() + 3600_000) } });
  return { id: created.id, session: session.id };
}

async function offerFor(mine: { id: string; session: string }, other: { id: string }, browser = jar()) {
  const { db } = database;
  const proved = await db.account.findFirstOrThrow({ where: { userId: other.id, provider: "telegram" } });
  await startMergeOffer(db, { sessionId: mine.session, userId: mine.id, otherUserId: other.id, provider: "telegram", providerAccountId: proved.providerAccountId }, browser);
  return { browser, offer: (await readMergeOffer(db, mine.session, browser))! };
}

describe("merging accounts", () => {
  it("moves the other account's methods, passkeys and log here, ends its sessions, and logs on both sides", async () => {
    const { db } = database;
    const mine = await user(["google"], "Mine");
    const other = await user(["telegram"], "Theirs");
    await db.passkey.create({ data: { id: `cred-${other.id}`, userId: other.id, publicKey: "AA", deviceType: "multiDevice", name: "Phone" } });
    await db.securityEvent.create({ data: { id: `ev-${other.id}`, userId: other.id, type: "sign-in", provider: "telegram" } });
    const { offer, browser } = await offerFor(mine, other);
    // Another session of this account has no offer.
    expect(await readMergeOffer(db, "another-session", browser)).toBeNull();
    // The other account has a passkey, so its second factor is asked first.
    expect((await mergePlan(db, offer))!.otherFactorNeeded).toBe(true);
    expect(await mergeAccounts(db, offer, { keep: {}, profile: "theirs" }, client)).toEqual({ ok: false, reason: "merge-factor" });
    await markOtherFactorPassed(db, offer.id);
    const passed = (await readMergeOffer(db, mine.session, browser))!;
    const result = await mergeAccounts(db, passed, { keep: {}, profile: "theirs" }, client);
    expect(result).toMatchObject({ ok: true, moved: { accounts: 1, passkeys: 1, endedSessions: 1 } });
    expect(await db.user.count({ where: { id: other.id } })).toBe(0);
    expect(await db.loginSession.count({ where: { userId: other.id } })).toBe(0);
    expect(await db.account.count({ where: { userId: mine.id } })).toBe(2);
    expect(await db.passkey.count({ where: { userId: mine.id } })).toBe(1);
    const types = (await db.securityEvent.findMany({ where: { userId: mine.id } })).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["sign-in", "merged", "merged-away"]));
    expect((await db.user.findUniqueOrThrow({ where: { id: mine.id } })).name).toBe("Theirs");
    // Once.
    expect(await mergeAccounts(db, passed, { keep: {}, profile: "mine" }, client)).toEqual({ ok: false, reason: "merge-expired" });
  });

  it("leaves each conflict to the person: unresolved, nothing moves; resolved, the chosen one stays", async () => {
    const { db } = database;
    const mine = await user(["google", "yandex"], "Mine");
    const other = await user(["telegram", "yandex"], "Theirs");
    const { offer } = await offerFor(mine, other);
    expect((await mergePlan(db, offer))!.conflicts).toEqual(["yandex"]);
    expect(await mergeAccounts(db, offer, { keep: {}, profile: "mine" }, client)).toEqual({ ok: false, reason: "merge-unresolved" });
    expect(await db.user.count({ where: { id: other.id } })).toBe(1);
    const theirYandex = (await db.account.findFirstOrThrow({ where: { userId: other.id, provider: "yandex" } })).id;
    expect(await mergeAccounts(db, offer, { keep: { yandex: "theirs" }, profile: "mine" }, client)).toMatchObject({ ok: true });
    const yandex = await db.account.findMany({ where: { userId: mine.id, provider: "yandex" } });
    expect(yandex.map((account) => account.id)).toEqual([theirYandex]);
    expect((await db.user.findUniqueOrThrow({ where: { id: mine.id } })).name).toBe("Mine");
  });

  it("an offer runs out with the re-authentication window", async () => {
    const { db } = database;
    const mine = await user(["google"], "Mine");
    const other = await user(["telegram"], "Theirs");
    const browser = jar();
    await startMergeOffer(db, { sessionId: mine.session, userId: mine.id, otherUserId: other.id, provider: "telegram", providerAccountId: "x" }, browser, new Date(Date.now() - 11 * 60_000));
    expect(await readMergeOffer(db, mine.session, browser)).toBeNull();
  });

  it("proves nothing once the proved identity is no longer the other account's", async () => {
    const { db } = database;
    const mine = await user(["google"], "Mine");
    const other = await user(["telegram", "yandex"], "Theirs");
    const { offer } = await offerFor(mine, other);
    await db.account.deleteMany({ where: { userId: other.id, provider: "telegram" } });
    expect(await mergeAccounts(db, offer, { keep: {}, profile: "mine" }, client)).toEqual({ ok: false, reason: "merge-expired" });
    expect(await db.user.count({ where: { id: other.id } })).toBe(1);
  });
});
