// The identity vocabulary that the Auth.js wiring (lib/auth) and the account center
// (lib/account) share: what a sign-in proved, what the provider said, where the browser
// is, and which identity a provider id stands for. A leaf: it imports only the provider
// manifest (data), so both layers can use it without pointing at each other.
import { providerFacts } from "./auth/providers/manifest";

/** An identity at a provider, as the sign-in proved it. `provider` is the Auth.js id (vkid, telegram-widget…). */
export type Identity = { provider: string; providerAccountId: string; type: string };

/** What the provider said about the person. */
export type IdentityProfile = { name: string | null; email: string | null; emailVerified: boolean; image: string | null };

/** The browser behind a request: its address (as our proxy saw it) and user agent. */
export type ClientInfo = { ip: string | null; userAgent: string | null };

/**
 * The identity (Account.provider) a provider id (an Auth.js id) signs in to, from the
 * manifest. Several ways in can lead to one identity: VK ID and legacy VK OAuth sign in
 * the same VK user, with the same user id, so both are stored as provider "vk" and land
 * on one account row; every Telegram way in is provider "telegram" with the numeric
 * Telegram user id.
 */
export const accountProvider = (providerId: string) => providerFacts(providerId)?.identity ?? providerId;

/** The name the account pages use for a provider: Telegram's ways in are all "Telegram". */
export const shownProvider = (providerId: string) => providerFacts(providerId)?.shownAs ?? providerId;
