// The provider manifest is the one list: every entry has its provider file, its
// emulator, its names in both languages and an identity the account center shows.
import { describe, expect, it } from "vitest";
import { emulatorDefinitions } from "@/emulators/server";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { IDENTITY_IDS, PROVIDER_IDS, PROVIDERS } from "./manifest";

describe("provider manifest", () => {
  it("has a provider file for every entry, in the manifest's order", async () => {
    const { allProviders } = await import("./index");
    expect(allProviders.map((provider) => provider.id)).toEqual(PROVIDER_IDS);
    for (const provider of allProviders) expect(provider.entry).toBe(PROVIDERS[provider.id].entry);
  });

  it("names an emulator that stands in for exactly its providers", () => {
    for (const id of PROVIDER_IDS) {
      const emulator = emulatorDefinitions.find((definition) => definition.id === PROVIDERS[id].emulator);
      expect(emulator?.providers, id).toContain(id);
    }
    expect(emulatorDefinitions.flatMap((definition) => definition.providers).sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it("leads every provider to an identity the account center lists, with names in both languages", () => {
    for (const id of PROVIDER_IDS) {
      const { identity, credentials, shownAs } = PROVIDERS[id];
      expect(IDENTITY_IDS, id).toContain(identity);
      expect(credentials.length, id).toBeGreaterThan(0);
      for (const name of [id, identity, ...(shownAs ? [shownAs] : [])]) {
        expect(en.providers, name).toHaveProperty([name]);
        expect(ru.providers, name).toHaveProperty([name]);
      }
    }
  });
});

describe("one entry per identity (identityChoices)", () => {
  const choices = async (configured: string[]) => {
    const { allProviders, identityChoices } = await import("./index");
    return identityChoices(allProviders.filter((provider) => configured.includes(provider.id))).map(({ identity, way, instead }) => [identity, way.id, instead?.id]);
  };
  const bot = ["telegram-widget", "telegram-bot", "telegram-app"];

  it("with every way: Telegram's OpenID Connect with the app instead, VK ID, each identity once", async () => {
    expect(await choices([...PROVIDER_IDS])).toEqual([
      ["telegram", "telegram-oidc", "telegram-bot"],
      ["vk", "vkid", undefined],
      ["yandex", "yandex", undefined],
      ["google", "google", undefined],
      ["ok", "ok", undefined],
    ]);
  });

  it("without OpenID Connect or VK ID: the Login Widget with the app instead, and legacy VK", async () => {
    expect(await choices([...bot, "vk", "google"])).toEqual([
      ["telegram", "telegram-widget", "telegram-bot"],
      ["vk", "vk", undefined],
      ["google", "google", undefined],
    ]);
  });

  it("OpenID Connect alone (no bot): Telegram's button only; the bot login alone is the button itself", async () => {
    expect(await choices(["telegram-oidc"])).toEqual([["telegram", "telegram-oidc", undefined]]);
    expect(await choices(["telegram-bot"])).toEqual([["telegram", "telegram-bot", undefined]]);
  });

  it("never offers the Mini App, which opens inside Telegram", async () => {
    expect(await choices(["telegram-app"])).toEqual([]);
  });
});
