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
// invalid_client), an unregistered redirect_uri (an error page, no redirect; later
// redirect_uri_mismatch), a missing or wrong code_verifier, a reused or expired code
// (60 s; invalid_grant), an unknown access token (401).
import { createHash } from "node:crypto";
import { avatarUrl } from "./kit/avatars";
import { consentPage, errorPage } from "./kit/consent-page";
import { GrantStore } from "./kit/grants";
import {
  basicCredentials,
  bearerToken,
  readForm,
  redirect,
  repeatedParam,
  sendHtml,
  sendJson,
  type Request,
  type Response,
} from "./kit/http";
import { createSigningKey } from "./kit/keys";
import { pkceMatches, randomToken, safeEqual } from "./kit/secrets";
import type { EmulatorDefinition } from "./kit/types";
import { customUser, fullName, numericId, testUsers, type TestUser } from "./kit/users";

export const GOOGLE_DEMO_CLIENT = {
  id: "vkhod-demo.apps.googleusercontent.com",
  secret: "GOCSPX-vkhod-demo-secret",
};

const CODE_TTL_MS = 60_000;
const TOKEN_TTL_S = 3599;
const KNOWN_SCOPES = new Set([
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/userinfo.email",
  "https://www.googleapis.com/auth/userinfo.profile",
]);

type AuthorizationRequest = {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  accessType?: string;
};

type Grant = AuthorizationRequest & { user: TestUser };

const issuerFor = (baseUrl: string) => `${baseUrl}/google`;

