// The bot login's states against a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { answerLinkRequest, askLinkRequest, claimLinkRequest, linkStatus, startLinkRequest } from "./deep-link";

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
    const { payload, browserKey } = await startLinkRequest(db, 300, asker);
    expect(payload).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await linkStatus(db, payload, browserKey)).toEqual({ status: "pending" });
    const asked = await askLinkRequest(db, payload, anna);
    expect(asked).toMatchObject({ kind: "asked", request: { ip: asker.ip, userAgent: asker.userAgent, site: asker.site } });
    // Start alone confirms nothing.
    expect(await linkStatus(db, payload, browserKey)).toEqual({ status: "pending" });
    expect(await answerLinkRequest(db, payload, anna.id, true)).toBe("confirmed");
    expect(await linkStatus(db, payload, "another-browser")).toEqual({ status: "foreign" });
    expect(await claimLinkRequest(db, payload, "another-browser")).toEqual({ status: "foreign" });
    expect(await claimLinkRequest(db, payload, browserKey)).toEqual({ status: "confirmed", user: anna });
    expect(await claimLinkRequest(db, payload, browserKey)).toEqual({ status: "used" });
    expect(await askLinkRequest(db, payload, anna)).toEqual({ kind: "used" });
    expect(await answerLinkRequest(db, payload, anna.id, true)).toBe("used");
  });

  it("lets only the person who pressed Start answer, and No ends it for the waiting browser", async () => {
    const { db } = database;
    const { payload, browserKey } = await startLinkRequest(db, 300, asker);
    expect(await answerLinkRequest(db, payload, anna.id, true)).toBe("unknown");
    await askLinkRequest(db, payload, anna);
    expect(await askLinkRequest(db, payload, mallory)).toEqual({ kind: "taken" });
    expect(await askLinkRequest(db, payload, anna)).toMatchObject({ kind: "asked" });
    expect(await answerLinkRequest(db, payload, mallory.id, true)).toBe("foreign");
    expect(await answerLinkRequest(db, payload, anna.id, false)).toBe("denied");
    expect(await linkStatus(db, payload, browserKey)).toEqual({ status: "denied" });
    expect(await claimLinkRequest(db, payload, browserKey)).toEqual({ status: "denied" });
    expect(await answerLinkRequest(db, payload, anna.id, true)).toBe("used");
  });

  it("refuses an unknown payload and an expired one", async () => {
    const { db } = database;
    expect(await askLinkRequest(db, "no-such-payload", anna)).toEqual({ kind: "unknown" });
    const late = await startLinkRequest(db, 300, asker);
    const inSixMinutes = new Date(Date.now() + 6 * 60_000);
    expect(await askLinkRequest(db, late.payload, anna, inSixMinutes)).toEqual({ kind: "expired" });
    const asked = await startLinkRequest(db, 300, asker);
    await askLinkRequest(db, asked.payload, anna);
    expect(await answerLinkRequest(db, asked.payload, anna.id, true, inSixMinutes)).toBe("expired");
    expect(await linkStatus(db, asked.payload, asked.browserKey, inSixMinutes)).toEqual({ status: "expired" });
  });

  it("lets only one of two racing claims or answers through", async () => {
    const { db } = database;
    const { payload, browserKey } = await startLinkRequest(db, 300, asker);
    await askLinkRequest(db, payload, anna);
    const answers = await Promise.all([1, 2, 3].map(() => answerLinkRequest(db, payload, anna.id, true)));
    expect(answers.filter((a) => a === "confirmed")).toHaveLength(1);
    const claims = await Promise.all([1, 2, 3].map(() => claimLinkRequest(db, payload, browserKey)));
    expect(claims.filter((c) => c.status === "confirmed")).toHaveLength(1);
  });
});
