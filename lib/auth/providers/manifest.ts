// The provider manifest (manifest.json beside this file), typed. Everything that needs
// a fact about more than one provider (the environment check, identity grouping, the
// login page's order and groups, the account center's rows, icons, the emulators, the
// bench) derives it from here; each provider's own behaviour stays in its own file.
import manifest from "./manifest.json" with { type: "json" };

export type ProviderId = keyof typeof manifest.providers;
export type Entry = "button" | "widget" | "bot" | "elsewhere";
export type ProviderFacts = { identity: string; credentials: string[]; emulator: string; entry: Entry; shownAs?: string; endpoints: string[]; setup: { title: string; console: string; register: ("redirect" | "domain" | "webhook" | "mini-app")[] } };

export const PROVIDERS = manifest.providers as Record<ProviderId, ProviderFacts>;

/** Provider ids in the order /login shows them. */
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

/** The identities a user can hold, in the account center's order. */
export const IDENTITY_IDS = manifest.identities as readonly string[];

export const providerFacts = (id: string): ProviderFacts | undefined => PROVIDERS[id as ProviderId];
