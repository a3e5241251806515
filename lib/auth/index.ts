// Auth.js for the app: providers, the Prisma adapter and server-side session records.
// The route at app/api/auth/[...nextauth] re-exports `handlers`.
import "server-only";
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createAdapter } from "./adapter";
import { authConfig } from "./config";
import { enabledProviders } from "./providers";
import { authRequestContext, requestClientInfo } from "./request-context";
import { withReadableErrors } from "./route-errors";
import { createLoginSession, revokeLoginSession } from "./sessions";
import { describeError } from "./sign-in-errors";

const nextAuth = NextAuth({
  ...authConfig,
  adapter: createAdapter(db),
  secret: env.AUTH_SECRET,
  providers: enabledProviders.map((provider) => provider.create()),
  session: { strategy: "jwt", maxAge: env.AUTH_SESSION_MAX_AGE },
  callbacks: {
    ...authConfig.callbacks,
    async jwt({ token, user, account, trigger }) {
      // "signUp" is a first sign-in, which also created the user.
      if ((trigger === "signIn" || trigger === "signUp") && user?.id && account) {
        const session = await createLoginSession({
          userId: user.id,
          provider: account.provider,
          ...requestClientInfo(),
        });
        token.sid = session.id;
      }
      return token;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (sid) await revokeLoginSession(sid);
    },
  },
  logger: {
    error(error) {
      const context = authRequestContext.getStore();
      if (context && context.error === undefined) context.error = error;
      console.error(`[auth] ${describeError(error)}`);
    },
    warn(code) {
      if (code !== "debug-enabled") console.warn(`[auth] warning: ${code}`);
    },
  },
});

export const { auth, signIn, signOut } = nextAuth;

export const handlers = {
  GET: withReadableErrors(nextAuth.handlers.GET as (request: NextRequest) => Promise<Response>),
  POST: withReadableErrors(nextAuth.handlers.POST as (request: NextRequest) => Promise<Response>),
};
