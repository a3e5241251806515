// Is the database reachable right now? One answer per process, shared by proxy.ts and
// the pages (their bundles are separate module graphs, so it lives on globalThis):
// while the database is down, proxy.ts answers every request with a readable 503 at
// once, instead of letting each wait for a connection and fail with an error page.
//
// Nothing here guesses. A query that could not reach the database, or a pooled
// connection the server closed, only raises the suspicion; a probe (SELECT 1) then
// decides, and while it fails it runs again every PROBE_INTERVAL_MS until the database
// answers, so the app recovers by itself, without a restart.
import "server-only";
import { errorMessage, logEvent } from "./log";

const PROBE_INTERVAL_MS = 1_000;
const KEY = Symbol.for("vkhod.database-health");

type State = { down: boolean; since: number; probing: boolean; probe?: () => Promise<unknown> };
const state: State = ((globalThis as Record<symbol, unknown>)[KEY] as State | undefined) ?? { down: false, since: 0, probing: false };
(globalThis as Record<symbol, unknown>)[KEY] = state;

/** True while the last probe failed; proxy.ts answers 503 then. */
export const isDatabaseDown = () => state.down;

/** The errors that mean "no database there" (Prisma's codes and its driver adapters' kinds), not a bad query. */
// Not a full pool or too many connections (P2024, TooManyConnections): that is load, and
// answering everyone 503 for it would let a flood take the site down for all.
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);

export function isUnreachable(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return UNREACHABLE_CODES.has(code ?? "") || UNREACHABLE_KINDS.has(meta?.driverAdapterError?.cause?.kind ?? "");
}

/** The database just answered a check of its own (lib/database-check.ts): it is up, whatever the probe last saw. */
export function databaseAnswered() {
  if (state.down) logEvent("info", { event: "database-up", downSeconds: Math.round((Date.now() - state.since) / 1000) });
  state.down = false;
}

/** lib/db.ts says how to probe (it owns the client; this module must stay free of it for proxy.ts). */
export function setDatabaseProbe(probe: () => Promise<unknown>) {
  state.probe = probe;
}

/** Something suggests the database is gone: probe now, and keep probing while it is. */
export function suspectDatabase() {
  if (state.probing || !state.probe) return;
  state.probing = true;
  const probe = state.probe;
  void (async () => {
    for (;;) {
      try {
        await probe();
        if (state.down) logEvent("info", { event: "database-up", downSeconds: Math.round((Date.now() - state.since) / 1000) });
        state.down = false;
        break;
      } catch (error) {
        if (!state.down) {
          state.down = true;
          state.since = Date.now();
          logEvent("error", { event: "database-down", message: "the database does not answer; answering 503 until it does", error: errorMessage(error) });
        }
        await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
      }
    }
    state.probing = false;
  })();
}
