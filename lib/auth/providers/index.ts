// Every sign-in method Vkhod knows, in the order the login page shows them (the
// manifest's order).
import "server-only";
import { google } from "./google";
import { ok } from "./ok";
import { telegramProviders } from "../telegram";
import { PROVIDER_IDS } from "./manifest";
import type { ProviderEntry } from "./types";
import { vk } from "./vk";
import { vkid } from "./vkid";
import { yandex } from "./yandex";

export type { ProviderEntry } from "./types";

const defined = [...telegramProviders, vkid, yandex, google, ok, vk];

export const allProviders: readonly ProviderEntry[] = PROVIDER_IDS.map((id) => {
  const provider = defined.find((entry) => entry.id === id);
  if (!provider) throw new Error(`lib/auth/providers/manifest.json lists "${id}", which has no provider in lib/auth/providers/ or lib/auth/telegram/`);
  return provider;
});

/** The providers that have credentials and so are offered. */
export const enabledProviders = allProviders.filter((provider) => provider.configured);
