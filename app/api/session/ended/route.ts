// Where requireUser() sends a browser whose session record no longer counts: clears
// the session cookie and shows /login with the reason. A browser whose session is
// still live is sent back to /account, so a forged link cannot sign anyone out.
import { cookies } from "next/headers";
import { NextResponse, type NextRequest } from "next/server";
import { currentSession } from "@/lib/auth/require-user";
import { clearedCookie } from "@/lib/auth/session-claims";
import { isSessionCookie } from "@/lib/security/cookies";

export async function GET(request: NextRequest) {
  if (await currentSession()) return NextResponse.redirect(new URL("/account", request.url));
  const response = NextResponse.redirect(new URL("/login?error=session-ended", request.url));
  // With the attributes it was set with: a __Secure- cookie cleared without Secure stays.
  for (const { name } of (await cookies()).getAll()) if (isSessionCookie(name)) response.headers.append("Set-Cookie", clearedCookie(name));
  return response;
}
