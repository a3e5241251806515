// Yandex ID (oauth.yandex.ru and login.yandex.ru), as strict as Yandex.
//
// Endpoints under <emulator>/yandex (both AUTH_YANDEX_OAUTH_URL and _LOGIN_URL):
//   GET  /authorize            the account chooser (PKCE S256 or plain, optional)
//   POST /authorize/decide     its answer (not a Yandex URL)
//   POST /token                code exchange; client credentials by Basic or in the body
//   GET  /info?format=json     the profile: `Authorization: OAuth <token>` (documented),
//                              Bearer, or ?oauth_token=; fields by granted scope
//   GET  /avatars/get-yapic/<id>/islands-200   the avatar (AUTH_YANDEX_AVATAR_URL)
// Refused like Yandex: unknown client or wrong secret (400 invalid_client), an
// unregistered redirect_uri (error page), wrong PKCE, a used or expired code
// (400 invalid_grant "Code has expired"/"Invalid code"), a bad token (401).
import { sendAvatar } from "./kit/avatars";
import { authorizeEndpoint, createCodeFlow, decideEndpoint, type RedeemOutcome } from "./kit/code-flow";
import { basicCredentials, bearerToken, readForm, sendJson, type Request, type Response } from "./kit/http";
import { randomToken } from "./kit/secrets";
import { emulatedBy, type EmulatorContext, type EmulatorDefinition, routes } from "./kit/types";
import { fullName, numericId, testUsers, type TestUser } from "./kit/users";

export const YANDEX_DEMO_CLIENT = { id: "0c7f5e1a9b2d4c6e8f0a1b2c3d4e5f60", secret: "vkhod-demo-yandex-secret" };

const SCOPES = new Set(["login:info", "login:email", "login:avatar", "login:default_phone", "login:birthday"]);

const redeemErrors: Record<Exclude<RedeemOutcome, { ok: true }>["reason"], string> = {
  "unknown-code": "Invalid code",
  "used-code": "Code has expired",
  "expired-code": "Code has expired",
  "other-client": "Code was issued to another application",
  "redirect-uri": "redirect_uri does not match",
  "verifier-missing": "Code verifier is required",
  "verifier-wrong": "Code verifier is not valid",
};

