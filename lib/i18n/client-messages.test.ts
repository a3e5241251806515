import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { CLIENT_MESSAGES, pickMessages } from "./client-messages";

/** Every .tsx file under these folders. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".tsx") ? [path] : [];
  });
}

const listed = new Set<string>(Object.values(CLIENT_MESSAGES).flat());
const covered = (path: string) => [...listed].some((entry) => path === entry || path.startsWith(`${entry}.`));

describe("the messages sent to the browser", () => {
  it("include every message a client component reads", () => {
    const missing: string[] = [];
    for (const file of [...sources("app"), ...sources("components")]) {
      const text = readFileSync(file, "utf8");
      if (!/^["']use client["']/m.test(text)) continue;
      for (const [, namespace] of text.matchAll(/useTranslations\(\s*"([^"]+)"\s*\)/g)) {
        // t("key") names one message; t(anything else) could be any of the namespace.
        const calls = [...text.matchAll(/\bt\(\s*([^,)]+)/g)].map(([, argument]) => argument!.trim());
        for (const argument of calls) {
          const key = /^"([^"]+)"$/.exec(argument)?.[1];
          const path = key ? `${namespace}.${key}` : namespace!;
          if (!covered(path)) missing.push(`${file}: ${path}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("are picked whole by namespace or one by one, and a name that is not a message is an error", () => {
    const picked = pickMessages(en, CLIENT_MESSAGES.account);
    expect(Object.keys(picked).sort()).toEqual(["account", "error", "passkey"]);
    expect(Object.keys((picked.account as Record<string, object>).methods!).sort()).toEqual(["cancel", "lastMethod", "unlink", "unlinkConfirm", "unlinkLabel", "unlinkQuestion"]);
    expect((picked.account as Record<string, unknown>).results).toEqual(en.account.results);
    expect(JSON.stringify(picked).length).toBeLessThan(JSON.stringify(en).length / 5);
    expect(() => pickMessages(en, ["account.nothing"])).toThrow(/no message/);
  });
});
