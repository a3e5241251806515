// Whether a load of /telegram/app may sign anyone in. Launch data only ever comes from
// the URL (Telegram.WebApp.initData is the hash, parsed), so what matters is who put it
// there: a Telegram client, or another site that sent the browser to
// /telegram/app#tgWebAppData=<someone's launch data> (login CSRF, or an unasked link).
// The browser says how the page was reached, in headers no page can set:
//   - Sec-Fetch-Dest: iframe → "framed": frame-ancestors (proxy.ts) lets only
//     Telegram's web clients (AUTH_TELEGRAM_WEBAPP_ORIGINS) frame this page;
//   - a navigation from another site → "refused", unless its Referer is one of
//     AUTH_TELEGRAM_WEBAPP_LAUNCHERS (none in production; the emulator's launcher in the
//     demo) → "client". Not Telegram Web's own origin: a link posted in a chat and
//     clicked there would come from it too;
//   - Sec-Fetch-Site none (opened by the browser itself, as Telegram's apps open their
//     web view, but also a link tapped in some other app), same-origin (a reload) or
//     no Sec-Fetch-Site (an old web view) → "webview": the page then also needs
//     Telegram's web-view bridge (window.TelegramWebviewProxy, which the Telegram apps
//     inject) before it signs in.
import "server-only";

export type MiniAppContext = "framed" | "client" | "webview" | "refused";

export function miniAppContext(headers: Headers, launchers: readonly string[]): MiniAppContext {
  if (headers.get("sec-fetch-dest") === "iframe") return "framed";
  const site = headers.get("sec-fetch-site");
  if (!site || site === "none" || site === "same-origin") return "webview";
  const referer = headers.get("referer");
  try {
    return referer && launchers.includes(new URL(referer).origin) ? "client" : "refused";
  } catch {
    return "refused";
  }
}
