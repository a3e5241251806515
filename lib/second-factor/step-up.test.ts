// Step-up on a real SQLite file with a fixed clock: what a session must do before a
// critical action, with and without a second factor, and when the pass runs out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { hasSecondFactor, isPendingSecondFactor, stepUpFor, stepUpUrl } from "./step-up";
import { beginTotpSetup, confirmTotp, removeTotp, setSecondFactorOnSignIn } from "./store";
import { totpCode, totpStep } from "./totp";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const keys = { secret: "a-test-auth-secret-of-at-least-32-characters" };
const now = new Date(Date.UTC(2026, 11, 3, 12, 0, 0));
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

async function userWithTotp() {
  const { db } = database;
  const userId = (await db.user.create({ data: { name: "Step Up" } })).id;
  const secret = (await beginTotpSetup(db, userId, keys))!;
  expect(await confirmTotp(db, userId, totpCode(secret, totpStep(now.getTime())), now, keys)).toBe(true);
  return userId;
}

describe("stepUpFor", () => {
  it("without a second factor: a recent sign-in for the actions that need one, nothing for the rest", async () => {
    const { db } = database;
    const userId = (await db.user.create({ data: { name: "No Factor" } })).id;
    expect(await hasSecondFactor(userId, db)).toBe(false);
    const fresh = { userId, authenticatedAt: minutesAgo(1), secondFactorAt: null };
    const stale = { userId, authenticatedAt: minutesAgo(11), secondFactorAt: null };
    expect(await stepUpFor(fresh, "recent-sign-in", db, now)).toBeNull();
    expect(await stepUpFor(stale, "recent-sign-in", db, now)).toBe("reauth");
    expect(await stepUpFor(stale, "second-factor", db, now)).toBeNull();
  });

  it("with a second factor: its pass within AUTH_REAUTH_MAX_AGE, whatever the sign-in", async () => {
    const { db } = database;
    const userId = await userWithTotp();
    expect(await hasSecondFactor(userId, db)).toBe(true);
    // A sign-in a second ago is not the second factor.
    for (const guard of ["recent-sign-in", "second-factor"] as const) {
      expect(await stepUpFor({ userId, authenticatedAt: now, secondFactorAt: null }, guard, db, now)).toBe("second-factor");
      expect(await stepUpFor({ userId, authenticatedAt: minutesAgo(60), secondFactorAt: minutesAgo(9) }, guard, db, now)).toBeNull();
      expect(await stepUpFor({ userId, authenticatedAt: now, secondFactorAt: minutesAgo(11) }, guard, db, now)).toBe("second-factor");
    }
    // The app removed: back to the plain rule.
    await removeTotp(db, userId);
    expect(await stepUpFor({ userId, authenticatedAt: now, secondFactorAt: null }, "recent-sign-in", db, now)).toBeNull();
  });

  it("a passkey is a second factor too", async () => {
    const { db } = database;
    const userId = (await db.user.create({ data: { name: "Passkey Only" } })).id;
    await db.passkey.create({ data: { id: `cred-${userId}`, userId, publicKey: "AA", deviceType: "singleDevice", name: "Key" } });
    expect(await stepUpFor({ userId, authenticatedAt: now, secondFactorAt: null }, "second-factor", db, now)).toBe("second-factor");
  });

  it("sends each step to its page, with the way back", () => {
    expect(stepUpUrl("reauth", "/account/data")).toBe("/account/confirm?returnTo=%2Faccount%2Fdata");
    expect(stepUpUrl("second-factor", "/account")).toBe("/login/verify?returnTo=%2Faccount");
  });
});

describe("ask after every sign-in", () => {
  it("goes on only with a second factor, and off with the last one", async () => {
    const { db } = database;
    const bare = (await db.user.create({ data: { name: "Bare" } })).id;
    expect(await setSecondFactorOnSignIn(db, bare, true)).toBe(false);
    const userId = await userWithTotp();
    expect(await setSecondFactorOnSignIn(db, userId, true)).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(isPendingSecondFactor({ secondFactorAt: null, user })).toBe(true);
    expect(isPendingSecondFactor({ secondFactorAt: now, user })).toBe(false);
    await removeTotp(db, userId);
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).secondFactorOnSignIn).toBe(false);
  });
});
