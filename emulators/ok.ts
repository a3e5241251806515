// Odnoklassniki (connect.ok.ru and api.ok.ru), as strict as OK.
//
// Endpoints under <emulator>/ok (both AUTH_OK_CONNECT_URL and AUTH_OK_API_URL):
//   GET      /oauth/authorize         the account chooser; scopes separated by ";"
//   POST     /oauth/authorize/decide  its answer (not an OK URL)
//   POST     /oauth/token.do          code, client_id, client_secret, redirect_uri,
//                                     grant_type (query string per OK's docs, or form)
//                                     -> {access_token, token_type: "session", ...}
//   GET|POST /fb.do                   the REST API, method=users.getCurrentUser, signed:
//                                     errors come with HTTP 200 as {error_code, error_msg}
//                                     (104 for a bad sig, 102 for a bad session, 101 for
//                                     an unknown application_key)
// Unconfirmed (?): the HTTP status of token.do's errors; here 400 with
// {error, error_description}.
import { createHash } from "node:crypto";
import { avatarUrl } from "./kit/avatars";
import { authorizeEndpoint, createCodeFlow, decideEndpoint } from "./kit/code-flow";
import { readQueryAndForm, sendJson, type Request, type Response } from "./kit/http";
import { randomToken, safeEqual } from "./kit/secrets";
import { emulatedBy, type EmulatorContext, type EmulatorDefinition, routes } from "./kit/types";
import { fullName, numericId, testUsers } from "./kit/users";

export const OK_DEMO_CLIENT = { id: "512000000001", secret: "0123456789ABCDEFVKHODDEMO", publicKey: "CBAVKHODDEMOABCDE" };

const SCOPES = new Set(["VALUABLE_ACCESS", "GET_EMAIL", "LONG_ACCESS_TOKEN", "PHOTO_CONTENT"]);

/** OK's request signature, written out step by step as OK's documentation gives it. */
function expectedSig(params: URLSearchParams, accessToken: string, clientSecret: string): string {
  const secretKey = createHash("md5").update(accessToken + clientSecret).digest("hex");
  const pairs: string[] = [];
  for (const [name, value] of params) {
    if (name !== "sig" && name !== "access_token" && name !== "session_key") pairs.push(name + "=" + value);
  }
  pairs.sort();
  return createHash("md5").update(pairs.join("") + secretKey).digest("hex");
}

async function start({ baseUrl, appUrls, faults, now }: EmulatorContext) {
  const base = `${baseUrl}/ok`;
  const flow = createCodeFlow({
    now,
    provider: "Odnoklassniki",
    brandColour: "#ee8208",
    clients: [{ ...OK_DEMO_CLIENT, redirectUris: appUrls.map((app) => `${app}/api/auth/callback/ok`) }],
    users: testUsers,
    decideUrl: `${base}/oauth/authorize/decide`,
    codeTtlMs: 2 * 60_000,
    tokenTtlMs: 30 * 60_000,
    pkce: "optional",
    pkceMethods: ["S256"],
    scopeSeparator: ";",
    checkScope: (scope) => {
      const unknown = scope.find((s) => !SCOPES.has(s));
      return unknown ? ["invalid_scope", `Unknown permission ${unknown}`] : undefined;
    },
    newCode: () => randomToken(40),
    newToken: () => `-s-${randomToken(40)}`,
  });

  const authorize = authorizeEndpoint(flow, "Odnoklassniki", {
    unknownClient: ["invalid_client", "Application not found"],
    redirectUriMismatch: ["invalid_request", "redirect_uri mismatch"],
  });
  const decide = decideEndpoint(flow, "Odnoklassniki", { denied: { error: "access_denied" }, granted: () => ({}) });

  async function token(req: Request, res: Response, query: URLSearchParams) {
    const params = await readQueryAndForm(req, query);
    const fault = faults.take("ok", "token", flow.whose(params.get("code")));
    if (await faults.applyTransport(fault, res)) return;
    const fail = (error: string, description: string) => sendJson(res, 400, { error, error_description: description });
    if (fault?.kind === "error") return fail("invalid_grant", "Expired code");
    const client = flow.authenticate(params.get("client_id"), params.get("client_secret"));
    if (!client) return fail("invalid_client", "Invalid client_id or client_secret");
    if (params.get("grant_type") !== "authorization_code") return fail("unsupported_grant_type", "Unsupported grant_type");
    const redeemed = flow.redeem(params.get("code") ?? "", { clientId: client.id, redirectUri: params.get("redirect_uri") ?? "" });
    if (!redeemed.ok) return fail("invalid_grant", redeemed.reason === "redirect-uri" ? "Invalid redirect_uri" : "Expired code");
    sendJson(res, 200, {
      access_token: flow.issueToken(redeemed.grant),
      token_type: "session",
      refresh_token: randomToken(40),
      expires_in: "1800",
    });
  }

  async function api(req: Request, res: Response, query: URLSearchParams) {
    const params = await readQueryAndForm(req, query);
    const fault = faults.take("ok", "userinfo", flow.whose(params.get("access_token")));
    if (await faults.applyTransport(fault, res)) return;
    const apiError = (code: number, message: string) => sendJson(res, 200, { error_code: code, error_msg: message, error_data: null });
    if (params.get("application_key") !== OK_DEMO_CLIENT.publicKey) return apiError(101, "PARAM_API_KEY : Application not exist");
    const accessToken = params.get("access_token") ?? "";
    const grant = flow.tokenGrant(accessToken);
    if (!grant || fault?.kind === "error") return apiError(102, "PARAM_SESSION_EXPIRED : Session expired");
    if (!safeEqual(params.get("sig") ?? "", expectedSig(params, accessToken, OK_DEMO_CLIENT.secret))) {
      return apiError(104, "PARAM_SIGNATURE : Invalid signature");
    }
    if (params.get("method") !== "users.getCurrentUser") return apiError(3, "METHOD : Method not found");
    const { user } = grant;
    const picture = avatarUrl(baseUrl, user);
    const all = {
      uid: numericId(user.key, "ok", 12),
      first_name: user.givenName,
      last_name: user.familyName,
      name: fullName(user),
      gender: "female",
      locale: user.locale,
      pic_1: picture,
      pic_2: picture,
      pic_3: picture,
      has_email: Boolean(user.email),
      ...(grant.scope.includes("GET_EMAIL") && user.email ? { email: user.email } : {}),
    };
    const fields = params.get("fields")?.split(",").map((f) => f.trim().toLowerCase());
    sendJson(res, 200, fields ? Object.fromEntries(Object.entries(all).filter(([name]) => name === "uid" || fields.includes(name))) : all);
  }

  return routes({
    "GET /oauth/authorize": (_req, res, query) => authorize(res, query),
    "POST /oauth/authorize/decide": decide,
    "POST /oauth/token.do": token,
    "GET /fb.do": api,
    "POST /fb.do": api,
  });
}

export const okEmulator: EmulatorDefinition = {
  id: "ok",
  providers: emulatedBy("ok"),
  demoEnv: (baseUrl) => ({
    AUTH_OK_ID: OK_DEMO_CLIENT.id,
    AUTH_OK_SECRET: OK_DEMO_CLIENT.secret,
    AUTH_OK_PUBLIC_KEY: OK_DEMO_CLIENT.publicKey,
    AUTH_OK_CONNECT_URL: `${baseUrl}/ok`,
    AUTH_OK_API_URL: `${baseUrl}/ok`,
  }),
  start,
};
