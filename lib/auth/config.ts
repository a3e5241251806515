// The part of the Auth.js configuration that needs no database and no providers: what
// proxy.ts uses to read the session cookie. lib/auth/index.ts builds on it.
import type { NextAuthConfig } from "next-auth";
import { safeRedirectPath } from "./safe-redirect";

export const authConfig = {
  providers: [],
  session: { strategy: "jwt" },
  pages: { signIn: "/login", error: "/login" },
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
