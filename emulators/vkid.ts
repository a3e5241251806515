// VK ID (id.vk.ru, OAuth 2.1), as strict as VK ID.
//
// Endpoints under <emulator>/vkid (AUTH_VKID_URL):
//   GET  /authorize            the account chooser; state and PKCE (s256) mandatory
//   POST /authorize/decide     its answer (not a VK URL): back to the app with
//                              code, state, device_id, type=code_v2, expires_in, ext_id
//   POST /oauth2/auth          code exchange; parameters in the body or the query string
//                              (VK's SDK puts all but the code in the query); no secret;
//                              device_id must be the one that came with the code
//   POST /oauth2/user_info     {user: {...}}; POST only
// Errors are {error, error_description, state}. The user id is the one legacy VK
// OAuth gives for the same person (emulators/vk.ts).
// Unconfirmed (?): VK's documents write the PKCE method as "s256"; this accepts it in
// either case, as Auth.js sends "S256". Whether a code survives a failed exchange is
// not documented; here it does not (stricter).
import { createCodeFlow, authorizeEndpoint, decideEndpoint, type RedeemOutcome } from "./kit/code-flow";
import { avatarUrl } from "./kit/avatars";
import { GrantStore } from "./kit/grants";
import { readForm, readQueryAndForm, sendJson, type Request, type Response } from "./kit/http";
import { createSigningKey } from "./kit/keys";
import { randomToken, safeEqual } from "./kit/secrets";
import { emulatedBy, type EmulatorContext, type EmulatorDefinition, routes } from "./kit/types";
import { numericId, testUsers } from "./kit/users";

export const VKID_DEMO_CLIENT = { id: "52000001", secret: "" };

const SCOPES = new Set(["vkid.personal_info", "email", "phone"]);

const redeemErrors: Record<Exclude<RedeemOutcome, { ok: true }>["reason"], string> = {
  "unknown-code": "Authorization code is invalid",
  "used-code": "Authorization code is invalid or has expired",
  "expired-code": "Authorization code is invalid or has expired",
  "other-client": "Authorization code was issued to another application",
  "redirect-uri": "redirect_uri is invalid",
  "verifier-missing": "code_verifier is missing",
  "verifier-wrong": "code_verifier is invalid",
};

/** The VK user id for a test person: the same in VK ID and legacy VK. */
export const vkUserId = (key: string) => numericId(key, "vk", 9);

