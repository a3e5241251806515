// The database's health as proxy.ts sees it: only a failed probe marks it down, probes
// go on while it is, and the first answer brings it back.
import { afterEach, describe, expect, it, vi } from "vitest";
import { isDatabaseDown, isUnreachable, setDatabaseProbe, suspectDatabase } from "./database-health";

afterEach(() => vi.useRealTimers());

const unreachable = Object.assign(new Error("Can't reach database server"), { code: "P1001" });

describe("database health", () => {
  it("tells an unreachable database from a bad query", () => {
    expect(isUnreachable(unreachable)).toBe(true);
    expect(isUnreachable({ code: "P2010", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } })).toBe(true);
    expect(isUnreachable({ code: "P2002" })).toBe(false); // a unique key: the database is fine
    expect(isUnreachable(new Error("boom"))).toBe(false);
    expect(isUnreachable(undefined)).toBe(false);
  });

  it("a suspicion that the probe dispels changes nothing; a failing probe marks it down until one answers", async () => {
    vi.useFakeTimers();
    let reachable = true;
    const probe = vi.fn(async () => {
      if (!reachable) throw unreachable;
    });
    setDatabaseProbe(probe);

    suspectDatabase();
    await vi.advanceTimersByTimeAsync(0);
    expect(isDatabaseDown()).toBe(false);
    expect(probe).toHaveBeenCalledTimes(1);

    reachable = false;
    suspectDatabase();
    suspectDatabase(); // one probe loop at a time
    await vi.advanceTimersByTimeAsync(0);
    expect(isDatabaseDown()).toBe(true);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(probe).toHaveBeenCalledTimes(5);
    expect(isDatabaseDown()).toBe(true);

    reachable = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(isDatabaseDown()).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(probe).toHaveBeenCalledTimes(6); // no more probes once it answers
  });
});