async function start({ baseUrl, appUrls, faults }: Parameters<EmulatorDefinition["start"]>[0]) {
  const issuer = issuerFor(baseUrl);
  const clients = [
    {
      ...GOOGLE_DEMO_CLIENT,
      redirectUris: appUrls.map((app) => `${app}/api/auth/callback/google`),
    },
  ];
  const key = await createSigningKey();
  const pending = new GrantStore<AuthorizationRequest>(10 * 60_000);
  const codes = new GrantStore<Grant>(CODE_TTL_MS);
  const tokens = new GrantStore<Grant>(TOKEN_TTL_S * 1000);

  const sub = (user: TestUser) => numericId(user.key, "google", 21);
  const profile = (user: TestUser) => ({
    sub: sub(user),
    name: fullName(user),
    given_name: user.givenName,
    ...(user.familyName ? { family_name: user.familyName } : {}),
    picture: avatarUrl(baseUrl, user),
    ...(user.email ? { email: user.email, email_verified: user.emailVerified } : {}),
  });

  const tokenError = (res: Response, status: number, error: string, description: string) =>
    sendJson(res, status, { error, error_description: description });

  async function authorize(res: Response, query: URLSearchParams) {
    const client = clients.find((c) => c.id === query.get("client_id"));
    if (!client) {
      return sendHtml(res, 401, errorPage("Google", "Error 401: invalid_client", "The OAuth client was not found."));
    }
    const redirectUri = query.get("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri)) {
      return sendHtml(
        res,
        400,
        errorPage(
          "Google",
          "Error 400: redirect_uri_mismatch",
          `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`,
        ),
      );
    }
    const state = query.get("state") ?? undefined;
    const back = (error: string, description: string) => {
      const url = new URL(redirectUri);
      url.searchParams.set("error", error);
      url.searchParams.set("error_description", description);
      if (state) url.searchParams.set("state", state);
      redirect(res, url.toString());
    };
    const repeated = repeatedParam(query);
    if (repeated) return back("invalid_request", `Parameter ${repeated} is repeated`);
    if (query.get("response_type") !== "code") return back("unsupported_response_type", "Only response_type=code");
    const scope = (query.get("scope") ?? "").split(" ").filter(Boolean);
    if (scope.length === 0) return back("invalid_request", "Missing required parameter: scope");
    const unknownScope = scope.find((s) => !KNOWN_SCOPES.has(s));
    if (unknownScope) return back("invalid_scope", `Some requested scopes were invalid: ${unknownScope}`);
    const codeChallenge = query.get("code_challenge") ?? undefined;
    const codeChallengeMethod = codeChallenge ? (query.get("code_challenge_method") ?? "plain") : undefined;
    if (codeChallengeMethod && !["plain", "S256"].includes(codeChallengeMethod)) {
      return back("invalid_request", "Invalid code_challenge_method");
    }
    if (codeChallenge && !/^[A-Za-z0-9\-._~]{43,128}$/.test(codeChallenge)) {
      return back("invalid_request", "Invalid code_challenge");
    }
    const requestId = pending.issue({
      clientId: client.id,
      redirectUri,
      scope,
      state,
      nonce: query.get("nonce") ?? undefined,
      codeChallenge,
      codeChallengeMethod,
      accessType: query.get("access_type") ?? undefined,
    });
    sendHtml(
      res,
      200,
      consentPage({
        provider: "Google",
        brandColour: "#1a73e8",
        appName: "Vkhod",
        action: `${issuer}/o/oauth2/v2/auth/decide`,
        requestId,
        users: testUsers.filter((u) => u.email),
        scopes: scope,
      }),
    );
  }

  async function decide(req: Request, res: Response) {
    const form = await readForm(req);
    const request = pending.redeem(form.get("request") ?? "");
    if (!request.ok) {
      return sendHtml(res, 400, errorPage("Google", "Error 400: invalid_request", "This sign-in request has expired."));
    }
    const { redirectUri, state } = request.value;
    const url = new URL(redirectUri);
    if (state) url.searchParams.set("state", state);
    if (form.get("deny")) {
      url.searchParams.set("error", "access_denied");
      return redirect(res, url.toString());
    }
    const chosen = form.get("user");
    const user = chosen
      ? testUsers.find((u) => u.key === chosen)
      : form.get("name")?.trim()
        ? customUser(form.get("name")!, form.get("email") ?? "")
        : undefined;
    if (!user) return sendHtml(res, 400, errorPage("Google", "Error 400: invalid_request", "Unknown account."));
    const code = `4/0${randomToken(40)}`;
    codes.issue({ ...request.value, user }, code);
    url.searchParams.set("code", code);
    url.searchParams.set("scope", request.value.scope.join(" "));
    url.searchParams.set("authuser", "0");
    url.searchParams.set("prompt", "consent");
    redirect(res, url.toString());
  }

  async function token(req: Request, res: Response) {
    if (req.method !== "POST") return tokenError(res, 405, "invalid_request", "Method not allowed");
    const fault = faults.take("google", "token");
    if (await faults.applyTransport(fault, res)) return;
    if (fault?.kind === "error") return tokenError(res, 400, "invalid_grant", "Bad Request");

    const form = await readForm(req);
    const repeated = repeatedParam(form);
    if (repeated) return tokenError(res, 400, "invalid_request", `Parameter ${repeated} is repeated`);
    const basic = basicCredentials(req);
    const posted = form.get("client_id");
    if (basic && (posted || form.get("client_secret"))) {
      return tokenError(res, 400, "invalid_request", "Client authentication must use one method only");
    }
    const clientId = basic?.id ?? posted;
    const secret = basic?.secret ?? form.get("client_secret") ?? "";
    if (!clientId) return tokenError(res, 400, "invalid_request", "Could not determine client ID from request.");
    const client = clients.find((c) => c.id === clientId);
    if (!client || !safeEqual(secret, client.secret)) {
      return tokenError(res, 401, "invalid_client", "Unauthorized");
    }
    const grantType = form.get("grant_type");
    if (grantType !== "authorization_code") {
      return tokenError(res, 400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
    }
    const code = form.get("code");
    if (!code) return tokenError(res, 400, "invalid_request", "Missing required parameter: code");
    const redeemed = codes.redeem(code);
    if (!redeemed.ok) return tokenError(res, 400, "invalid_grant", redeemed.reason === "unknown" ? "Malformed auth code." : "Bad Request");
    const grant = redeemed.value;
    if (grant.clientId !== client.id) return tokenError(res, 400, "invalid_grant", "Unauthorized");
    if (form.get("redirect_uri") !== grant.redirectUri) return tokenError(res, 400, "redirect_uri_mismatch", "Bad Request");
    if (grant.codeChallenge) {
      const verifier = form.get("code_verifier");
      if (!verifier) return tokenError(res, 400, "invalid_grant", "Missing code verifier.");
      if (!pkceMatches(verifier, grant.codeChallenge, grant.codeChallengeMethod ?? "plain")) {
        return tokenError(res, 400, "invalid_grant", "Invalid code verifier.");
      }
    }

    const accessToken = `ya29.${randomToken(48)}`;
    tokens.issue(grant, accessToken);
    const now = Math.floor(Date.now() / 1000);
    const atHash = createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
    const claims = {
      iss: fault?.kind === "wrong-iss" ? "https://accounts.google.test" : issuer,
      azp: client.id,
      aud: fault?.kind === "wrong-aud" ? "someone-else.apps.googleusercontent.com" : client.id,
      ...profile(grant.user),
      at_hash: atHash,
      ...(grant.nonce || fault?.kind === "wrong-nonce"
        ? { nonce: fault?.kind === "wrong-nonce" ? randomToken(16) : grant.nonce }
        : {}),
      iat: now,
      exp: now + TOKEN_TTL_S,
    };
    if (!grant.scope.includes("email")) {
      delete (claims as Partial<typeof claims>).email;
      delete (claims as Partial<typeof claims>).email_verified;
    }
    const idToken = await key.sign(claims);
    sendJson(res, 200, {
      access_token: accessToken,
      expires_in: TOKEN_TTL_S,
      scope: grant.scope.join(" "),
      token_type: "Bearer",
      id_token: idToken,
      ...(grant.accessType === "offline" ? { refresh_token: `1//0${randomToken(40)}` } : {}),
    });
  }

  async function userinfo(req: Request, res: Response) {
    const fault = faults.take("google", "userinfo");
    if (await faults.applyTransport(fault, res)) return;
    const grant = tokens.peek(bearerToken(req) ?? "");
    if (!grant || fault?.kind === "error") {
      return sendJson(
        res,
        401,
        { error: "invalid_request", error_description: "Invalid Credentials" },
        { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      );
    }
    const { email, email_verified, ...rest } = profile(grant.user);
    sendJson(res, 200, { ...rest, ...(grant.scope.includes("email") && email ? { email, email_verified } : {}) });
  }

  return {
    async handle(req: Request, res: Response, path: string, query: URLSearchParams) {
      switch (`${req.method} ${path}`) {
        case "GET /.well-known/openid-configuration": {
          const fault = faults.take("google", "discovery");
          if (await faults.applyTransport(fault, res)) return true;
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
          return true;
        }
        case "GET /o/oauth2/v2/auth":
          await authorize(res, query);
          return true;
        case "POST /o/oauth2/v2/auth/decide":
          await decide(req, res);
          return true;
        case "POST /token":
        case "GET /token":
          await token(req, res);
          return true;
        case "GET /v1/userinfo":
        case "POST /v1/userinfo":
          await userinfo(req, res);
          return true;
        case "GET /oauth2/v3/certs":
          sendJson(res, 200, key.jwks);
          return true;
        default:
          return false;
      }
    },
  };
}

export const googleEmulator: EmulatorDefinition = {
  id: "google",
  demoEnv: (baseUrl) => ({
    AUTH_GOOGLE_ID: GOOGLE_DEMO_CLIENT.id,
    AUTH_GOOGLE_SECRET: GOOGLE_DEMO_CLIENT.secret,
    AUTH_GOOGLE_ISSUER: issuerFor(baseUrl),
  }),
  start,
};
