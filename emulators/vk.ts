// VK's legacy OAuth (oauth.vk.com) and API (api.vk.com), as strict as VK.
//
// Endpoints under <emulator>/vk (both AUTH_VK_OAUTH_URL and AUTH_VK_API_URL):
//   GET      /authorize          the account chooser; PKCE is refused, as VK refuses it
//   POST     /authorize/decide   its answer (not a VK URL)
//   GET|POST /access_token       client_id, client_secret, redirect_uri, code (query or
//                                form) -> {access_token, expires_in, user_id, email?}:
//                                no token_type, as at VK
//   GET      /method/users.get   {"response": [...]}; errors come with HTTP 200 as
//                                {"error": {error_code, error_msg, request_params}}
// The user id is the one VK ID gives for the same person (emulators/vkid.ts).
import { avatarUrl } from "./kit/avatars";
import { authorizeEndpoint, createCodeFlow, decideEndpoint } from "./kit/code-flow";
import { bearerToken, readQueryAndForm, sendJson, type Request, type Response } from "./kit/http";
import { randomToken } from "./kit/secrets";
import { emulatedBy, type EmulatorContext, type EmulatorDefinition, routes } from "./kit/types";
import { testUsers } from "./kit/users";
import { vkUserId } from "./vkid";

export const VK_DEMO_CLIENT = { id: "7700001", secret: "vkhodDemoProtectedKey" };

async function start({ baseUrl, appUrls, faults, now }: EmulatorContext) {
  const base = `${baseUrl}/vk`;
  const flow = createCodeFlow({
    now,
    provider: "VK",
    brandColour: "#0077ff",
    clients: [{ ...VK_DEMO_CLIENT, redirectUris: appUrls.map((app) => `${app}/api/auth/callback/vk`) }],
    users: testUsers,
    decideUrl: `${base}/authorize/decide`,
    codeTtlMs: 60 * 60_000,
    tokenTtlMs: 24 * 3600_000,
    pkce: "unsupported",
    pkceMethods: [],
    scopeSeparator: /[ ,]/,
    newCode: () => randomToken(14),
    newToken: () => `vk1.a.${randomToken(60)}`,
  });

  const authorize = authorizeEndpoint(flow, "VK", {
    unknownClient: ["invalid_client", "client_id is incorrect"],
    redirectUriMismatch: ["invalid_request", "redirect_uri is incorrect, check application domain in the settings page"],
  });
  const decide = decideEndpoint(flow, "VK", {
    denied: { error: "access_denied", error_reason: "user_denied", error_description: "User denied your request" },
    granted: () => ({}),
  });

  async function accessToken(req: Request, res: Response, query: URLSearchParams) {
    const params = await readQueryAndForm(req, query);
    const fault = faults.take("vk", "token", flow.whose(params.get("code")));
    if (await faults.applyTransport(fault, res)) return;
    if (fault?.kind === "error") return sendJson(res, 401, { error: "invalid_grant", error_description: "Code is invalid or expired." });
    const client = flow.authenticate(params.get("client_id"), params.get("client_secret"));
    if (!client) return sendJson(res, 401, { error: "invalid_client", error_description: "client_secret is incorrect" });
    const redeemed = flow.redeem(params.get("code") ?? "", { clientId: client.id, redirectUri: params.get("redirect_uri") ?? "" });
    if (!redeemed.ok) {
      return redeemed.reason === "redirect-uri"
        ? sendJson(res, 400, { error: "invalid_grant", error_description: "redirect_uri is incorrect, check application domain in the settings page" })
        : sendJson(res, 401, { error: "invalid_grant", error_description: "Code is invalid or expired." });
    }
    const { grant } = redeemed;
    sendJson(res, 200, {
      access_token: flow.issueToken(grant),
      expires_in: 86400,
      user_id: Number(vkUserId(grant.user.key)),
      ...(grant.scope.includes("email") && grant.user.email ? { email: grant.user.email } : {}),
    });
  }

  async function usersGet(req: Request, res: Response, query: URLSearchParams) {
    const params = await readQueryAndForm(req, query);
    const fault = faults.take("vk", "userinfo", flow.whose(params.get("access_token")));
    if (await faults.applyTransport(fault, res)) return;
    const apiError = (code: number, message: string) =>
      sendJson(res, 200, {
        error: { error_code: code, error_msg: message, request_params: [...params].filter(([k]) => k !== "access_token").map(([key, value]) => ({ key, value })) },
      });
    if (!params.get("v")) return apiError(8, "Invalid request: v (version) is required");
    const grant = flow.tokenGrant(params.get("access_token") ?? bearerToken(req) ?? "");
    if (!grant || fault?.kind === "error") return apiError(5, "User authorization failed: invalid access_token (4).");
    const { user } = grant;
    const fields = (params.get("fields") ?? "").split(",");
    sendJson(res, 200, {
      response: [
        {
          id: Number(vkUserId(user.key)),
          first_name: user.givenName,
          last_name: user.familyName,
          can_access_closed: true,
          is_closed: false,
          ...(fields.includes("photo_100") ? { photo_100: avatarUrl(baseUrl, user) } : {}),
        },
      ],
    });
  }

  return routes({
    "GET /authorize": (_req, res, query) => authorize(res, query),
    "POST /authorize/decide": decide,
    "GET /access_token": accessToken,
    "POST /access_token": accessToken,
    "GET /method/users.get": usersGet,
    "POST /method/users.get": usersGet,
  });
}

export const vkEmulator: EmulatorDefinition = {
  id: "vk",
  providers: emulatedBy("vk"),
  demoEnv: (baseUrl) => ({
    AUTH_VK_ID: VK_DEMO_CLIENT.id,
    AUTH_VK_SECRET: VK_DEMO_CLIENT.secret,
    AUTH_VK_OAUTH_URL: `${baseUrl}/vk`,
    AUTH_VK_API_URL: `${baseUrl}/vk`,
  }),
  start,
};
