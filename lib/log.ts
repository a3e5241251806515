// Structured logs: one JSON object per line on stdout (pino), for every sign-in
// decision, refusal and fault, each with the request id proxy.ts gives the request
// (X-Request-Id, also on the response, so a person's report can be matched to its lines).
//
// Never a secret, token or full payload: callers log what was decided and why (a
// provider, a reason, a user id), and `redact` blanks any field whose name says it holds
// one, should a caller or an error object carry it anyway.
import "server-only";
import { headers } from "next/headers";
import pino from "pino";
import { env } from "./env";

const SECRET_FIELDS = ["token", "secret", "password", "hash", "payload", "initData", "code", "cookie", "authorization", "grant", "state", "nonce", "signature"];

/** The app's logger (LOG_LEVEL, default info; silent in unit tests), or one writing to `destination`. */
export function createLogger(destination?: pino.DestinationStream, level = env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info")) {
  return pino(
    {
      level,
      base: { service: "vkhod" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `*.${field}`)], censor: "[redacted]" },
    },
    destination,
  );
}

export const logger = createLogger();

export const REQUEST_ID_HEADER = "x-request-id";

/** The id proxy.ts gave the current request, or undefined outside one (the bot poller, a schedule). */
async function currentRequestId(): Promise<string | undefined> {
  try {
    return (await headers()).get(REQUEST_ID_HEADER) ?? undefined;
  } catch {
    return undefined;
  }
}

type Level = "trace" | "info" | "warn" | "error";
export type LogFields = { event: string; [field: string]: unknown };

/** What an error says, in one line, without its stack (or anything else it carries). */
export const errorMessage = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n").map((line) => line.trim()).filter(Boolean).slice(0, 3).join(" ").slice(0, 500);

/**
 * Logs one event with the current request's id. Never throws and never delays the
 * caller: the id is looked up on the side.
 */
export function logEvent(level: Level, fields: LogFields, requestId?: string) {
  void (async () => {
    const id = requestId ?? (await currentRequestId());
    logger[level](id ? { requestId: id, ...fields } : fields);
  })().catch(() => undefined);
}
