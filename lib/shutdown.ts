// A clean stop of `next start` on SIGTERM (a deploy, `docker stop`, Kubernetes) or SIGINT.
// Next.js does most of the part about requests itself: at the signal it stops listening
// (a new connection is refused), lets the requests it has taken be answered, then calls
// process.exit(143) (130 for SIGINT). But it waits for every connection to close, and
// Node.js closes only those idle at the signal: a browser's or a proxy's keep-alive
// connection stays open (and may bring more requests) until it has been idle for the
// keep-alive timeout, which held a stop up by 5 s after the last answer. So here, while
// stopping, each answer says "Connection: close" and each connection is closed as soon
// as its answer is sent (Node.js's http diagnostics channels name the server, which
// Next.js keeps to itself). The rest is what Next.js cannot know of:
//   - at the signal: one log line {"event":"shutdown"}, and the background work stops
//     (the bot's poller, the retention schedule), giving its leases back so that another
//     instance takes over at once rather than when the lease runs out;
//   - after the last answer (Next.js's exit call): the background work's last steps are
//     awaited, the database and Redis connections closed, {"event":"shutdown-complete"}
//     logged, and the process exits 0: a stop that was asked for is no failure (npm, a
//     container runtime or systemd would report 143 as one);
//   - a bound: a request still running SHUTDOWN_GRACE_MS (8 s) after the signal (one
//     waiting on a provider that does not answer, say) is given up, said in the log,
//     and the process exits 1, before a container runtime's SIGKILL (Docker's comes
//     after 10 s) would cut it off unsaid.
// With NEXT_MANUAL_SIG_HANDLE set Next.js leaves signals alone, and so does this.
import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { Server, ServerResponse } from "node:http";
import { errorMessage, logger } from "@/lib/log";

export const SHUTDOWN_GRACE_MS = 8_000;
/** How long the closing steps after the last answer may take together. */
const CLOSE_MS = 2_000;
/** Next.js's own exit codes after a signal (128 + its number). */
const SIGNAL_EXIT_CODES = new Set([130, 143]);

type Task = () => unknown;
const atSignal: Task[] = [];
const atExit: Task[] = [];
let stopping: Promise<unknown> | undefined;

/** Whether the process has been asked to stop: background work starts nothing new. */
export const isShuttingDown = () => stopping !== undefined;

/** Stops a piece of background work at the signal (it may return a promise: its last steps are awaited before the exit). */
export function onShutdown(task: Task) {
  atSignal.push(task);
}

/** Closes a connection after the last request is answered (the database, Redis). */
export function onLastAnswer(task: Task) {
  atExit.push(task);
}

/** Runs tasks side by side, none of them throwing; done within `ms` at most. */
async function settle(tasks: Task[], ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const all = Promise.all(
    tasks.map((task) =>
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => logger.error({ event: "shutdown-step-failed", error: errorMessage(error) })),
    ),
  );
  await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Installs the handling described at the top, once per process (instrumentation.ts calls it at start). */
export function handleShutdown() {
  const installed = Symbol.for("vkhod.shutdown");
  const flags = globalThis as { [installed]?: true };
  if (process.env.NEXT_MANUAL_SIG_HANDLE || flags[installed]) return;
  flags[installed] = true;
  const exit = process.exit.bind(process);
  let signalledAt = 0;
  let grace: NodeJS.Timeout | undefined;
  const begin = (signal: NodeJS.Signals) => {
    if (stopping) return;
    signalledAt = Date.now();
    // Logged at once (not through logEvent, which looks for a request id first).
    logger.info({ event: "shutdown", signal, message: "refusing new connections; answering the requests under way, then exiting" });
    stopping = settle(atSignal, SHUTDOWN_GRACE_MS);
    grace = setTimeout(() => {
      logger.error({ event: "shutdown-timeout", message: `requests still under way after ${SHUTDOWN_GRACE_MS / 1000} s are cut off` });
      exit(1);
    }, SHUTDOWN_GRACE_MS);
    grace.unref();
  };
  process.on("SIGTERM", begin);
  process.on("SIGINT", begin);
  // A request on a connection opened before the signal is answered, and that connection
  // then closed; an answer sent leaves its connection idle, to be closed at once.
  subscribe("http.server.request.start", (message) => {
    if (stopping) (message as { response: ServerResponse }).response.setHeader("Connection", "close");
  });
  subscribe("http.server.response.finish", (message) => {
    const { server } = message as { server: Server };
    if (stopping) setImmediate(() => server.closeIdleConnections());
  });
  // Next.js calls this once its last request is answered: the moment to close what the
  // requests used. Any other exit (a failed start, an exit of our own) is left as it is.
  process.exit = ((code?: number | string | null) => {
    if (!stopping || !SIGNAL_EXIT_CODES.has(Number(code))) return exit(code);
    // Every request is answered: what is left is bounded by its own steps' limits.
    clearTimeout(grace);
    void (async () => {
      await stopping;
      await settle(atExit, CLOSE_MS);
      logger.info({ event: "shutdown-complete", ms: Date.now() - signalledAt });
      exit(0);
    })();
    return undefined as never;
  }) as typeof process.exit;
}
