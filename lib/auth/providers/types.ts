import "server-only";
import type { Provider } from "next-auth/providers";
import { env } from "@/lib/env";
import { PROVIDERS, type Entry, type ProviderId } from "./manifest";

/** One sign-in method as the app knows it: how to build it and whether it is set up. */
export type ProviderEntry = {
  /** Auth.js provider id, also the LoginSession.provider value. */
  id: ProviderId;
  /** The brand name Auth.js knows it by (the UI takes names from messages/, "providers"). */
  name: string;
  /** All its credentials (manifest.json) are set, so it is offered. */
  configured: boolean;
  /** It talks to a local emulator (`npm run dev` without real credentials). */
  demo: boolean;
  /**
   * How a person starts it (manifest.json): a button on /login, Telegram's own widget on
   * /login, the bot login (a link to the bot, from its own page), or from elsewhere (the Mini App
   * opens inside Telegram).
   */
  entry: Entry;
  create(): Provider;
};

export function defineProvider(id: ProviderId, name: string, create: () => Provider): ProviderEntry {
  const { entry, credentials } = PROVIDERS[id];
  return {
    id,
    name,
    entry,
    configured: credentials.every((variable) => Boolean(env[variable as keyof typeof env])),
    demo: env.AUTH_DEMO_PROVIDERS.includes(id),
    create,
  };
}

/**
 * A profile's email for Auth.js: `email` only when the provider marks it verified (only
 * those match an existing user, and only those become the user's email); otherwise it
 * is kept as `unverifiedEmail`, shown with the account and matched to no one.
 */
export function providerEmail(email: string | null | undefined, verified: boolean | undefined) {
  if (!email) return { email: null, unverifiedEmail: null };
  return verified ? { email, unverifiedEmail: null } : { email: null, unverifiedEmail: email };
}
