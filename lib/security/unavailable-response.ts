// The answer while the database is down (lib/database-health.ts): HTTP 503 with
// Retry-After, at once, from proxy.ts. A person gets a small page in their language; a
// script gets `{ "status": "unavailable", "retryAfter": N }`.
import "server-only";
import { plainPage, requestTranslator, wantsJson } from "./plain-page";

const RETRY_AFTER_SECONDS = 5;

export function unavailableResponse(request: Request): Response {
  const headers = { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };
  if (wantsJson(request)) return Response.json({ status: "unavailable", retryAfter: RETRY_AFTER_SECONDS }, { status: 503, headers });
  const { locale, t } = requestTranslator(request, "unavailable");
  return new Response(plainPage(locale, t("title"), [t("body"), t("wait")], t("back")), {
    status: 503,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}
