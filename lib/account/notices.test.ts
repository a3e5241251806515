import { describe, expect, it } from "vitest";
import { accountUrl, readNotice } from "./notices";

describe("account notices", () => {
  it("puts a notice on our own path, keeping its query but no earlier notice", () => {
    expect(accountUrl("/account", { notice: "linked", provider: "yandex" })).toBe("/account?notice=linked&provider=yandex");
    expect(accountUrl("/account/data?x=1", { notice: "reauthenticated" })).toBe("/account/data?x=1&notice=reauthenticated");
    expect(accountUrl("/account?notice=linked&provider=vk", { error: "identity-taken", provider: "ok" })).toBe("/account?error=identity-taken&provider=ok");
  });

  it("reads only the codes it knows, and a plain provider id", () => {
    expect(readNotice({ notice: "linked", provider: "telegram-bot" })).toEqual({ notice: "linked", error: undefined, provider: "telegram-bot" });
    expect(readNotice({ notice: "<script>", error: "identity-taken", provider: "x\" onload" })).toEqual({
      notice: undefined,
      error: "identity-taken",
      provider: undefined,
    });
    expect(readNotice({ notice: ["unlinked", "linked"] })).toMatchObject({ notice: "unlinked" });
  });
});
