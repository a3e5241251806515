// VK's legacy OAuth, for apps created before VK ID, on the built-in Auth.js provider
// with its known faults fixed:
// - legacy VK rejects PKCE ("Code challenge method is unsupported"): state only;
// - its token answer has no token_type, which Auth.js requires: `conform` adds one;
// - the email comes in the token answer, not from the API;
// - API errors come with HTTP 200 as {"error": {...}}: they fail the sign-in;
// - the user id is a number, and the Prisma adapter needs a string.
// The user id is the one VK ID gives, so both land on one account
// (lib/auth/providers/identity.ts).
//
// Credentials: AUTH_VK_ID and AUTH_VK_SECRET (the app's id and protected key at
// https://vk.com/apps?act=manage). Redirect URI: `<origin>/api/auth/callback/vk`.
// Hosts: AUTH_VK_OAUTH_URL (https://oauth.vk.com), AUTH_VK_API_URL (https://api.vk.com).
import "server-only";
import VK from "next-auth/providers/vk";
import { customFetch } from "next-auth";
import { env } from "@/lib/env";
import { accountId, conformJson, ProviderAnswerError, readJson } from "./errors";
import { providerFetch } from "./fetch";
import { defineProvider, providerEmail } from "./types";

const API_VERSION = "5.131";

type VkUser = { id: number; first_name?: string; last_name?: string; photo_100?: string; email?: string | null };
type VkAnswer = { response?: VkUser[]; error?: { error_code?: number; error_msg?: string } };

export const vk = defineProvider("vk", "VK", () =>
  VK({
    [customFetch]: providerFetch,
    clientId: env.AUTH_VK_ID,
    clientSecret: env.AUTH_VK_SECRET,
    checks: ["state"],
    authorization: { url: `${env.AUTH_VK_OAUTH_URL}/authorize`, params: { scope: "email", v: API_VERSION, display: "page" } },
    token: {
      url: `${env.AUTH_VK_OAUTH_URL}/access_token?v=${API_VERSION}`,
      conform: (response: Response) => conformJson(response, (body) => ({ token_type: "bearer", ...body })),
    },
    userinfo: {
      url: `${env.AUTH_VK_API_URL}/method/users.get`,
      async request({ tokens }: { tokens: { access_token?: string; email?: string } }) {
        const url = new URL(`${env.AUTH_VK_API_URL}/method/users.get`);
        url.search = new URLSearchParams({ fields: "photo_100", v: API_VERSION, access_token: tokens.access_token ?? "" }).toString();
        const answer = (await readJson(await providerFetch(url), "VK")) as VkAnswer;
        const user = answer.response?.[0];
        if (answer.error || !user) {
          throw new ProviderAnswerError(`VK API error ${answer.error?.error_code ?? "?"}: ${answer.error?.error_msg ?? "no user"}`);
        }
        return { ...user, email: tokens.email ?? null };
      },
    },
    profile(user: VkUser) {
      return {
        id: accountId(user.id, "VK"),
        name: [user.first_name, user.last_name].filter(Boolean).join(" ") || null,
        // VK does not say whether the address was confirmed: it matches no one.
        ...providerEmail(user.email, false),
        image: user.photo_100 || null,
      };
    },
  }),
);
