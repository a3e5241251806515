// Which identity an Account row records for a provider. Several ways in can lead to
// one identity: VK ID and legacy VK OAuth sign in the same VK user, with the same
// user id, so both are stored as provider "vk" and land on one account row; every
// Telegram entry point is provider "telegram" with the numeric Telegram user id.

const sameIdentityAs: Record<string, string> = { vkid: "vk", "telegram-widget": "telegram", "telegram-oidc": "telegram", "telegram-app": "telegram", "telegram-link": "telegram" };

export const accountProvider = (providerId: string) => sameIdentityAs[providerId] ?? providerId;
