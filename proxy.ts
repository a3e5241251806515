// The optimistic gate: a request for a protected page without a session cookie goes to
// /login. It never reads the database; requireUser() on the page makes the real check
// (is the session record still live?).
//
// Only a page load (a browser navigation) goes through Auth.js's wrapper, which also
// re-issues the cookie with a fresh expiry and so keeps an active session going.
// Everything else (the router's prefetches and client navigations, server actions, the
// data export's POST) only has its cookie looked at: a cookie re-issued on one of those
// responses could land after a sign-out (a prefetch still in flight when the person
// pressed "Sign out", or the sign-out action's own response) and bring it back.
import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);

function toLogin(request: NextRequest) {
  const login = new URL("/login", request.nextUrl);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

const pageLoad = auth((request) => (request.auth ? undefined : toLogin(request)));

export function proxy(request: NextRequest, event: Parameters<typeof pageLoad>[1]) {
  if (request.headers.get("sec-fetch-mode") === "navigate") return pageLoad(request, event);
  if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.next();
  const hasCookie = request.cookies.getAll().some((cookie) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(cookie.name));
  return hasCookie ? NextResponse.next() : toLogin(request);
}

export const config = { matcher: ["/account/:path*"] };
