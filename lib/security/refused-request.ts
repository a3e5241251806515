// POSTs to our pages that none of our pages makes, answered plainly (ru/en) instead of
// Next.js failing with a 500:
//   - a server action called from another origin: 403 (Next.js would refuse it too, but
//     as an error);
//   - a form POST whose body does not parse as the form it says it is (an empty
//     multipart POST, say), which Next.js would try to read as a server action: 400;
//   - a server action whose JSON arguments are not JSON, or name one of React's
//     references ("$@1", "$K2"…: parts of a multipart body, which a JSON body has none
//     of) where our pages send only plain values: 400 (React fails to decode them, 500).
// A server action from our own page carries the Next-Action header (with JavaScript) or
// a `$ACTION_…` form field (a form sent before JavaScript ran); the data export's form
// POST goes to a route handler. proxy.ts asks this first.
import "server-only";
import type { NextRequest } from "next/server";
import { plainPage, requestTranslator } from "./plain-page";

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/** A request from another site's page (the browser says so), or naming another origin. */
function fromElsewhere(request: NextRequest): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return Boolean(origin);
  try {
    return new URL(origin).host !== (request.headers.get("x-forwarded-host") ?? request.headers.get("host"));
  } catch {
    return true;
  }
}

function refused(request: NextRequest, status: 400 | 403): Response {
  const { locale, t } = requestTranslator(request, "refused");
  return new Response(plainPage(locale, t("title"), [t(status === 403 ? "elsewhere" : "malformed")], t("back")), {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The refusal for a POST to a page (not /api/) that no page of ours would make, or nothing. */
export async function refusedPagePost(request: NextRequest): Promise<Response | undefined> {
  if (request.method !== "POST" || request.nextUrl.pathname.startsWith("/api/")) return undefined;
  const action = request.headers.has("next-action");
  const form = FORM_TYPES.test(request.headers.get("content-type") ?? "");
  if (!action && !form) return undefined;
  if (fromElsewhere(request)) return refused(request, 403);
  if (action && !form) return (await plainArguments(request)) ? undefined : refused(request, 400);
  if (action) return undefined;
  const fields = await request
    .clone()
    .formData()
    .catch(() => null);
  return fields ? undefined : refused(request, 400);
}

/** React's encodings of plain values in an action's JSON arguments ("$$…" is a string that began with "$"). */
const PLAIN_VALUE = /^\$(\$|undefined$|NaN$|-?Infinity$|-0$|D\d|n-?\d)/;

/** Whether a JSON-encoded server action call carries only plain values (no references React would look up and fail on). */
async function plainArguments(request: NextRequest): Promise<boolean> {
  let args: unknown;
  try {
    args = JSON.parse(await request.clone().text());
  } catch {
    return false;
  }
  const plain = (value: unknown): boolean =>
    typeof value === "string" ? !value.startsWith("$") || PLAIN_VALUE.test(value) : Array.isArray(value) ? value.every(plain) : value && typeof value === "object" ? Object.values(value).every(plain) : true;
  return Array.isArray(args) && plain(args);
}
