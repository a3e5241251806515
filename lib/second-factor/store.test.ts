// The second factor on a real SQLite file, with a fixed clock: setup, the first code,
// each code once (also when two arrive together), the secret sealed at rest, recovery
// codes used once and replaced together.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { newRecoveryCodes } from "./recovery-codes";
import { beginTotpSetup, checkTotp, checkTotpCode, confirmTotp, spendAnyRecoveryCode, unspendRecoveryCode, pendingTotpSecret, removeTotp, replaceRecoveryCodes, secondFactors, spendRecoveryCode } from "./store";
import { totpCode, totpStep } from "./totp";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const keys = { secret: "a-test-auth-secret-of-at-least-32-characters" };
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, 0) + seconds * 1000);
const code = (secret: string, seconds: number) => totpCode(secret, totpStep(at(seconds).getTime()));

async function newUser() {
  const { db } = database;
  return (await db.user.create({ data: { name: "Second Factor" } })).id;
}

describe("the authenticator app", () => {
  it("tells a reused code (this step or an earlier one) from a wrong one", async () => {
    const { db } = database;
    const userId = await newUser();
    const secret = (await beginTotpSetup(db, userId, keys))!;
    await confirmTotp(db, userId, code(secret, 30), at(30), keys);
    expect(await checkTotpCode(db, userId, code(secret, 30), at(31), keys)).toBe("used");
    expect(await checkTotpCode(db, userId, code(secret, 0), at(31), keys)).toBe("used");
    expect(await checkTotpCode(db, userId, code(secret, 300), at(31), keys)).toBe("wrong");
    expect(await checkTotpCode(db, userId, code(secret, 60), at(61), keys)).toBe("accepted");
  });

  it("counts once its first code is typed; each code works once; the secret is sealed at rest", async () => {
    const { db } = database;
    const userId = await newUser();
    const secret = (await beginTotpSetup(db, userId, keys))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await secondFactors(db, userId)).toMatchObject({ totp: false, recoveryCodesLeft: 0 });
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId } });
    expect(row.secret).not.toContain(secret);
    expect(await pendingTotpSecret(db, userId, keys)).toBe(secret);

    // Not in force yet: a code checks nothing; a wrong first code confirms nothing.
    expect(await checkTotp(db, userId, code(secret, 0), at(0), keys)).toBe(false);
    expect(await confirmTotp(db, userId, "000000", at(0), keys)).toBe(false);
    expect(await confirmTotp(db, userId, code(secret, 0), at(0), keys)).toBe(true);
    expect(await secondFactors(db, userId)).toMatchObject({ totp: true, recoveryCodesLeft: 0 });
    expect(await pendingTotpSecret(db, userId, keys)).toBeNull();

    // The code that confirmed it is spent; the next step's works, once; a step back does not.
    expect(await checkTotp(db, userId, code(secret, 0), at(5), keys)).toBe(false);
    expect(await checkTotp(db, userId, code(secret, 30), at(31), keys)).toBe(true);
    expect(await checkTotp(db, userId, code(secret, 30), at(32), keys)).toBe(false);
    expect(await checkTotp(db, userId, code(secret, 0), at(40), keys)).toBe(false);
    // One step late still counts; two do not.
    expect(await checkTotp(db, userId, code(secret, 60), at(95), keys)).toBe(true);
    expect(await checkTotp(db, userId, code(secret, 120), at(185), keys)).toBe(false);
  });

  it("accepts a code once when two requests bring it together", async () => {
    const { db } = database;
    const userId = await newUser();
    const secret = (await beginTotpSetup(db, userId, keys))!;
    await confirmTotp(db, userId, code(secret, 0), at(0), keys);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkTotp(db, userId, code(secret, 30), at(30), keys)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("a confirmed app is not replaced by a new setup; removed, a new one can be set up", async () => {
    const { db } = database;
    const userId = await newUser();
    const first = (await beginTotpSetup(db, userId, keys))!;
    expect(await beginTotpSetup(db, userId, keys)).not.toBe(first); // unconfirmed: replaced
    const second = (await pendingTotpSecret(db, userId, keys))!;
    await confirmTotp(db, userId, code(second, 0), at(0), keys);
    expect(await beginTotpSetup(db, userId, keys)).toBeNull();
    expect(await checkTotp(db, userId, code(second, 30), at(30), keys)).toBe(true);
    await removeTotp(db, userId);
    expect(await secondFactors(db, userId)).toMatchObject({ totp: false });
    expect(await beginTotpSetup(db, userId, keys)).toMatch(/^[A-Z2-7]{32}$/);
  });

  it("a secret sealed under another AUTH_SECRET, or copied from another user, opens nothing", async () => {
    const { db } = database;
    const [anna, mallory] = [await newUser(), await newUser()];
    const secret = (await beginTotpSetup(db, anna, keys))!;
    expect(await confirmTotp(db, anna, code(secret, 0), at(0), { secret: "another-auth-secret-of-at-least-32-characters" })).toBe(false);
    await beginTotpSetup(db, mallory, keys);
    const sealed = (await db.totpFactor.findUniqueOrThrow({ where: { userId: anna } })).secret;
    await db.totpFactor.update({ where: { userId: mallory }, data: { secret: sealed } });
    expect(await confirmTotp(db, mallory, code(secret, 0), at(0), keys)).toBe(false);
  });
});