async function start({ baseUrl, appUrls, faults, now }: EmulatorContext) {
  const base = `${baseUrl}/yandex`;
  const flow = createCodeFlow({
    now,
    provider: "Yandex ID",
    brandColour: "#fc3f1d",
    clients: [{ ...YANDEX_DEMO_CLIENT, redirectUris: appUrls.map((app) => `${app}/api/auth/callback/yandex`) }],
    users: testUsers,
    decideUrl: `${base}/authorize/decide`,
    codeTtlMs: 10 * 60_000,
    tokenTtlMs: 365 * 24 * 3600_000,
    pkce: "optional",
    pkceMethods: ["S256", "plain"],
    scopeSeparator: /[ +]/,
    checkScope: (scope) => {
      const unknown = scope.find((s) => !SCOPES.has(s));
      return unknown ? ["invalid_scope", `Unknown scope: ${unknown}`] : undefined;
    },
    newToken: () => `y0_${randomToken(40)}`,
  });

  const authorize = authorizeEndpoint(flow, "Yandex ID", {
    unknownClient: ["invalid_client", "Application not found."],
    redirectUriMismatch: ["redirect_uri", "redirect_uri does not match the Callback URL set for the application."],
  });
  const decide = decideEndpoint(flow, "Yandex ID", { denied: { error: "access_denied", error_description: "User denied access" }, granted: () => ({ cid: randomToken(8) }) });

  const tokenError = (res: Response, error: string, description: string) => sendJson(res, 400, { error, error_description: description });

  async function token(req: Request, res: Response) {
    const form = await readForm(req);
    const fault = faults.take("yandex", "token", flow.whose(form.get("code")));
    if (await faults.applyTransport(fault, res)) return;
    if (fault?.kind === "error") return tokenError(res, "invalid_grant", "Code has expired");
    const basic = basicCredentials(req);
    const client = flow.authenticate(basic?.id ?? form.get("client_id"), basic?.secret ?? form.get("client_secret"));
    if (!client) return tokenError(res, "invalid_client", basic?.id || form.get("client_id") ? "Wrong client secret" : "Client not found");
    if (form.get("grant_type") !== "authorization_code") return tokenError(res, "unsupported_grant_type", "Unsupported grant_type");
    const code = form.get("code");
    if (!code) return tokenError(res, "invalid_request", "Missing code");
    // Yandex does not require redirect_uri at this step; it checks one that is sent.
    const redirectUri = form.get("redirect_uri");
    const redeemed = flow.redeem(code, { clientId: client.id, redirectUri: redirectUri ?? undefined, verifier: form.get("code_verifier") });
    if (!redeemed.ok) return tokenError(res, "invalid_grant", redeemErrors[redeemed.reason]);
    sendJson(res, 200, {
      token_type: "bearer",
      access_token: flow.issueToken(redeemed.grant),
      expires_in: 31536000,
      refresh_token: `1:${randomToken(24)}`,
    });
  }

  function profile(user: TestUser, scope: string[], clientId: string) {
    const id = numericId(user.key, "yandex", 10);
    const login = user.email ? user.email.split("@")[0]! : `user${id}`;
    return {
      id,
      login,
      client_id: clientId,
      psuid: `1.${randomToken(12)}`,
      ...(scope.includes("login:info")
        ? { first_name: user.givenName, last_name: user.familyName, display_name: login, real_name: fullName(user), sex: null }
        : {}),
      // Yandex lists only addresses the person confirmed.
      ...(scope.includes("login:email") && user.email && user.emailVerified ? { default_email: user.email, emails: [user.email] } : {}),
      ...(scope.includes("login:avatar") ? { default_avatar_id: `${user.key}/${id}`, is_avatar_empty: false } : {}),
      ...(scope.includes("login:default_phone") && user.phone ? { default_phone: { id: Number(id.slice(-6)), number: user.phone } } : {}),
    };
  }

  async function info(req: Request, res: Response, query: URLSearchParams) {
    const token = bearerToken(req, "oauth") ?? bearerToken(req) ?? query.get("oauth_token") ?? "";
    const grant = flow.tokenGrant(token);
    const fault = faults.take("yandex", "userinfo", grant?.user);
    if (await faults.applyTransport(fault, res)) return;
    if (!grant || fault?.kind === "error") {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'OAuth realm="yandex"' });
      return res.end("401 Unauthorized");
    }
    const clientId = fault?.kind === "other-client" ? "ffffffffffffffffffffffffffffffff" : grant.clientId;
    sendJson(res, 200, profile(grant.user, grant.scope, clientId));
  }

  const api = routes({
    "GET /authorize": (_req, res, query) => authorize(res, query),
    "POST /authorize/decide": decide,
    "POST /token": token,
    "GET /info": info,
  });
  return {
    async handle(req: Request, res: Response, path: string, query: URLSearchParams) {
      const avatar = /^\/avatars\/get-yapic\/(.+)\/islands-200$/.exec(path);
      if (req.method !== "GET" || !avatar) return api.handle(req, res, path, query);
      const key = decodeURIComponent(avatar[1]!).split("/")[0]!;
      const user = testUsers.find((u) => u.key === key);
      sendAvatar(res, key, user ? fullName(user) : key);
      return true;
    },
  };
}

export const yandexEmulator: EmulatorDefinition = {
  id: "yandex",
  providers: emulatedBy("yandex"),
  demoEnv: (baseUrl) => ({
    AUTH_YANDEX_ID: YANDEX_DEMO_CLIENT.id,
    AUTH_YANDEX_SECRET: YANDEX_DEMO_CLIENT.secret,
    AUTH_YANDEX_OAUTH_URL: `${baseUrl}/yandex`,
    AUTH_YANDEX_LOGIN_URL: `${baseUrl}/yandex`,
    AUTH_YANDEX_AVATAR_URL: `${baseUrl}/yandex/avatars`,
  }),
  start,
};
