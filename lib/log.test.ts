import { describe, expect, it } from "vitest";
import { createLogger, errorMessage } from "./log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) }, "info");
  return { logger, lines };
}

describe("logs", () => {
  it("are JSON lines with the level, the time and the service", () => {
    const { logger, lines } = capture();
    logger.warn({ event: "sign-in-refused", reason: "replayed", requestId: "r-1" });
    expect(lines[0]).toMatchObject({ level: "warn", service: "vkhod", event: "sign-in-refused", reason: "replayed", requestId: "r-1" });
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it("blank any field that names a secret, at the top and one level down", () => {
    const { logger, lines } = capture();
    logger.info({ event: "x", hash: "deadbeef", token: "t", payload: "p", initData: "i", code: "c", detail: { secret: "s", password: "pw", reason: "kept" } });
    expect(lines[0]).toMatchObject({ hash: "[redacted]", token: "[redacted]", payload: "[redacted]", initData: "[redacted]", code: "[redacted]", detail: { secret: "[redacted]", password: "[redacted]", reason: "kept" } });
    expect(JSON.stringify(lines[0])).not.toMatch(/deadbeef|"pw"/);
  });

  it("say what an error was in one line, without its stack", () => {
    const error = new TypeError("fetch failed\n    at x (file.js:1:1)");
    expect(errorMessage(error)).toBe("TypeError: fetch failed at x (file.js:1:1)");
    expect(errorMessage("plain")).toBe("plain");
  });
});
