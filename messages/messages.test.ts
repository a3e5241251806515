import { describe, expect, it } from "vitest";
import { signInErrorReasons } from "@/lib/auth/sign-in-errors";
import en from "./en.json";
import ru from "./ru.json";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe("messages", () => {
  it("Russian and English have the same keys", () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort());
  });

  it("every sign-in error reason has a sentence in both languages", () => {
    for (const reason of signInErrorReasons) {
      expect(en.login.errors[reason]).toMatch(/\.$/);
      expect(ru.login.errors[reason]).toMatch(/\.$/);
    }
  });

  it("no Russian string is left in English", () => {
    const same = keys(en).filter((key) => {
      const get = (o: unknown) => key.split(".").reduce((v: unknown, k) => (v as Record<string, unknown>)[k], o);
      // Language names and brands are written the same in both.
      const brand = ["language.en", "language.ru", "providers.google", "providers.vkid", "providers.telegram", "providers.telegram-widget", "providers.telegram-oidc"].includes(key);
      return get(en) === get(ru) && !brand;
    });
    expect(same).toEqual([]);
  });
});
