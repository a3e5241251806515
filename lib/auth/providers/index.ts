// Every sign-in method Vkhod knows, in the manifest's order (each identity's ways in,
// best first), and the identities a person picks from (one button each).
import "server-only";
import { accountProvider } from "@/lib/identity";
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

/**
 * One identity as a person picks it: one button, whichever ways in this deployment has
 * to it. `way` is its first configured way in the manifest's order (so Telegram's
 * OpenID Connect before its Login Widget, VK ID before legacy VK); `instead` is the
 * Telegram app (the bot login), offered quietly beside another way, or as the way
 * itself when it is the only one. The Mini App opens inside Telegram, never from here.
 */
export type IdentityChoice = { identity: string; way: ProviderEntry; instead?: ProviderEntry };

/**
 * The identities these ways in lead to, each once, in the order of their first way in
 * the manifest (whether or not that way is configured: VK stays second on a site with
 * legacy VK only).
 */
export function identityChoices(providers: readonly ProviderEntry[]): IdentityChoice[] {
  const byIdentity = new Map<string, ProviderEntry[]>();
  const place = (provider: ProviderEntry) => PROVIDER_IDS.findIndex((id) => accountProvider(id) === accountProvider(provider.id));
  for (const provider of [...providers].sort((a, b) => place(a) - place(b) || PROVIDER_IDS.indexOf(a.id) - PROVIDER_IDS.indexOf(b.id))) {
    if (provider.entry === "elsewhere") continue;
    const identity = accountProvider(provider.id);
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), provider]);
  }
  return [...byIdentity].map(([identity, ways]) => {
    const way = ways.find((provider) => provider.entry !== "bot");
    const app = ways.find((provider) => provider.entry === "bot");
    return way ? { identity, way, ...(app && { instead: app }) } : { identity, way: app! };
  });
}
