// The abuse limits (lib/security/rate-limit.ts) at the door of a route or a server
// action: one attempt per client address, and per user when one is signed in. Over the
// limit, a route answers 429 with Retry-After (lib/security/rate-limit-response.ts),
// and an action, which cannot set a status, goes to /limited, which does.
import "server-only";
import { logEvent } from "@/lib/log";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientKey, consume, type LimitName } from "./rate-limit";
import { limitedResponse } from "./rate-limit-response";

async function overLimit(name: LimitName, requestHeaders: Headers, userId?: string): Promise<number> {
  for (const key of [`ip:${clientKey(requestHeaders)}`, ...(userId ? [`user:${userId}`] : [])]) {
    const result = await consume(name, key);
    if (!result.ok) return result.retryAfter;
  }
  return 0;
}

/** In a route handler: the 429 answer when this request is over `name`'s limit, else null. */
export async function limitRoute(request: Request, name: LimitName, userId?: string): Promise<Response | null> {
  const retryAfter = await overLimit(name, request.headers, userId);
  if (!retryAfter) return null;
  logEvent("warn", { event: "rate-limited", limit: name, path: new URL(request.url).pathname, retryAfter });
  return limitedResponse(request, retryAfter);
}

/** In a server action: to /limited (429) when this request is over `name`'s limit. */
export async function limitAction(name: LimitName, userId?: string): Promise<void> {
  const retryAfter = await overLimit(name, await headers(), userId);
  if (retryAfter) logEvent("warn", { event: "rate-limited", limit: name, retryAfter });
  if (retryAfter) redirect(`/limited?${new URLSearchParams({ retryAfter: String(retryAfter) })}`);
}

/** For a client component's action call: the seconds to wait, or 0. */
export async function limitedFor(name: LimitName): Promise<number> {
  return overLimit(name, await headers());
}
