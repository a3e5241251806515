// The Mini App's side: a stand-in for telegram.org's telegram-web-app.js (Telegram.WebApp
// from the launch URL's hash, as Telegram's own script reads it) and the launcher page
// where a tester opens the app as a test person, signed by HMAC or Ed25519.
import { escapeHtml } from "../kit/http";
import { customUser, fullName, testUsers, type TestUser } from "../kit/users";
import { signWebAppData, webAppFields } from "./signing";

const WEBAPP_THEME = { bg_color: "#17212b", text_color: "#f5f5f5", hint_color: "#708499", button_color: "#5288c1", button_text_color: "#ffffff" };

export const webAppScript = `(function () {
  var hash = new URLSearchParams(location.hash.slice(1));
  var theme = {};
  try { theme = JSON.parse(hash.get("tgWebAppThemeParams") || "{}"); } catch (e) {}
  window.Telegram = window.Telegram || {};
  window.Telegram.WebApp = {
    initData: hash.get("tgWebAppData") || "",
    themeParams: theme,
    platform: hash.get("tgWebAppPlatform") || "unknown",
    version: hash.get("tgWebAppVersion") || "6.0",
    ready: function () {},
    expand: function () {},
  };
})();
`;


/**
 * The Mini App launcher: for each test person, open the app signed either way. With
 * `?name=` (a person typed in, as tests do so that each has its own), only that person.
 */
export function launcher(appUrl: string, baseUrl: string, authDate: number, name?: string | null): string {
  const link = (user: TestUser, how: "hmac" | "signature") => {
    const hash = new URLSearchParams({
      tgWebAppData: signWebAppData(webAppFields(baseUrl, user, authDate), how),
      tgWebAppVersion: "8.0",
      tgWebAppPlatform: "web",
      tgWebAppThemeParams: JSON.stringify(WEBAPP_THEME),
    });
    const label = fullName(user);
    return `<a href="${escapeHtml(`${appUrl}/telegram/app#${hash}`)}">${escapeHtml(label)} (${how === "hmac" ? "HMAC" : "Ed25519"})</a>`;
  };
  const people = name?.trim() ? [customUser(name, "")] : testUsers;
  const items = people.map((user) => `<li>${link(user, "hmac")} · ${link(user, "signature")}</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Telegram Mini App launcher (emulator)</title></head>
<body style="font-family:system-ui,sans-serif;padding:24px;background:#17212b;color:#f5f5f5"><h1>Open Vkhod's Mini App as…</h1>
<ul style="line-height:2">${items}</ul><p style="color:#708499">Vkhod's local Telegram emulator, not Telegram.</p>
<style>a{color:#6ab3f3}</style></body></html>`;
}
