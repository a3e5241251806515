// Yandex ID: OAuth 2.0 with the built-in Auth.js provider, pointed at configurable
// hosts and hardened.
//
// - PKCE (S256) and state.
// - The profile comes from `login.yandex.ru/info` with the token in Yandex's documented
//   `Authorization: OAuth <token>` header. Its `client_id` must be ours: a token that
//   was minted for another app is refused.
// - The picture is `<AUTH_YANDEX_AVATAR_URL>/get-yapic/<default_avatar_id>/islands-200`
//   unless Yandex says the avatar is empty; the email is `default_email`; the name is
//   real_name before display_name, which is often the login.
//
// Credentials: AUTH_YANDEX_ID and AUTH_YANDEX_SECRET from https://oauth.yandex.ru
// (README); the redirect URI to register is `<origin>/api/auth/callback/yandex`.
import "server-only";
import Yandex, { type YandexProfile } from "next-auth/providers/yandex";
import { customFetch } from "next-auth";
import { env } from "@/lib/env";
import { accountId, ProviderCheckError, readJson } from "./errors";
import { providerFetch } from "./fetch";
import { defineProvider, providerEmail } from "./types";

export const YANDEX_SCOPE = "login:info login:email login:avatar";

type YandexInfo = YandexProfile & { client_id?: string };

export const yandex = defineProvider("yandex", "Yandex ID", () =>
  Yandex({
    [customFetch]: providerFetch,
    clientId: env.AUTH_YANDEX_ID,
    clientSecret: env.AUTH_YANDEX_SECRET,
    checks: ["pkce", "state"],
    authorization: { url: `${env.AUTH_YANDEX_OAUTH_URL}/authorize`, params: { scope: YANDEX_SCOPE } },
    token: `${env.AUTH_YANDEX_OAUTH_URL}/token`,
    userinfo: {
      url: `${env.AUTH_YANDEX_LOGIN_URL}/info?format=json`,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const response = await providerFetch(`${env.AUTH_YANDEX_LOGIN_URL}/info?format=json`, {
          headers: { authorization: `OAuth ${tokens.access_token}` },
        });
        const info = (await readJson(response, "Yandex")) as YandexInfo;
        if (info.client_id !== env.AUTH_YANDEX_ID) {
          throw new ProviderCheckError("Yandex's answer is for a token minted for another application");
        }
        return info;
      },
    },
    profile(info: YandexInfo) {
      // The person's name first: display_name is often just the login.
      const name = info.real_name || [info.first_name, info.last_name].filter(Boolean).join(" ") || info.display_name || info.login;
      return {
        id: accountId(info.id, "Yandex"),
        name: name || null,
        // Yandex lists only addresses the person confirmed (?), so they count as verified.
        ...providerEmail(info.default_email || info.emails?.[0], true),
        image:
          info.default_avatar_id && !info.is_avatar_empty
            ? `${env.AUTH_YANDEX_AVATAR_URL}/get-yapic/${info.default_avatar_id.split("/").map(encodeURIComponent).join("/")}/islands-200`
            : null,
      };
    },
  }),
);