async function start({ baseUrl, appUrls, faults, now }: EmulatorContext) {
  const base = `${baseUrl}/vkid`;
  const key = await createSigningKey();
  const deviceIds = new GrantStore<string>(10 * 60_000, now);
  const flow = createCodeFlow({
    now,
    provider: "VK ID",
    brandColour: "#0077ff",
    clients: [{ ...VKID_DEMO_CLIENT, redirectUris: appUrls.map((app) => `${app}/api/auth/callback/vkid`) }],
    users: testUsers,
    decideUrl: `${base}/authorize/decide`,
    codeTtlMs: 10 * 60_000,
    tokenTtlMs: 3600_000,
    pkce: "required",
    pkceMethods: ["s256", "S256"],
    stateRequired: true,
    scopeSeparator: " ",
    checkScope: (scope) => {
      const unknown = scope.find((s) => !SCOPES.has(s));
      return unknown ? ["invalid_scope", `scope ${unknown} is not allowed`] : undefined;
    },
    newCode: () => `vk2.a.${randomToken(40)}`,
    newToken: () => `vk2.a.${randomToken(60)}`,
  });

  const authorize = authorizeEndpoint(flow, "VK ID", {
    unknownClient: ["invalid_client", "Application is not found."],
    redirectUriMismatch: ["invalid_request", "redirect_uri is not in the application's trusted redirect URLs."],
  });
  const decide = decideEndpoint(flow, "VK ID", {
    denied: { error: "access_denied", error_description: "User denied access" },
    granted: ({ code }) => {
      const deviceId = randomToken(24);
      deviceIds.issue(deviceId, code);
      return { device_id: deviceId, type: "code_v2", expires_in: "600", ext_id: randomToken(16) };
    },
  });

  async function token(req: Request, res: Response, query: URLSearchParams) {
    const params = await readQueryAndForm(req, query);
    const state = params.get("state") ?? undefined;
    const fail = (status: number, error: string, description: string) =>
      sendJson(res, status, { error, error_description: description, ...(state ? { state } : {}) });
    const fault = faults.take("vkid", "token", flow.whose(params.get("code")));
    if (await faults.applyTransport(fault, res)) return;
    if (fault?.kind === "error") return fail(400, "invalid_grant", "Authorization code is invalid or has expired");
    if (params.get("grant_type") !== "authorization_code") return fail(400, "unsupported_grant_type", "grant_type is invalid");
    const clientId = params.get("client_id");
    if (!clientId || clientId !== VKID_DEMO_CLIENT.id) return fail(401, "invalid_client", "client_id is invalid");
    const code = params.get("code");
    const deviceId = params.get("device_id");
    if (!code) return fail(400, "invalid_request", "code is missing");
    if (!deviceId) return fail(400, "invalid_request", "device_id is missing");
    const expectedDevice = deviceIds.peek(code);
    const redeemed = flow.redeem(code, { clientId, redirectUri: params.get("redirect_uri"), verifier: params.get("code_verifier") });
    if (!redeemed.ok) return fail(400, "invalid_grant", redeemErrors[redeemed.reason]);
    if (!expectedDevice || !safeEqual(deviceId, expectedDevice)) return fail(400, "invalid_grant", "device_id is invalid");
    const { grant } = redeemed;
    const userId = Number(vkUserId(grant.user.key));
    // id_tokens carry real time: the app checks them against its own clock.
    const issuedAt = Math.floor(Date.now() / 1000);
    sendJson(res, 200, {
      access_token: flow.issueToken(grant),
      refresh_token: `vk2.a.${randomToken(60)}`,
      id_token: await key.sign({ iss: "VK", sub: String(userId), aud: clientId, iat: issuedAt, exp: issuedAt + 3600 }),
      token_type: "Bearer",
      expires_in: 3600,
      user_id: userId,
      state,
      scope: grant.scope.join(" "),
    });
  }

  async function userInfo(req: Request, res: Response) {
    if (req.method !== "POST") return sendJson(res, 405, { error: "invalid_request", error_description: "Method not allowed, use POST" });
    const form = await readForm(req);
    const fault = faults.take("vkid", "userinfo", flow.whose(form.get("access_token")));
    if (await faults.applyTransport(fault, res)) return;
    const grant = flow.tokenGrant(form.get("access_token") ?? "");
    if (!grant || fault?.kind === "error") return sendJson(res, 401, { error: "invalid_token", error_description: "access_token is missing or invalid" });
    if (form.get("client_id") !== grant.clientId) return sendJson(res, 400, { error: "invalid_client", error_description: "client_id is invalid" });
    const { user } = grant;
    sendJson(res, 200, {
      user: {
        user_id: vkUserId(user.key),
        first_name: user.givenName,
        last_name: user.familyName,
        avatar: avatarUrl(baseUrl, user),
        ...(grant.scope.includes("email") && user.email ? { email: user.email } : {}),
        ...(grant.scope.includes("phone") && user.phone ? { phone: user.phone.replace(/^\+/, "") } : {}),
        sex: 0,
        verified: false,
        birthday: "",
      },
    });
  }

  return routes({
    "GET /authorize": (_req, res, query) => authorize(res, query),
    "POST /authorize/decide": decide,
    "POST /oauth2/auth": token,
    "POST /oauth2/user_info": userInfo,
    "GET /oauth2/user_info": userInfo,
  });
}

export const vkidEmulator: EmulatorDefinition = {
  id: "vkid",
  providers: emulatedBy("vkid"),
  demoEnv: (baseUrl) => ({ AUTH_VKID_ID: VKID_DEMO_CLIENT.id, AUTH_VKID_URL: `${baseUrl}/vkid` }),
  start,
};
