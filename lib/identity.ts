// The identity vocabulary that the Auth.js wiring (lib/auth) and the account center
// (lib/account) share: what a sign-in proved, what the provider said, where the browser
// is, and which identity a provider id stands for. A leaf: it imports nothing, so both
// layers can use it without pointing at each other.

/** An identity at a provider, as the sign-in proved it. `provider` is the Auth.js id (vkid, telegram-widget…). */
export type Identity = { provider: string; providerAccountId: string; type: string };

/** What the provider said about the person. */
export type IdentityProfile = { name: string | null; email: string | null; emailVerified: boolean; image: string | null };

/** The browser behind a request: its address (as our proxy saw it) and user agent. */
export type ClientInfo = { ip: string | null; userAgent: string | null };

// Which identity an Account row records for a provider. Several ways in can lead to
// one identity: VK ID and legacy VK OAuth sign in the same VK user, with the same
// user id, so both are stored as provider "vk" and land on one account row; every
// Telegram entry point is provider "telegram" with the numeric Telegram user id.
const sameIdentityAs: Record<string, string> = { vkid: "vk", "telegram-widget": "telegram", "telegram-oidc": "telegram", "telegram-app": "telegram", "telegram-link": "telegram" };

/** The identity (Account.provider) a provider id (an Auth.js id) signs in to. */
export const accountProvider = (providerId: string) => sameIdentityAs[providerId] ?? providerId;
