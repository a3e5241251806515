// The authorization-code machinery every OAuth emulator shares: registered clients,
// the consent page, one-time codes with PKCE, and access tokens. Each provider file
// keeps its own URLs and answer shapes and maps this module's outcomes onto them.
import { consentPage, errorPage } from "./consent-page";
import { GrantStore } from "./grants";
import { readForm, redirect, sendHtml, type Request, type Response } from "./http";
import { pkceMatches, randomToken, safeEqual } from "./secrets";
import { customUser, type TestUser } from "./users";

export type Client = { id: string; secret: string; redirectUris: string[] };

export type AuthorizationRequest = {
  clientId: string;
  redirectUri: string;
  scope: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  /** Other authorization parameters a provider wants to remember (access_type, …). */
  extra: Record<string, string>;
};

export type Grant = AuthorizationRequest & { user: TestUser };

export type AuthorizeOutcome =
  | { ok: true; request: AuthorizationRequest }
  /** Shown to the person, never redirected: the client or its redirect_uri is not trusted. */
  | { ok: false; show: "unknown-client" | "redirect-uri-mismatch" }
  /** Sent back to the redirect_uri as ?error=…&error_description=…&state=… */
  | { ok: false; redirect: { error: string; description: string; redirectUri: string; state?: string } };

export type RedeemOutcome =
  | { ok: true; grant: Grant }
  | {
      ok: false;
      reason: "unknown-code" | "used-code" | "expired-code" | "other-client" | "redirect-uri" | "verifier-missing" | "verifier-wrong";
    };

export type CodeFlowOptions = {
  /** The provider's name on its consent page. */
  provider: string;
  brandColour: string;
  clients: Client[];
  users: readonly TestUser[];
  /** Where the consent page posts its answer. */
  decideUrl: string;
  codeTtlMs: number;
  tokenTtlMs: number;
  /** "required": no code without a challenge; "optional": checked when sent; "unsupported": refused. */
  pkce: "required" | "optional" | "unsupported";
  pkceMethods: string[];
  /** Whether a missing state is refused (VK ID's rule). */
  stateRequired?: boolean;
  scopeSeparator: string | RegExp;
  /** The provider's refusal of these scopes (error and description), or undefined. */
  checkScope?: (scope: string[]) => [error: string, description: string] | undefined;
  /** Authorization parameters to remember for the token step. */
  extraParams?: string[];
  newCode?: () => string;
  newToken?: () => string;
  now?: () => number;
};

