// VK ID (OAuth 2.1): what VK issues to new apps. Not built into Auth.js.
//
// - PKCE (S256) and state, both mandatory at VK ID. Scope: personal info and email.
// - VK ID sends a `device_id` with the code to our callback and wants it back with the
//   code in the token request; Auth.js has no way to pass it. The Auth.js route keeps
//   the callback request in request-scoped storage (lib/auth/request-context.ts), and
//   this provider's `customFetch` adds its device_id (and state) to the token request.
// - The token answer carries an id_token whose issuer and audience VK does not
//   document; we take nothing from it, so `conform` drops it rather than let Auth.js
//   fail on an unknown issuer.
// - User info comes from `POST /oauth2/user_info` (POST only) as `{ user: {...} }`.
//   user_id is the same VK user id legacy VK OAuth gives, so both land on one account
//   (lib/auth/providers/identity.ts).
//
// Credentials: AUTH_VKID_ID (the app id from https://id.vk.com/about/business);
// web apps have no client secret (AUTH_VKID_SECRET only if VK gave you one). Redirect
// URI to register: `<origin>/api/auth/callback/vkid`. Host: AUTH_VKID_URL
// (https://id.vk.ru; VK moved it from id.vk.com in late 2025).
import "server-only";
import { customFetch } from "next-auth";
import type { OAuthConfig } from "next-auth/providers";
import { env } from "@/lib/env";
import { authRequestContext } from "../request-context";
import { accountId, conformJson, ProviderAnswerError, readJson } from "./errors";
import { providerFetch } from "./fetch";
import { defineProvider, providerEmail } from "./types";

type VkIdUser = {
  user_id: string;
  first_name?: string;
  last_name?: string;
  avatar?: string;
  email?: string;
  phone?: string;
};

const host = env.AUTH_VKID_URL;
const tokenUrl = `${host}/oauth2/auth`;

/** Adds the callback's device_id and state to the token request (see above). */
async function fetchWithDeviceId(...[input, init]: Parameters<typeof fetch>): Promise<Response> {
  const url = input instanceof Request ? input.url : input.toString();
  if (url.startsWith(tokenUrl) && init?.body instanceof URLSearchParams) {
    const callback = authRequestContext.getStore()?.request;
    const params = callback ? new URL(callback.url).searchParams : undefined;
    for (const name of ["device_id", "state"]) {
      const value = params?.get(name);
      if (value) init.body.set(name, value);
    }
  }
  return providerFetch(input, init);
}

function vkIdProvider(): OAuthConfig<VkIdUser> {
  return {
    id: "vkid",
    name: "VK ID",
    type: "oauth",
    clientId: env.AUTH_VKID_ID,
    clientSecret: env.AUTH_VKID_SECRET,
    client: { token_endpoint_auth_method: env.AUTH_VKID_SECRET ? "client_secret_post" : "none" },
    checks: ["pkce", "state"],
    // No "phone": Vkhod neither stores nor shows one, so it does not ask for it.
    authorization: { url: `${host}/authorize`, params: { scope: "vkid.personal_info email" } },
    token: {
      url: tokenUrl,
      conform: (response: Response) => conformJson(response, ({ id_token, ...rest }) => rest),
    },
    userinfo: {
      url: `${host}/oauth2/user_info`,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const response = await providerFetch(`${host}/oauth2/user_info`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ access_token: tokens.access_token ?? "", client_id: env.AUTH_VKID_ID ?? "" }),
        });
        const answer = (await readJson(response, "VK ID")) as { user?: VkIdUser; error?: string; error_description?: string };
        if (!answer.user) throw new ProviderAnswerError(`VK ID refused user_info: ${answer.error ?? "no user"} ${answer.error_description ?? ""}`);
        return answer.user;
      },
    },
    profile(user) {
      return {
        id: accountId(user.user_id, "VK ID"),
        name: [user.first_name, user.last_name].filter(Boolean).join(" ") || null,
        // VK ID does not say whether the address was confirmed (?): it matches no one.
        ...providerEmail(user.email, false),
        image: user.avatar || null,
      };
    },
    [customFetch]: fetchWithDeviceId,
  };
}

export const vkid = defineProvider("vkid", "VK ID", vkIdProvider);
