// A small self-contained page for answers the app gives before (or instead of) its own
// pages: no script and no stylesheet to load, so it works even where the app's assets
// are refused. Used by the 429 answer (rate-limit-response.ts), the refusal of
// requests no page of ours makes (refused-request.ts) and the 503 while the database is
// down (unavailable-response.ts).
import "server-only";
import { createTranslator } from "next-intl";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

const MESSAGES: Record<Locale, typeof en> = { en, ru };

/** The request's language (the language switch's cookie, then Accept-Language) and its translator. */
export function requestTranslator<N extends keyof typeof en>(request: Request, namespace: N) {
  const locale = resolveLocale(localeCookie(request), request.headers.get("accept-language"));
  return { locale, t: createTranslator({ locale, messages: MESSAGES[locale], namespace }) };
}

/** A script's request (Accept: application/json, or a fetch to /api/… that is no page navigation) gets JSON, not a page. */
export function wantsJson(request: Request): boolean {
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

/** The page: a heading, paragraphs, and a link back to /login. */
export function plainPage(locale: Locale, title: string, paragraphs: string[], back: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)} · Vkhod</title>
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
<h1>${escape(title)}</h1>
${paragraphs.map((text) => `<p>${escape(text)}</p>`).join("\n")}
<p><a href="/login">${escape(back)}</a></p>
</main>
</body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
