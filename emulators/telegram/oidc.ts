// Telegram's OpenID Connect (oauth.telegram.org): discovery, keys, the authorization
// page (code flow, PKCE S256 required) and the token endpoint (HTTP Basic only), whose
// id_token carries the numeric Telegram id the other ways in use.
import { createHash } from "node:crypto";
import { avatarUrl } from "../kit/avatars";
import { authorizeEndpoint, createCodeFlow, decideEndpoint } from "../kit/code-flow";
import { basicCredentials, readForm, sendJson, type Request, type Response } from "../kit/http";
import { createSigningKey } from "../kit/keys";
import type { EmulatorContext } from "../kit/types";
import { fullName, testUsers } from "../kit/users";
import { TELEGRAM_DEMO_BOT, telegramUserId } from "./signing";

/** Telegram's OpenID Connect endpoints; the issuer is `base`. */
export async function openIdConnect(base: string, baseUrl: string, appUrls: string[], faults: EmulatorContext["faults"], now: () => number) {
  const key = await createSigningKey();
  const flow = createCodeFlow({
    now,
    provider: "Telegram",
    brandColour: "#54a9eb",
    clients: [{ id: TELEGRAM_DEMO_BOT.id, secret: TELEGRAM_DEMO_BOT.oidcSecret, redirectUris: appUrls.map((app) => `${app}/api/auth/callback/telegram-oidc`) }],
    users: testUsers,
    decideUrl: `${base}/auth/decide`,
    codeTtlMs: 5 * 60_000,
    tokenTtlMs: 3600_000,
    pkce: "required",
    pkceMethods: ["S256"],
    scopeSeparator: " ",
    checkScope: (scope) =>
      !scope.includes("openid")
        ? ["invalid_scope", "openid scope is required"]
        : scope.some((s) => !["openid", "profile", "phone", "telegram:bot_access"].includes(s))
          ? ["invalid_scope", "unknown scope"]
          : undefined,
  });
  const authorize = authorizeEndpoint(flow, "Telegram", {
    unknownClient: ["invalid_client", "Unknown bot."],
    redirectUriMismatch: ["invalid_request", "redirect_uri is not allowed for this bot (BotFather)."],
  });
  const decide = decideEndpoint(flow, "Telegram", { denied: { error: "access_denied" }, granted: () => ({}) });
  const fail = (res: Response, status: number, error: string, description: string) => sendJson(res, status, { error, error_description: description });

  async function token(req: Request, res: Response) {
    const form = await readForm(req);
    const fault = faults.take("telegram", "token", flow.whose(form.get("code")));
    if (await faults.applyTransport(fault, res)) return;
    const basic = basicCredentials(req);
    if (!basic) return fail(res, 401, "invalid_client", "HTTP Basic client authentication is required");
    const client = flow.authenticate(basic.id, basic.secret);
    if (!client) return fail(res, 401, "invalid_client", "Client authentication failed");
    if (form.get("grant_type") !== "authorization_code") return fail(res, 400, "unsupported_grant_type", "Unsupported grant_type");
    const redeemed = flow.redeem(form.get("code") ?? "", { clientId: client.id, redirectUri: form.get("redirect_uri"), verifier: form.get("code_verifier") });
    if (!redeemed.ok) return fail(res, 400, "invalid_grant", `Invalid code (${redeemed.reason})`);
    const { grant } = redeemed;
    const telegramId = telegramUserId(grant.user);
    const issuedAt = Math.floor(Date.now() / 1000);
    const idToken = await key.sign({
      iss: base,
      aud: client.id,
      sub: createHash("sha256").update(`${client.id}:${telegramId}`).digest("base64url"),
      iat: issuedAt,
      exp: issuedAt + 3600,
      id: telegramId,
      name: fullName(grant.user),
      preferred_username: `${grant.user.key}_tg`,
      picture: avatarUrl(baseUrl, grant.user),
      ...(grant.scope.includes("phone") && grant.user.phone ? { phone_number: grant.user.phone } : {}),
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
    sendJson(res, 200, { access_token: flow.issueToken(grant), token_type: "Bearer", expires_in: 3600, id_token: idToken });
  }

  return {
    "GET /.well-known/openid-configuration": (_req: Request, res: Response) =>
      sendJson(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/auth`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/.well-known/jwks.json`,
        response_types_supported: ["code"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "profile", "phone", "telegram:bot_access"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
        code_challenge_methods_supported: ["S256"],
        claims_supported: ["iss", "aud", "sub", "iat", "exp", "id", "name", "preferred_username", "picture", "phone_number"],
      }),
    "GET /.well-known/jwks.json": (_req: Request, res: Response) => sendJson(res, 200, key.jwks),
    "GET /auth": (_req: Request, res: Response, query: URLSearchParams) => authorize(res, query),
    "POST /auth/decide": decide,
    "POST /token": token,
  };
}
