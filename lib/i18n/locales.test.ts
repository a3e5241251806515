import { describe, expect, it } from "vitest";
import { negotiateLocale, resolveLocale } from "./locales";

describe("locale resolution", () => {
  it("follows Accept-Language with its weights", () => {
    expect(negotiateLocale("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("ru");
    expect(negotiateLocale("en-GB,en;q=0.9")).toBe("en");
    expect(negotiateLocale("de-DE,de;q=0.9,ru;q=0.5,en;q=0.4")).toBe("ru");
    expect(negotiateLocale("en;q=0.2, ru;q=0.8")).toBe("ru");
    expect(negotiateLocale("ru;q=0, en")).toBe("en");
    expect(negotiateLocale("de, fr")).toBeUndefined();
    expect(negotiateLocale("")).toBeUndefined();
    expect(negotiateLocale(null)).toBeUndefined();
  });

  it("lets the person's choice win, and falls back to English", () => {
    expect(resolveLocale("en", "ru-RU")).toBe("en");
    expect(resolveLocale("ru", "en-US")).toBe("ru");
    expect(resolveLocale("xx", "ru-RU")).toBe("ru");
    expect(resolveLocale(undefined, "ja")).toBe("en");
  });
});
