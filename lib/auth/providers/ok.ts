// Odnoklassniki (OK.ru): our own provider; Auth.js has none.
//
// - The authorization-code flow with state (the old guides' implicit flow puts the
//   token in the URL). Scopes are separated by ";".
// - The token answer says token_type "session"; Auth.js wants "bearer": `conform`.
// - The profile comes from a signed API call, users.getCurrentUser on fb.do:
//     secret = md5(access_token + client_secret)
//     sig    = md5(every parameter but access_token, session_key and sig, sorted by
//              name, written "name=value" with no separator, then + secret)
//   all lowercase hex. API errors come with HTTP 200 as {"error_code": …}.
//
// Credentials from https://ok.ru/vitrine/myuploaded (the app's settings mail):
// AUTH_OK_ID (application id), AUTH_OK_PUBLIC_KEY (public key), AUTH_OK_SECRET
// (secret key). Redirect URI: `<origin>/api/auth/callback/ok`. Hosts:
// AUTH_OK_CONNECT_URL (https://connect.ok.ru), AUTH_OK_API_URL (https://api.ok.ru).
import "server-only";
import { createHash } from "node:crypto";
import { customFetch } from "next-auth";
import type { OAuthConfig } from "next-auth/providers";
import { env } from "@/lib/env";
import { accountId, conformJson, ProviderAnswerError, readJson } from "./errors";
import { providerFetch } from "./fetch";
import { defineProvider, providerEmail } from "./types";

type OkUser = {
  uid: string;
  name?: string;
  first_name?: string;
  last_name?: string;
  pic_3?: string;
  pic_2?: string;
  email?: string;
};

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

/** The `sig` of an OK API call (see above). */
export function okSignature(params: Record<string, string>, accessToken: string, clientSecret: string): string {
  const signed = Object.keys(params)
    .filter((name) => !["access_token", "session_key", "sig"].includes(name))
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join("");
  return md5(signed + md5(accessToken + clientSecret));
}

function okProvider(): OAuthConfig<OkUser> {
  return {
    id: "ok",
    name: "Odnoklassniki",
    type: "oauth",
    clientId: env.AUTH_OK_ID,
    clientSecret: env.AUTH_OK_SECRET,
    client: { token_endpoint_auth_method: "client_secret_post" },
    checks: ["state"],
    [customFetch]: providerFetch,
    authorization: { url: `${env.AUTH_OK_CONNECT_URL}/oauth/authorize`, params: { scope: "VALUABLE_ACCESS;GET_EMAIL", layout: "w" } },
    token: {
      url: `${env.AUTH_OK_API_URL}/oauth/token.do`,
      conform: (response: Response) =>
        conformJson(response, (body) => ({ ...body, token_type: body.token_type === "session" ? "bearer" : body.token_type })),
    },
    userinfo: {
      url: `${env.AUTH_OK_API_URL}/fb.do`,
      async request({ tokens }: { tokens: { access_token?: string } }) {
        const accessToken = tokens.access_token ?? "";
        const params: Record<string, string> = {
          application_key: env.AUTH_OK_PUBLIC_KEY ?? "",
          fields: "uid,name,first_name,last_name,pic_2,pic_3,email",
          format: "json",
          method: "users.getCurrentUser",
        };
        const query = new URLSearchParams({ ...params, sig: okSignature(params, accessToken, env.AUTH_OK_SECRET ?? ""), access_token: accessToken });
        const answer = (await readJson(await providerFetch(`${env.AUTH_OK_API_URL}/fb.do?${query}`), "OK")) as OkUser & {
          error_code?: number;
          error_msg?: string;
        };
        if (answer.error_code !== undefined) throw new ProviderAnswerError(`OK API error ${answer.error_code}: ${answer.error_msg ?? ""}`);
        return answer;
      },
    },
    profile(user) {
      return {
        id: accountId(user.uid, "OK"),
        name: user.name || [user.first_name, user.last_name].filter(Boolean).join(" ") || null,
        // OK does not say whether the address was confirmed: it matches no one.
        ...providerEmail(user.email, false),
        image: user.pic_3 || user.pic_2 || null,
      };
    },
  };
}

export const ok = defineProvider("ok", "Odnoklassniki", okProvider);
