// Every sign-in method Vkhod knows, in the order the login page shows them (the
// manifest's order).
import "server-only";
import { google } from "./google";
import { ok } from "./ok";
import { telegramApp } from "./telegram-app";
import { telegramLink } from "./telegram-link";
import { telegramOidcProvider } from "./telegram-oidc";
import { telegramWidget } from "./telegram-widget";
import { PROVIDER_IDS } from "./manifest";
import type { ProviderEntry } from "./types";
import { vk } from "./vk";
import { vkid } from "./vkid";
import { yandex } from "./yandex";

export type { ProviderEntry } from "./types";

const defined = [telegramWidget, telegramLink, telegramOidcProvider, telegramApp, vkid, yandex, google, ok, vk];

export const allProviders: readonly ProviderEntry[] = PROVIDER_IDS.map((id) => {
  const provider = defined.find((entry) => entry.id === id);
  if (!provider) throw new Error(`lib/auth/providers/manifest.json lists "${id}", which has no provider file in lib/auth/providers/`);
  return provider;
});

/** The providers that have credentials and so are offered. */
export const enabledProviders = allProviders.filter((provider) => provider.configured);
