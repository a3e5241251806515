// Auth.js for the app: providers, the Prisma adapter and server-side session records.
// The route at app/api/auth/[...nextauth] re-exports `handlers`.
//
// Every OAuth sign-in passes through the signIn callback, which hands the proved
// identity to lib/account/identities.ts: it signs in, links to the signed-in user,
// re-authenticates, refuses, or parks a pending link (email collision). The Telegram
// ways in make the same call before Auth.js is involved (lib/auth/telegram/sign-in.ts).
import "server-only";
import { isUnreachable, suspectDatabase } from "@/lib/database-health";
import { logEvent } from "@/lib/log";
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { resolveIdentity } from "@/lib/account/identities";
import { completePendingLink } from "@/lib/account/pending-link";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createAdapter } from "./adapter";
import { rememberLastMethod } from "./last-method";
import { browserSession } from "./browser-session";
import { authConfig } from "./config";
import { withProfileCapture, identityProfile } from "./profile-capture";
import { enabledProviders } from "./providers";
import { authRequestContext, callbackPath, requestClientInfo } from "./request-context";
import { withReadableErrors } from "./route-errors";
import { grantProvider } from "./grant";
import { findLiveSession, PASSKEY, RECOVERY_CODE, revokeLoginSession, startLoginSession } from "./sessions";
import { describeError } from "./sign-in-errors";

const nextAuth = NextAuth({
  ...authConfig,
  adapter: createAdapter(db),
  secret: env.AUTH_SECRET,
  // The configured providers, and passkeys and recovery codes, which our own code
  // decides (lib/passkeys/sign-in.ts, lib/second-factor/recovery-sign-in.ts) and hands over as a grant.
  providers: [
    ...enabledProviders.map((provider) => withProfileCapture(provider.create())),
    grantProvider(PASSKEY, "Passkey"),
    grantProvider(RECOVERY_CODE, "Recovery code"),
  ],
  session: { strategy: "jwt", maxAge: env.AUTH_SESSION_MAX_AGE },
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ user, account }) {
      // Telegram's ways have decided already, before Auth.js (lib/auth/telegram/sign-in.ts).
      if (!account || account.type === "credentials") return true;
      const context = authRequestContext.getStore();
      const outcome = await resolveIdentity({
        identity: { provider: account.provider, providerAccountId: account.providerAccountId, type: account.type },
        profile: context?.profile ?? identityProfile(user),
        current: context?.request ? await browserSession(context.request) : null,
        returnTo: callbackPath(),
        client: requestClientInfo(),
      });
      return "redirect" in outcome ? outcome.redirect : true;
    },
    async jwt({ token, user, account, trigger }) {
      // "signUp" is a first sign-in, which also created the user.
      if ((trigger === "signIn" || trigger === "signUp") && user?.id && account) {
        const client = requestClientInfo();
        const session = await startLoginSession({ userId: user.id, provider: account.provider, passkeyId: authRequestContext.getStore()?.passkeyId, ...client });
        await completePendingLink(db, user.id, client, callbackPath(), undefined, undefined, session.id);
        await rememberLastMethod(account.provider);
        token.sid = session.id;
        return token;
      }
      // Every other read of the cookie by Auth.js (/api/auth/session, auth()): a session
      // whose record was revoked, expired or deleted ends here, and Auth.js clears it.
      // A check that fails (the database down, its pool full, a timeout) says nothing
      // about the session: Auth.js would clear the cookie on any error here and sign the
      // person out, so the cookie is kept and the route answers 503
      // (lib/auth/route-errors.ts). Only a record that says so ends a session. Pages make
      // their own check (requireUser()), which fails with them.
      let live: Awaited<ReturnType<typeof findLiveSession>> = null;
      try {
        live = typeof token.sid === "string" ? await findLiveSession(token.sid) : null;
      } catch (error) {
        if (isUnreachable(error)) suspectDatabase();
        const context = authRequestContext.getStore();
        if (!context) throw error; // outside our route there is no one to answer 503
        context.databaseUnreachable = true;
        return token;
      }
      return live && live.userId === token.sub ? token : null;
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
      logEvent("error", { event: "auth-error", error: describeError(error) });
    },
    warn(code) {
      if (code !== "debug-enabled") logEvent("warn", { event: "auth-warning", warning: code });
    },
  },
});

export const { auth, signIn, signOut } = nextAuth;

export const handlers = {
  GET: withReadableErrors(nextAuth.handlers.GET as (request: NextRequest) => Promise<Response>),
  POST: withReadableErrors(nextAuth.handlers.POST as (request: NextRequest) => Promise<Response>),
};
