// The bot login's states against a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { answerBotLogin, askBotLogin, claimBotLogin, botLoginStatus, createBotLogin } from "./bot-login-requests";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const anna = { id: 1001, first_name: "Anna" };
const mallory = { id: 2002, first_name: "Mallory" };
const asker = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36", site: "vkhod.example" };

describe("bot login", () => {
  it("goes pending, asked, confirmed by the button, used, for the browser that started it only", async () => {
    const { db } = database;
    const { payload, browserKey } = await createBotLogin(db, 300, asker);
    expect(payload).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await botLoginStatus(db, payload, browserKey)).toEqual({ status: "pending" });
    const asked = await askBotLogin(db, payload, anna);
    expect(asked).toMatchObject({ kind: "asked", request: { ip: asker.ip, userAgent: asker.userAgent, site: asker.site } });
    // Start alone confirms nothing.
    expect(await botLoginStatus(db, payload, browserKey)).toEqual({ status: "pending" });
    expect(await answerBotLogin(db, payload, anna.id, true)).toBe("confirmed");
    expect(await botLoginStatus(db, payload, "another-browser")).toEqual({ status: "foreign" });
    expect(await claimBotLogin(db, payload, "another-browser")).toEqual({ status: "foreign" });
    expect(await claimBotLogin(db, payload, browserKey)).toEqual({ status: "confirmed", user: anna });
    expect(await claimBotLogin(db, payload, browserKey)).toEqual({ status: "used" });
    expect(await askBotLogin(db, payload, anna)).toEqual({ kind: "used" });
    expect(await answerBotLogin(db, payload, anna.id, true)).toBe("used");
  });

  it("lets only the person who pressed Start answer, and No ends it for the waiting browser", async () => {
    const { db } = database;
    const { payload, browserKey } = await createBotLogin(db, 300, asker);
    expect(await answerBotLogin(db, payload, anna.id, true)).toBe("unknown");
    await askBotLogin(db, payload, anna);
    expect(await askBotLogin(db, payload, mallory)).toEqual({ kind: "taken" });
    expect(await askBotLogin(db, payload, anna)).toMatchObject({ kind: "asked" });
    expect(await answerBotLogin(db, payload, mallory.id, true)).toBe("foreign");
    expect(await answerBotLogin(db, payload, anna.id, false)).toBe("denied");
    expect(await botLoginStatus(db, payload, browserKey)).toEqual({ status: "denied" });
    expect(await claimBotLogin(db, payload, browserKey)).toEqual({ status: "denied" });
    expect(await answerBotLogin(db, payload, anna.id, true)).toBe("used");
  });

  it("refuses an unknown payload and an expired one", async () => {
    const { db } = database;
    expect(await askBotLogin(db, "no-such-payload", anna)).toEqual({ kind: "unknown" });
    const late = await createBotLogin(db, 300, asker);
    const inSixMinutes = new Date(Date.now() + 6 * 60_000);
    expect(await askBotLogin(db, late.payload, anna, inSixMinutes)).toEqual({ kind: "expired" });
    const asked = await createBotLogin(db, 300, asker);
    await askBotLogin(db, asked.payload, anna);
    expect(await answerBotLogin(db, asked.payload, anna.id, true, inSixMinutes)).toBe("expired");
    expect(await botLoginStatus(db, asked.payload, asked.browserKey, inSixMinutes)).toEqual({ status: "expired" });
  });

  it("lets only one of two racing claims or answers through", async () => {
    const { db } = database;
    const { payload, browserKey } = await createBotLogin(db, 300, asker);
    await askBotLogin(db, payload, anna);
    const answers = await Promise.all([1, 2, 3].map(() => answerBotLogin(db, payload, anna.id, true)));
    expect(answers.filter((a) => a === "confirmed")).toHaveLength(1);
    const claims = await Promise.all([1, 2, 3].map(() => claimBotLogin(db, payload, browserKey)));
    expect(claims.filter((c) => c.status === "confirmed")).toHaveLength(1);
  });
});
