// The optimistic gate: a request for a protected page without a session cookie goes to
// /login. It reads only the signed cookie and never the database; requireUser() on the
// page makes the real check (is the session record still live?).
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);

export const proxy = auth((request) => {
  if (request.auth) return;
  const login = new URL("/login", request.nextUrl);
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
});

export const config = { matcher: ["/account/:path*"] };
