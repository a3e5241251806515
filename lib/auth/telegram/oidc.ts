// Telegram's OpenID Connect (oauth.telegram.org, since Bot API 9.5): an Auth.js OIDC
// provider, like the other OAuth providers in lib/auth/providers/.
//
//   page      /login's "Continue with Telegram" button (signInWith, lib/auth/sign-in-actions.ts)
//   routes    GET /api/auth/signin/telegram-oidc, /api/auth/callback/telegram-oidc (Auth.js)
//   emulator  under /telegram (its issuer): /.well-known/openid-configuration, /auth, /token,
//             /.well-known/jwks.json (emulators/telegram/oidc.ts)
//
// - Issuer AUTH_TELEGRAM_OIDC_ISSUER (https://oauth.telegram.org), with its /auth and
//   /token endpoints given here rather than discovered: Auth.js's callback refuses a
//   discovery document without a userinfo_endpoint, even for OIDC where it never calls
//   it, and Telegram publishes none. The id_token's issuer, audience and expiry are
//   still checked against this issuer. Code flow with PKCE (S256) and state; the token
//   request authenticates with HTTP Basic.
// - There is no documented userinfo endpoint: the profile is the verified id_token's
//   claims. Its `sub` is opaque; the account id is the numeric Telegram user id in the
//   `id` claim, so this lands on the same "telegram" account as the widget, the bot
//   login and the Mini App (lib/identity.ts).
// - Unconfirmed (?): whether the token answer carries access_token and token_type,
//   which Auth.js requires. `conform` fills them in when they are missing; Vkhod uses
//   only the id_token.
//
// Credentials from @BotFather's OpenID Connect settings: AUTH_TELEGRAM_ID (the bot's
// numeric id) and AUTH_TELEGRAM_SECRET. Redirect URI (https only, listed in BotFather):
// `<origin>/api/auth/callback/telegram-oidc`.
import "server-only";
import { customFetch } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { env } from "@/lib/env";
import { accountId, conformJson } from "../providers/errors";
import { providerFetch } from "../providers/fetch";

type TelegramClaims = { sub: string; id: number; name?: string; preferred_username?: string; picture?: string };

export function telegramOidc(): OIDCConfig<TelegramClaims> {
  return {
    id: "telegram-oidc",
    name: "Telegram",
    type: "oidc",
    issuer: env.AUTH_TELEGRAM_OIDC_ISSUER,
    clientId: env.AUTH_TELEGRAM_ID,
    clientSecret: env.AUTH_TELEGRAM_SECRET,
    checks: ["pkce", "state"],
    authorization: { url: `${env.AUTH_TELEGRAM_OIDC_ISSUER}/auth`, params: { scope: "openid profile" } },
    token: {
      url: `${env.AUTH_TELEGRAM_OIDC_ISSUER}/token`,
      conform: (response: Response) =>
        conformJson(response, (body) => ({ access_token: "none", token_type: "bearer", ...body })),
    },
    profile(claims) {
      return {
        id: accountId(claims.id, "Telegram"),
        name: claims.name || claims.preferred_username || null,
        email: null,
        image: claims.picture || null,
      };
    },
    [customFetch]: providerFetch,
  };
}
