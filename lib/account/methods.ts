// The identities a user can hold, and the ways in to each. Several ways in can lead
// to one identity (VK ID and legacy VK to "vk"; the widget, the bot login and
// OpenID Connect to "telegram"), so the account center lists identities and offers
// each one once, through the best way this deployment has (identityChoices).
import "server-only";
import { enabledProviders, identityChoices, type IdentityChoice, type ProviderEntry } from "@/lib/auth/providers";
import { IDENTITY_IDS } from "@/lib/auth/providers/manifest";
import { db } from "@/lib/db";
import { accountProvider } from "@/lib/identity";

/** The identities a user can hold, in the account center's order (the provider manifest's). */
export const IDENTITIES = IDENTITY_IDS;

// The configured ways do not change while the server runs: worked out once.
const enabledChoices = identityChoices(enabledProviders);

/** How a browser links one identity here (its button, and the Telegram app instead), or undefined when no way to it is set up. */
export function choiceFor(identity: string): IdentityChoice | undefined {
  return enabledChoices.find((choice) => choice.identity === identity);
}

/** A user's linked accounts, oldest first (the account overview). */
export function linkedAccounts(userId: string) {
  return db.account.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
}

/** The identities a user has linked (google, vk, telegram…), each once. */
export async function linkedIdentities(userId: string): Promise<string[]> {
  const accounts = await db.account.findMany({ where: { userId }, select: { provider: true } });
  return [...new Set(accounts.map((account) => account.provider))];
}

/** The enabled ways in to any of these identities (a user's own, to sign in again). */
export function waysInto(identities: Iterable<string>): ProviderEntry[] {
  const wanted = new Set(identities);
  return enabledProviders.filter((provider) => wanted.has(accountProvider(provider.id)));
}
