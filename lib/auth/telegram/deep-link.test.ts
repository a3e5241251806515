// The deep-link sign-in's states against a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { claimLinkRequest, confirmLinkRequest, linkStatus, startLinkRequest } from "./deep-link";

let database: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  database = createTestDatabase();
});
afterAll(() => database.dispose());

const anna = { id: 1001, first_name: "Anna" };

describe("deep-link sign-in", () => {
  it("goes pending, confirmed, used, for the browser that started it only", async () => {
    const { db } = database;
    const { payload, browserKey } = await startLinkRequest(db, 300);
    expect(payload).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await linkStatus(db, payload, browserKey)).toEqual({ status: "pending" });
    expect(await confirmLinkRequest(db, payload, anna)).toBe("confirmed");
    expect(await linkStatus(db, payload, "another-browser")).toEqual({ status: "foreign" });
    expect(await claimLinkRequest(db, payload, "another-browser")).toEqual({ status: "foreign" });
    expect(await claimLinkRequest(db, payload, browserKey)).toEqual({ status: "confirmed", user: anna });
    expect(await claimLinkRequest(db, payload, browserKey)).toEqual({ status: "used" });
    expect(await confirmLinkRequest(db, payload, anna)).toBe("used");
  });

  it("refuses a second confirmation, an unknown payload and an expired one", async () => {
    const { db } = database;
    const first = await startLinkRequest(db, 300);
    expect(await confirmLinkRequest(db, first.payload, anna)).toBe("confirmed");
    expect(await confirmLinkRequest(db, first.payload, { id: 2002, first_name: "Mallory" })).toBe("used");
    expect(await confirmLinkRequest(db, "no-such-payload", anna)).toBe("unknown");

    const late = await startLinkRequest(db, 300);
    const inSixMinutes = new Date(Date.now() + 6 * 60_000);
    expect(await confirmLinkRequest(db, late.payload, anna, inSixMinutes)).toBe("expired");
    expect(await linkStatus(db, late.payload, late.browserKey, inSixMinutes)).toEqual({ status: "expired" });
  });

  it("lets only one of two racing claims through", async () => {
    const { db } = database;
    const { payload, browserKey } = await startLinkRequest(db, 300);
    await confirmLinkRequest(db, payload, anna);
    const claims = await Promise.all([1, 2, 3].map(() => claimLinkRequest(db, payload, browserKey)));
    expect(claims.filter((c) => c.status === "confirmed")).toHaveLength(1);
  });
});
