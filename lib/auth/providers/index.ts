// Every sign-in method Vkhod knows, in the order the login page shows them.
import "server-only";
import { google } from "./google";
import { ok } from "./ok";
import { telegramApp } from "./telegram-app";
import { telegramLink } from "./telegram-link";
import { telegramOidcProvider } from "./telegram-oidc";
import { telegramWidget } from "./telegram-widget";
import type { ProviderEntry } from "./types";
import { vk } from "./vk";
import { vkid } from "./vkid";
import { yandex } from "./yandex";

export type { ProviderEntry } from "./types";

export const allProviders: readonly ProviderEntry[] = [telegramWidget, telegramLink, telegramOidcProvider, telegramApp, vkid, yandex, google, ok, vk];

/** The providers that have credentials and so are offered. */
export const enabledProviders = allProviders.filter((provider) => provider.configured);
