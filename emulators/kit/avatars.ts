// Generated avatars (initials on a colour), served at /avatars/<key>.svg, so profile
// pictures work with no network.
import { escapeHtml, type Response } from "./http";

const colours = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2"];

export function avatarSvg(key: string, label: string): string {
  const colour = colours[[...key].reduce((sum, c) => sum + c.charCodeAt(0), 0) % colours.length];
  const initials = label
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200"><rect width="200" height="200" fill="${colour}"/><text x="100" y="100" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="80" fill="#fff">${escapeHtml(initials)}</text></svg>`;
}

export function sendAvatar(res: Response, key: string, label: string) {
  res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=3600" });
  res.end(avatarSvg(key, label));
}

/** The URL of a test user's generated avatar on this emulator server. */
export const avatarUrl = (baseUrl: string, user: { key: string; givenName: string; familyName: string }) =>
  `${baseUrl}/avatars/${encodeURIComponent(user.key)}.svg?label=${encodeURIComponent(`${user.givenName} ${user.familyName}`.trim())}`;