describe("recovery codes", () => {
  it("ten, stored hashed, each used once, however typed; replaced together", async () => {
    const { db } = database;
    const userId = await newUser();
    const codes = await replaceRecoveryCodes(db, userId, keys);
    expect(codes).toHaveLength(10);
    const stored = await db.recoveryCode.findMany({ where: { userId } });
    expect(stored).toHaveLength(10);
    for (const row of stored) for (const shown of codes) expect(row.hash).not.toContain(shown.replace("-", ""));

    expect(await spendRecoveryCode(db, userId, codes[0]!.toUpperCase(), at(0), keys)).toBe(true);
    expect(await spendRecoveryCode(db, userId, codes[0]!, at(1), keys)).toBe(false);
    expect(await spendRecoveryCode(db, userId, newRecoveryCodes()[0]!, at(1), keys)).toBe(false);
    expect(await spendRecoveryCode(db, userId, "not a code", at(1), keys)).toBe(false);
    expect(await secondFactors(db, userId)).toMatchObject({ recoveryCodesLeft: 9 });

    // Another user's code is not this user's.
    const other = await newUser();
    expect(await spendRecoveryCode(db, other, codes[1]!, at(2), keys)).toBe(false);

    const fresh = await replaceRecoveryCodes(db, userId, keys);
    expect(await spendRecoveryCode(db, userId, codes[1]!, at(3), keys)).toBe(false);
    expect(await spendRecoveryCode(db, userId, fresh[1]!, at(3), keys)).toBe(true);
    expect(await secondFactors(db, userId)).toMatchObject({ recoveryCodesLeft: 9 });
  });

  it("a code raced by two requests is accepted once", async () => {
    const { db } = database;
    const userId = await newUser();
    const [code] = await replaceRecoveryCodes(db, userId, keys);
    const results = await Promise.all(Array.from({ length: 5 }, () => spendRecoveryCode(db, userId, code!, at(0), keys)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("signing in with a recovery code alone", () => {
  it("finds the code's owner among all users, once; a code given back works again", async () => {
    const { db } = database;
    const [anna, boris] = [await newUser(), await newUser()];
    const annaCodes = await replaceRecoveryCodes(db, anna, keys);
    await replaceRecoveryCodes(db, boris, keys);
    const spent = await spendAnyRecoveryCode(db, annaCodes[2]!, at(0), keys);
    expect(spent?.userId).toBe(anna);
    expect(await spendAnyRecoveryCode(db, annaCodes[2]!, at(1), keys)).toBeNull();
    expect(await spendAnyRecoveryCode(db, "aaaaa-aaaaa", at(1), keys)).toBeNull();
    // The sign-in failed on our side after the code was spent: it is given back.
    await unspendRecoveryCode(db, spent!.hash, at(0));
    expect((await spendAnyRecoveryCode(db, annaCodes[2]!, at(2), keys))?.userId).toBe(anna);
    const twice = await Promise.all([spendAnyRecoveryCode(db, annaCodes[5]!, at(3), keys), spendAnyRecoveryCode(db, annaCodes[5]!, at(3), keys)]);
    expect(twice.filter(Boolean)).toHaveLength(1);
  });
});
