// GET /limited?retryAfter=N: the "too many attempts" page (HTTP 429, Retry-After) for
// server actions, which cannot answer with a status of their own and redirect here.
import type { NextRequest } from "next/server";
import { limitedResponse } from "@/lib/security/rate-limit-response";

export const dynamic = "force-dynamic";

const DEFAULT_SECONDS = 60;
const MAX_SECONDS = 86_400;

export function GET(request: NextRequest) {
  const asked = Number(request.nextUrl.searchParams.get("retryAfter") || Number.NaN);
  const seconds = Number.isNaN(asked) ? DEFAULT_SECONDS : Math.min(MAX_SECONDS, Math.max(1, Math.ceil(asked)));
  return limitedResponse(request, seconds);
}
