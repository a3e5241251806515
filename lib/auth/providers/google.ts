// Google: OpenID Connect with the built-in Auth.js provider.
//
// Endpoints come from discovery at `${AUTH_GOOGLE_ISSUER}/.well-known/openid-configuration`
// (https://accounts.google.com in production, emulators/google.ts in development and
// tests). The built-in provider checks only PKCE, so we add state and nonce: state ties
// the callback to this browser, nonce ties the id_token to this sign-in.
//
// Credentials: AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET from Google Cloud Console; the
// redirect URI to register is `<origin>/api/auth/callback/google` (see README).
import "server-only";
import Google, { type GoogleProfile } from "next-auth/providers/google";
import { customFetch } from "next-auth";
import { env } from "@/lib/env";
import { providerFetch } from "./fetch";
import { defineProvider, providerEmail } from "./types";

export const google = defineProvider("google", "Google", () =>
  Google({
    [customFetch]: providerFetch,
    clientId: env.AUTH_GOOGLE_ID,
    clientSecret: env.AUTH_GOOGLE_SECRET,
    issuer: env.AUTH_GOOGLE_ISSUER,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile", prompt: "select_account" } },
    profile(profile: GoogleProfile) {
      return {
        id: profile.sub,
        name: profile.name || [profile.given_name, profile.family_name].filter(Boolean).join(" ") || null,
        ...providerEmail(profile.email, profile.email_verified),
        image: profile.picture || null,
      };
    },
  }),
);
