import { describe, expect, it } from "vitest";
import { RELATIVE_ONLY, safeRedirectPath } from "./safe-redirect";

const ORIGIN = "https://vkhod.example";

describe("safeRedirectPath", () => {
  it("keeps paths on our site, with their query and hash", () => {
    expect(safeRedirectPath("/account", ORIGIN)).toBe("/account");
    expect(safeRedirectPath("/account?tab=sessions#top", ORIGIN)).toBe("/account?tab=sessions#top");
    expect(safeRedirectPath("https://vkhod.example/account", ORIGIN)).toBe("/account");
    // Encoded characters stay encoded: still a path on our site.
    expect(safeRedirectPath("/%0a//evil.example", ORIGIN)).toBe("/%0a//evil.example");
  });

  it.each([
    "https://evil.example/account",
    "//evil.example/account",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http://vkhod.example/account", // another scheme is another origin
    "https://vkhod.example.evil.example/",
    "/\t/evil.example",
    "",
    undefined,
    42,
    "/" + "a".repeat(3000),
  ])("falls back to /account for %j", (target) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe("/account");
  });

  it("with RELATIVE_ONLY accepts only paths", () => {
    expect(safeRedirectPath("/account?x=1", RELATIVE_ONLY)).toBe("/account?x=1");
    expect(safeRedirectPath("https://vkhod.example/account", RELATIVE_ONLY)).toBe("/account");
  });
});
