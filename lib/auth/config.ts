// The part of the Auth.js configuration that needs no database and no providers; lib/
// auth/index.ts builds on it. The session cookie is ours (lib/auth/session-token.ts):
// a signed session id, not Auth.js's encrypted JWT.
import type { NextAuthConfig } from "next-auth";
import { safeRedirectPath } from "./safe-redirect";
import { sessionJwt } from "./session-token";

export const authConfig = {
  providers: [],
  session: { strategy: "jwt" },
  jwt: sessionJwt,
  // Auth.js never shows a page of its own: each of its pages is ours, in both languages.
  pages: { signIn: "/login", error: "/login", signOut: "/logout", verifyRequest: "/login" },
  trustHost: true,
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionId = typeof token.sid === "string" ? token.sid : undefined;
      return session;
    },
    redirect({ url, baseUrl }) {
      return new URL(safeRedirectPath(url, baseUrl), baseUrl).toString();
    },
  },
} satisfies NextAuthConfig;