export function createCodeFlow(options: CodeFlowOptions) {
  const pending = new GrantStore<AuthorizationRequest>(10 * 60_000, options.now);
  const codes = new GrantStore<Grant>(options.codeTtlMs, options.now);
  const tokens = new GrantStore<Grant>(options.tokenTtlMs, options.now);

  function authorize(query: URLSearchParams): AuthorizeOutcome {
    const client = options.clients.find((c) => c.id === query.get("client_id"));
    if (!client) return { ok: false, show: "unknown-client" };
    const redirectUri = query.get("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri)) return { ok: false, show: "redirect-uri-mismatch" };
    const state = query.get("state") ?? undefined;
    const refuse = (error: string, description: string): AuthorizeOutcome => ({
      ok: false,
      redirect: { error, description, redirectUri, state },
    });

    const seen = new Set<string>();
    for (const key of query.keys()) {
      if (seen.has(key)) return refuse("invalid_request", `Parameter ${key} is repeated`);
      seen.add(key);
    }
    if (query.get("response_type") !== "code") return refuse("unsupported_response_type", "Only response_type=code is supported");
    if (options.stateRequired && !state) return refuse("invalid_request", "state is required");
    const scope = (query.get("scope") ?? "").split(options.scopeSeparator).filter(Boolean);
    const scopeProblem = options.checkScope?.(scope);
    if (scopeProblem) return refuse(...scopeProblem);

    const codeChallenge = query.get("code_challenge") ?? undefined;
    const method = query.get("code_challenge_method") ?? undefined;
    if (options.pkce === "unsupported" && (codeChallenge || method)) {
      return refuse("invalid_request", "Code challenge method is unsupported");
    }
    if (options.pkce === "required" && !codeChallenge) return refuse("invalid_request", "code_challenge is required");
    const codeChallengeMethod = codeChallenge ? (method ?? "plain") : undefined;
    if (codeChallengeMethod && !options.pkceMethods.includes(codeChallengeMethod)) {
      return refuse("invalid_request", "Code challenge method is unsupported");
    }
    if (codeChallenge && !/^[A-Za-z0-9\-._~]{43,128}$/.test(codeChallenge)) return refuse("invalid_request", "Invalid code_challenge");

    const extra: Record<string, string> = {};
    for (const name of options.extraParams ?? []) {
      const value = query.get(name);
      if (value !== null) extra[name] = value;
    }
    return {
      ok: true,
      request: { clientId: client.id, redirectUri, scope, state, nonce: query.get("nonce") ?? undefined, codeChallenge, codeChallengeMethod, extra },
    };
  }

  /** The consent page for an accepted authorization request. */
  function consent(request: AuthorizationRequest): string {
    return consentPage({
      provider: options.provider,
      brandColour: options.brandColour,
      appName: "Vkhod",
      action: options.decideUrl,
      requestId: pending.issue(request),
      users: options.users,
      scopes: request.scope,
    });
  }

  /**
   * Reads the consent page's answer. Returns undefined when the request is unknown or
   * was answered already; otherwise the request and either the chosen person or denial.
   */
  async function decide(req: Request): Promise<
    | undefined
    | { request: AuthorizationRequest; denied: true }
    | { request: AuthorizationRequest; denied: false; user: TestUser; code: string }
  > {
    const form = await readForm(req);
    const answered = pending.redeem(form.get("request") ?? "");
    if (!answered.ok) return undefined;
    const request = answered.value;
    if (form.get("deny")) return { request, denied: true };
    const chosen = form.get("user");
    const name = form.get("name")?.trim();
    const user = chosen ? options.users.find((u) => u.key === chosen) : name ? customUser(name, form.get("email") ?? "") : undefined;
    if (!user) return undefined;
    const code = codes.issue({ ...request, user }, (options.newCode ?? (() => randomToken(32)))());
    return { request, denied: false, user, code };
  }

  /** The registered client with these credentials, or undefined. */
  function authenticate(clientId: string | null | undefined, secret: string | null | undefined): Client | undefined {
    const client = options.clients.find((c) => c.id === clientId);
    return client && secret != null && safeEqual(secret, client.secret) ? client : undefined;
  }

  /** Uses a code up (a second try fails even when the first one was refused). */
  function redeem(code: string, check: { clientId: string; redirectUri?: string | null; verifier?: string | null }): RedeemOutcome {
    const redeemed = codes.redeem(code);
    if (!redeemed.ok) return { ok: false, reason: `${redeemed.reason}-code` as const };
    const grant = redeemed.value;
    if (grant.clientId !== check.clientId) return { ok: false, reason: "other-client" };
    if (check.redirectUri !== undefined && check.redirectUri !== grant.redirectUri) return { ok: false, reason: "redirect-uri" };
    if (grant.codeChallenge) {
      if (!check.verifier) return { ok: false, reason: "verifier-missing" };
      if (!pkceMatches(check.verifier, grant.codeChallenge, grant.codeChallengeMethod ?? "plain")) {
        return { ok: false, reason: "verifier-wrong" };
      }
    }
    return { ok: true, grant };
  }

  /** A new access token for a grant. */
  function issueToken(grant: Grant): string {
    return tokens.issue(grant, (options.newToken ?? (() => randomToken(48)))());
  }

  /** The person an unused code or a live access token was issued for (so a test's fault hits only its own person). */
  function whose(codeOrToken: string | null | undefined): TestUser | undefined {
    return codeOrToken ? (codes.peek(codeOrToken)?.user ?? tokens.peek(codeOrToken)?.user) : undefined;
  }

  return { authorize, consent, decide, authenticate, redeem, issueToken, whose, tokenGrant: (token: string) => tokens.peek(token) };
}

/** The URL the browser goes back to, with these parameters (and the request's state). */
export function callbackUrl(request: { redirectUri: string; state?: string }, params: Record<string, string>): string {
  const url = new URL(request.redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  if (request.state) url.searchParams.set("state", request.state);
  return url.toString();
}

type CodeFlow = ReturnType<typeof createCodeFlow>;

/**
 * The authorization endpoint: the consent page for a good request, the provider's
 * error page for an untrusted client or redirect_uri, otherwise back to the app with
 * ?error=…
 */
export function authorizeEndpoint(
  flow: CodeFlow,
  provider: string,
  pages: { unknownClient: [title: string, detail: string]; redirectUriMismatch: [title: string, detail: string] },
) {
  return (res: Response, query: URLSearchParams) => {
    const outcome = flow.authorize(query);
    if (outcome.ok) return sendHtml(res, 200, flow.consent(outcome.request));
    if ("show" in outcome) {
      return outcome.show === "unknown-client"
        ? sendHtml(res, 401, errorPage(provider, ...pages.unknownClient))
        : sendHtml(res, 400, errorPage(provider, ...pages.redirectUriMismatch));
    }
    redirect(res, callbackUrl(outcome.redirect, { error: outcome.redirect.error, error_description: outcome.redirect.description }));
  };
}

/** The consent page's answer: back to the app with a code (and `extra`) or with the provider's denial. */
export function decideEndpoint(
  flow: CodeFlow,
  provider: string,
  answers: {
    denied: Record<string, string>;
    granted: (grant: { request: AuthorizationRequest; code: string; user: TestUser }) => Record<string, string>;
  },
) {
  return async (req: Request, res: Response) => {
    const answer = await flow.decide(req);
    if (!answer) return sendHtml(res, 400, errorPage(provider, "invalid_request", "This sign-in request has expired or was already answered."));
    if (answer.denied) return redirect(res, callbackUrl(answer.request, answers.denied));
    redirect(res, callbackUrl(answer.request, { code: answer.code, ...answers.granted(answer) }));
  };
}
