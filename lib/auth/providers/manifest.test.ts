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
