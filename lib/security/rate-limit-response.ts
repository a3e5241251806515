// The answer to an attempt over an abuse limit (lib/security/rate-limit.ts): HTTP 429
// with Retry-After. A person gets a small page in their language saying how long to
// wait, with a way back to /login; a script (Accept: application/json, or a fetch to
// /api/… that is not a page navigation, such as the bot-login poll) gets
// `{ "status": "limited", "retryAfter": N }`. Self-contained: no script, no
// stylesheet to load, so it works even where the app's own assets are refused.
import "server-only";
import { createTranslator } from "next-intl";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

const MESSAGES: Record<Locale, typeof en> = { en, ru };

export function limitedResponse(request: Request, retryAfter: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfter));
  const headers = { "Retry-After": String(seconds), "Cache-Control": "no-store" };
  if (wantsJson(request)) return Response.json({ status: "limited", retryAfter: seconds }, { status: 429, headers });
  const locale = resolveLocale(localeCookie(request), request.headers.get("accept-language"));
  return new Response(page(locale, seconds), {
    status: 429,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}

function wantsJson(request: Request): boolean {
  const accept = request.headers.get("accept")?.toLowerCase() ?? "";
  const html = accept.includes("text/html");
  if (accept.includes("application/json") && !html) return true;
  const navigation = html || request.headers.get("sec-fetch-mode") === "navigate";
  return new URL(request.url).pathname.startsWith("/api/") && !navigation;
}

/** The language switch's cookie (lib/i18n/actions.ts), as this request carries it. */
function localeCookie(request: Request): string | undefined {
  for (const part of request.headers.get("cookie")?.split(";") ?? []) {
    const [name, value] = part.split("=", 2).map((piece) => piece.trim());
    if (name === LOCALE_COOKIE) return value;
  }
  return undefined;
}

function page(locale: Locale, seconds: number): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "limited" });
  const wait =
    seconds < 60
      ? t("waitSeconds", { count: seconds })
      : seconds < 2 * 60 * 60
        ? t("waitMinutes", { count: Math.ceil(seconds / 60) })
        : t("waitHours", { count: Math.ceil(seconds / 3600) });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(t("title"))} · Vkhod</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
body { margin: 0; min-height: 100dvh; display: grid; place-items: center; background: #f8fafc; color: #0f172a; line-height: 1.5; }
main { max-width: 32rem; margin: 1.5rem; padding: 2rem; border-radius: 0.75rem; background: #fff; box-shadow: 0 1px 3px rgb(0 0 0 / 0.1); }
h1 { margin: 0 0 0.75rem; font-size: 1.5rem; }
p { margin: 0 0 1rem; }
a { color: #2552e0; font-weight: 600; }
a:focus-visible { outline: 2px solid #3b6df6; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  body { background: #020617; color: #f1f5f9; }
  main { background: #0f172a; }
  a { color: #93b4ff; }
}
</style>
</head>
<body>
<main>
<h1>${escape(t("title"))}</h1>
<p>${escape(t("body"))}</p>
<p>${escape(wait)}</p>
<p><a href="/login">${escape(t("back"))}</a></p>
</main>
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
