// Google's OpenID Connect provider, as strict as accounts.google.com.
//
// Endpoints (under <emulator>/google, which is the issuer):
//   GET  /.well-known/openid-configuration   discovery
//   GET  /o/oauth2/v2/auth                   authorization: the account chooser
//   POST /o/oauth2/v2/auth/decide            the chooser's answer (not a Google URL)
//   POST /token                              code exchange, client_secret_basic or _post
//   GET  /v1/userinfo                        profile for a Bearer access token
//   GET  /oauth2/v3/certs                    JWKS (RS256, with kid)
// Refused the way Google refuses them: an unknown client or wrong secret (401
// invalid_client), an unregistered redirect_uri (an error page, no redirect; at the
// token step redirect_uri_mismatch), a missing or wrong code_verifier, a reused or
// expired code (60 s; invalid_grant), an unknown access token (401).
import { createHash } from "node:crypto";
import { avatarUrl } from "./kit/avatars";
import { authorizeEndpoint, createCodeFlow, decideEndpoint, type RedeemOutcome } from "./kit/code-flow";
import { basicCredentials, bearerToken, readForm, repeatedParam, sendJson, type Request, type Response } from "./kit/http";
import { createSigningKey } from "./kit/keys";
import { randomToken } from "./kit/secrets";
import { emulatedBy, type EmulatorContext, type EmulatorDefinition, routes } from "./kit/types";
import { fullName, numericId, testUsers, type TestUser } from "./kit/users";

export const GOOGLE_DEMO_CLIENT = {
  id: "vkhod-demo.apps.googleusercontent.com",
  secret: "GOCSPX-vkhod-demo-secret",
};

const TOKEN_TTL_S = 3599;
const KNOWN_SCOPES = new Set([
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/userinfo.email",
  "https://www.googleapis.com/auth/userinfo.profile",
]);

const issuerFor = (baseUrl: string) => `${baseUrl}/google`;

const redeemErrors: Record<Exclude<RedeemOutcome, { ok: true }>["reason"], [string, string]> = {
  "unknown-code": ["invalid_grant", "Malformed auth code."],
  "used-code": ["invalid_grant", "Bad Request"],
  "expired-code": ["invalid_grant", "Bad Request"],
  "other-client": ["invalid_grant", "Unauthorized"],
  "redirect-uri": ["redirect_uri_mismatch", "Bad Request"],
  "verifier-missing": ["invalid_grant", "Missing code verifier."],
  "verifier-wrong": ["invalid_grant", "Invalid code verifier."],
};

