// Every request but Next's static files passes here, for four things:
//
// 1. The browser policy (lib/security/headers.ts): a Content-Security-Policy with a
//    fresh nonce and the other security headers on the response. The policy also goes
//    on the request (with `x-nonce`), which is how Next finds the nonce to put on its
//    own inline scripts; so every page renders per request (app/layout.tsx).
//
// 2. The optimistic gate for /account: a request for a protected page without a session
//    cookie (one of the right shape) goes to /login. It never reads the database, nor
//    checks the cookie's signature: requireUser() on the page makes the real check (is
//    it ours, is its session record still live?), once per request.
//    A page load (a browser navigation, GET) of /account with a cookie older than
//    SESSION_REFRESH_SECONDS gets it again with a fresh expiry, once the signature is
//    checked, which keeps an active session going. Nothing else does (the router's
//    prefetches and client navigations, server actions, the data export's POST, a form
//    sent without JavaScript): a cookie re-issued on one of those responses could land
//    after a sign-out (a prefetch still in flight when the person pressed "Sign out",
//    or the sign-out action's own response) and bring it back.
//
// 3. POSTs to our pages that none of our pages makes (a server action from another
//    origin, a form that is not a server action) are refused plainly, with the policy,
//    instead of reaching Next.js and failing there (lib/security/refused-request.ts).
//
// 4. While the database is down (lib/database-health.ts), every request gets a readable
//    503 at once (lib/security/unavailable-response.ts), until it is back.
//
// Each request gets a fresh id (X-Request-Id, on the request and the response) that every
// log line about it carries (lib/log.ts); one the client sent is replaced.
import { NextResponse, type NextRequest } from "next/server";
import { isDatabaseDown } from "@/lib/database-health";
import { env } from "@/lib/env";
import { logEvent, REQUEST_ID_HEADER } from "@/lib/log";
import { claimsFromCookie, dueForRefresh, refreshedCookie, sessionCookieName } from "@/lib/auth/session-claims";
import { peekSession } from "@/lib/auth/session-token";
import { createNonce, isHttpsRequest, securityHeaders } from "@/lib/security/headers";
import { refusedPagePost } from "@/lib/security/refused-request";
import { unavailableResponse } from "@/lib/security/unavailable-response";

function toLogin(request: NextRequest) {
  const login = new URL("/login", request.nextUrl);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

/** The /account gate: a response, or nothing to let the request through. */
function gate(request: NextRequest, cookie: ReturnType<typeof peekSession>) {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  return cookie && cookie.expiresAt > Date.now() / 1000 ? undefined : toLogin(request);
}

/** For a page load of /account whose cookie is due, the cookie again (checked first), with a fresh expiry. */
async function refresh(request: NextRequest, overHttps: boolean, cookie: ReturnType<typeof peekSession>) {
  if (!cookie || request.method !== "GET" || request.headers.get("sec-fetch-mode") !== "navigate" || !dueForRefresh(cookie.issuedAt)) return null;
  const claims = await claimsFromCookie((name) => request.cookies.get(name)?.value, overHttps);
  return claims && refreshedCookie(claims, overHttps);
}

export async function proxy(request: NextRequest) {
  const { pathname, protocol } = request.nextUrl;
  const nonce = createNonce();
  const overHttps = isHttpsRequest(protocol, request.headers.get("x-forwarded-proto"));
  const headers = securityHeaders({ env, nonce, path: pathname, isHttps: overHttps, isDev: process.env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", headers["Content-Security-Policy"]!);
  forwarded.set("x-nonce", nonce);
  // Always our own: an id the client chose could be another person's, to mix their lines.
  const requestId = crypto.randomUUID();
  forwarded.set(REQUEST_ID_HEADER, requestId);
  const pass = () => NextResponse.next({ request: { headers: forwarded } });

  // /api/health says for itself what is wrong.
  const unavailable = isDatabaseDown() && pathname !== "/api/health" ? unavailableResponse(request) : undefined;
  const refused = unavailable ?? (await refusedPagePost(request));
  const isAccount = pathname === "/account" || pathname.startsWith("/account/");
  const token = isAccount ? request.cookies.get(sessionCookieName(overHttps))?.value : undefined;
  const cookie = token ? peekSession(token) : null;
  const gated = refused ?? (isAccount ? gate(request, cookie) : undefined);
  if (gated) return finish(gated);
  const response = pass();
  const refreshed = isAccount ? await refresh(request, overHttps, cookie) : null;
  if (refreshed) response.headers.append("Set-Cookie", refreshed);
  return finish(response);

  function finish(response: Response) {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    if (unavailable) logEvent("warn", { event: "unavailable", path: pathname, status: 503 }, requestId);
    else if (refused) logEvent("warn", { event: "request-refused", path: pathname, status: refused.status }, requestId);
    return response;
  }
}

export const config = {
  // Everything but Next's static files, the app's icon (app/icon.svg), the plain files
  // of public/ (favicon.ico, robots.txt) and "who is this?" (/api/auth/session, asked
  // far more often than anything else: it checks the cookie and the database itself,
  // lib/auth/session-endpoint.ts, and has no page to give a policy to). Running this
  // function at all costs more than answering that question.
  matcher: ["/((?!_next/static/|_next/image|icon\\.svg$|favicon\\.ico$|robots\\.txt$|api/auth/session$).*)"],
};
