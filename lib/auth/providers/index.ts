// Every sign-in method Vkhod knows, in the order the login page shows them.
import "server-only";
import { google } from "./google";
import type { ProviderEntry } from "./types";

export type { ProviderEntry } from "./types";

export const allProviders: readonly ProviderEntry[] = [google];

/** The providers that have credentials and so are offered. */
export const enabledProviders = allProviders.filter((provider) => provider.configured);