async function start({ baseUrl, appUrls, faults, now }: EmulatorContext) {
  const issuer = issuerFor(baseUrl);
  const key = await createSigningKey();
  const flow = createCodeFlow({
    now,
    provider: "Google",
    brandColour: "#1a73e8",
    clients: [{ ...GOOGLE_DEMO_CLIENT, redirectUris: appUrls.map((app) => `${app}/api/auth/callback/google`) }],
    users: testUsers.filter((u) => u.email),
    decideUrl: `${issuer}/o/oauth2/v2/auth/decide`,
    codeTtlMs: 60_000,
    tokenTtlMs: TOKEN_TTL_S * 1000,
    pkce: "optional",
    pkceMethods: ["plain", "S256"],
    scopeSeparator: " ",
    checkScope: (scope) => {
      if (scope.length === 0) return ["invalid_request", "Missing required parameter: scope"];
      const unknown = scope.find((s) => !KNOWN_SCOPES.has(s));
      return unknown ? ["invalid_scope", `Some requested scopes were invalid: ${unknown}`] : undefined;
    },
    extraParams: ["access_type"],
    newCode: () => `4/0${randomToken(40)}`,
    newToken: () => `ya29.${randomToken(48)}`,
  });

  const profile = (user: TestUser, withEmail: boolean) => ({
    sub: numericId(user.key, "google", 21),
    name: fullName(user),
    given_name: user.givenName,
    ...(user.familyName ? { family_name: user.familyName } : {}),
    picture: avatarUrl(baseUrl, user),
    ...(withEmail && user.email ? { email: user.email, email_verified: user.emailVerified } : {}),
  });

  const tokenError = (res: Response, status: number, error: string, description: string) =>
    sendJson(res, status, { error, error_description: description });

  const authorize = authorizeEndpoint(flow, "Google", {
    unknownClient: ["Error 401: invalid_client", "The OAuth client was not found."],
    redirectUriMismatch: [
      "Error 400: redirect_uri_mismatch",
      "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy.",
    ],
  });
  const decide = decideEndpoint(flow, "Google", {
    denied: { error: "access_denied" },
    granted: ({ request }) => ({ scope: request.scope.join(" "), authuser: "0", prompt: "consent" }),
  });

  async function token(req: Request, res: Response) {
    if (req.method !== "POST") return tokenError(res, 405, "invalid_request", "Method not allowed");
    const form = await readForm(req);
    const fault = faults.take("google", "token", flow.whose(form.get("code")));
    if (await faults.applyTransport(fault, res)) return;
    if (fault?.kind === "error") return tokenError(res, 400, "invalid_grant", "Bad Request");
    const repeated = repeatedParam(form);
    if (repeated) return tokenError(res, 400, "invalid_request", `Parameter ${repeated} is repeated`);
    const basic = basicCredentials(req);
    if (basic && (form.has("client_id") || form.has("client_secret"))) {
      return tokenError(res, 400, "invalid_request", "Client authentication must use one method only");
    }
    const clientId = basic?.id ?? form.get("client_id");
    if (!clientId) return tokenError(res, 400, "invalid_request", "Could not determine client ID from request.");
    const client = flow.authenticate(clientId, basic?.secret ?? form.get("client_secret"));
    if (!client) return tokenError(res, 401, "invalid_client", "Unauthorized");
    const grantType = form.get("grant_type");
    if (grantType !== "authorization_code") return tokenError(res, 400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
    const code = form.get("code");
    if (!code) return tokenError(res, 400, "invalid_request", "Missing required parameter: code");
    const redeemed = flow.redeem(code, { clientId: client.id, redirectUri: form.get("redirect_uri"), verifier: form.get("code_verifier") });
    if (!redeemed.ok) return tokenError(res, 400, ...redeemErrors[redeemed.reason]);
    const { grant } = redeemed;

    const accessToken = flow.issueToken(grant);
    // id_tokens carry real time: the app checks them against its own clock.
    const issuedAt = Math.floor(Date.now() / 1000);
    const idToken = await key.sign({
      iss: fault?.kind === "wrong-iss" ? "https://accounts.google.test" : issuer,
      azp: client.id,
      aud: fault?.kind === "wrong-aud" ? "someone-else.apps.googleusercontent.com" : client.id,
      ...profile(grant.user, grant.scope.includes("email")),
      at_hash: createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url"),
      ...(fault?.kind === "wrong-nonce" ? { nonce: randomToken(16) } : grant.nonce ? { nonce: grant.nonce } : {}),
      iat: issuedAt,
      exp: issuedAt + TOKEN_TTL_S,
    });
    sendJson(res, 200, {
      access_token: accessToken,
      expires_in: TOKEN_TTL_S,
      scope: grant.scope.join(" "),
      token_type: "Bearer",
      id_token: idToken,
      ...(grant.extra.access_type === "offline" ? { refresh_token: `1//0${randomToken(40)}` } : {}),
    });
  }

  async function userinfo(req: Request, res: Response) {
    const grant = flow.tokenGrant(bearerToken(req) ?? "");
    const fault = faults.take("google", "userinfo", grant?.user);
    if (await faults.applyTransport(fault, res)) return;
    if (!grant || fault?.kind === "error") {
      return sendJson(
        res,
        401,
        { error: "invalid_request", error_description: "Invalid Credentials" },
        { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      );
    }
    sendJson(res, 200, profile(grant.user, grant.scope.includes("email")));
  }

  async function discovery(_req: Request, res: Response) {
    const fault = faults.take("google", "discovery");
    if (await faults.applyTransport(fault, res)) return;
    sendJson(res, 200, {
      issuer,
      authorization_endpoint: `${issuer}/o/oauth2/v2/auth`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/v1/userinfo`,
      jwks_uri: `${issuer}/oauth2/v3/certs`,
      response_types_supported: ["code", "token", "id_token", "code token", "code id_token", "none"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "profile"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      claims_supported: ["aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "picture", "sub"],
      code_challenge_methods_supported: ["plain", "S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
    });
  }

  return routes({
    "GET /.well-known/openid-configuration": discovery,
    "GET /o/oauth2/v2/auth": (_req, res, query) => authorize(res, query),
    "POST /o/oauth2/v2/auth/decide": decide,
    "POST /token": token,
    "GET /token": token,
    "GET /v1/userinfo": userinfo,
    "POST /v1/userinfo": userinfo,
    "GET /oauth2/v3/certs": (_req, res) => sendJson(res, 200, key.jwks),
  });
}

export const googleEmulator: EmulatorDefinition = {
  id: "google",
  providers: emulatedBy("google"),
  demoEnv: (baseUrl) => ({
    AUTH_GOOGLE_ID: GOOGLE_DEMO_CLIENT.id,
    AUTH_GOOGLE_SECRET: GOOGLE_DEMO_CLIENT.secret,
    AUTH_GOOGLE_ISSUER: issuerFor(baseUrl),
  }),
  start,
};
