// The answer to an attempt over an abuse limit (lib/security/rate-limit.ts): HTTP 429
// with Retry-After. A person gets a small page in their language saying how long to
// wait, with a way back to /login; a script (Accept: application/json, or a fetch to
// /api/… that is not a page navigation, such as the bot-login poll) gets
// `{ "status": "limited", "retryAfter": N }`. Self-contained: no script, no
// stylesheet to load, so it works even where the app's own assets are refused.
import "server-only";
import { plainPage, requestTranslator, wantsJson } from "./plain-page";

export function limitedResponse(request: Request, retryAfter: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfter));
  const headers = { "Retry-After": String(seconds), "Cache-Control": "no-store" };
  if (wantsJson(request)) return Response.json({ status: "limited", retryAfter: seconds }, { status: 429, headers });
  return new Response(page(request, seconds), {
    status: 429,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}

function page(request: Request, seconds: number): string {
  const { locale, t } = requestTranslator(request, "limited");
  const wait =
    seconds < 60
      ? t("waitSeconds", { count: seconds })
      : seconds < 2 * 60 * 60
        ? t("waitMinutes", { count: Math.ceil(seconds / 60) })
        : t("waitHours", { count: Math.ceil(seconds / 3600) });
  return plainPage(locale, t("title"), [t("body"), wait], t("back"));
}
