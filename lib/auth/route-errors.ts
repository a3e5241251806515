// Wraps the Auth.js route:
// - a failed sign-in lands on /login with a reason a person can read ("you pressed
//   Deny", "Google did not answer") instead of Auth.js's catch-all "Configuration";
// - no Auth.js route sees a session cookie whose session record was revoked, expired or
//   deleted: a callback would link the new identity to that user, and /api/auth/session
//   would answer with the user's name and email and a fresh cookie. Such a cookie is
//   hidden from Auth.js and cleared in the answer;
// - no Auth.js route sees one of its own cookies (callback-url, csrf-token…) that does
//   not decode, nor a callback URL (cookie or parameter) that is no http(s) URL: only
//   the client can have made those, and Auth.js answers them with a 500.
import "server-only";
import { NextRequest } from "next/server";
import { limitRoute } from "@/lib/security/limit-request";
import { CALLBACK_URL_COOKIES, isSessionCookie } from "@/lib/security/cookies";
import { withoutDeadSession } from "./browser-session";
import { clearedCookie } from "./session-claims";
import { unavailableResponse } from "@/lib/security/unavailable-response";
import { authRequestContext, type AuthRequestContext } from "./request-context";
import { signInErrorReason } from "./sign-in-errors";

type Handler = (request: NextRequest) => Promise<Response>;

export function withReadableErrors(handler: Handler): Handler {
  return async (incoming) => {
    // Sign-in starts and provider callbacks are limited per client address.
    const path = incoming.nextUrl.pathname;
    const limit = path.includes("/callback/") ? "callback" : path.includes("/signin/") && incoming.method === "POST" ? "sign-in" : null;
    const limited = limit && (await limitRoute(incoming, limit));
    if (limited) return limited;
    const wellFormed = withoutMalformedInput(incoming);
    let request: NextRequest;
    try {
      request = await withoutDeadSession(wellFormed, (headers) => new NextRequest(wellFormed, { headers }));
    } catch {
      // The session could not be checked (the database): a 503, the cookie untouched.
      return unavailableResponse(incoming);
    }
    const context = { request, error: undefined as unknown } as AuthRequestContext;
    let response = await authRequestContext.run(context, () => handler(request));
    if (context.databaseUnreachable) return unavailableResponse(incoming);
    // Only a dead session cookie is cleared in the answer; a live one stays.
    if (request !== wellFormed) response = withDeadCookiesCleared(response, incoming);
    if (context.error === undefined) return response;
    const location = response.headers.get("location");
    if (!location) return response;
    const target = new URL(location, request.url);
    if (target.pathname !== "/login" || !target.searchParams.has("error")) return response;
    const providerError = request.nextUrl.searchParams.get("error");
    target.searchParams.set("error", signInErrorReason(context.error, providerError));
    const headers = new Headers(response.headers);
    headers.set("location", target.toString());
    return new Response(null, { status: response.status, headers });
  };
}

/** An http(s) URL (absolute, or a path on `base`), as Auth.js requires of a callback URL. */
function isHttpUrl(value: string, base: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * The request without what Auth.js answers with a 500 and only a client can have made:
 * its own cookies whose value is not valid percent-encoding, a callback-url cookie or a
 * `callbackUrl` parameter that is no http(s) URL. Auth.js then uses its defaults.
 */
function withoutMalformedInput(request: NextRequest): NextRequest {
  const parts = (request.headers.get("cookie") ?? "").split(";");
  const kept = parts.filter((part) => {
    const at = part.indexOf("=");
    const name = part.slice(0, at).trim();
    if (at < 0 || !name.includes("authjs.")) return true;
    try {
      const value = decodeURIComponent(part.slice(at + 1).trim());
      return !(CALLBACK_URL_COOKIES as readonly string[]).includes(name) || isHttpUrl(value, request.url);
    } catch {
      return false;
    }
  });
  // Every one of them: Auth.js reads the last, a check of the first alone let a second through.
  const badParameter = request.nextUrl.searchParams.getAll("callbackUrl").some((value) => !isHttpUrl(value, request.url));
  if (kept.length === parts.length && !badParameter) return request;
  const headers = new Headers(request.headers);
  headers.set("cookie", kept.join(";"));
  const url = new URL(request.url);
  if (badParameter) url.searchParams.delete("callbackUrl");
  // A body (a POST) is passed on as the stream it is, which needs `duplex`.
  return new NextRequest(url, { method: request.method, headers, body: request.body, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);
}

/** The response, also telling the browser to drop the dead session cookie it sent. */
function withDeadCookiesCleared(response: Response, incoming: NextRequest): Response {
  const headers = new Headers(response.headers);
  for (const { name } of incoming.cookies.getAll()) {
    if (isSessionCookie(name)) headers.append("set-cookie", clearedCookie(name));
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
