import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("is cuid-shaped, unique, and sorts in the order made, within one millisecond too", () => {
    const ids = [newId(1_700_000_000_000), newId(1_700_000_000_000), newId(1_700_000_000_001), ...Array.from({ length: 1000 }, () => newId())];
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids.slice(0, 3)].sort()).toEqual(ids.slice(0, 3));
    expect([...ids.slice(3)].sort()).toEqual(ids.slice(3));
  });
});
