// The browser policy every page is served with (proxy.ts sets it on each response):
// a Content-Security-Policy with a fresh nonce, HSTS over HTTPS, a Permissions-Policy,
// COOP and the classic hardening headers. A pure function of the environment and the
// request, so the rules are unit-tested here and proxy.ts stays short.
//
// Why each source is allowed:
// - script-src: our own bundles, Next's inline scripts (they carry the nonce), and the
//   Telegram scripts (the Login Widget, Telegram.WebApp), which are inserted from
//   client code and so cannot carry a nonce: their origins are listed instead. No
//   'unsafe-inline', no 'strict-dynamic'. `next dev` also needs 'unsafe-eval' (React's
//   development build) and ws: for hot reloading.
// - img-src: avatars come from every provider's own host, over https (and from the
//   emulators, over http, in development and tests).
// - frame-src: the real Login Widget draws its button in an iframe from
//   oauth.telegram.org.
// - form-action: a sign-in server action answers with a redirect to the provider's
//   authorization page; before JavaScript has loaded that is a form submission's
//   redirect, which form-action governs.
// - frame-ancestors: no one may frame us, except Telegram's web clients framing the
//   Mini App (AUTH_TELEGRAM_WEBAPP_ORIGINS).
import type { Env } from "@/lib/env-schema";

/** The Login Widget's iframe and popup, and Telegram's OpenID Connect pages. */
export const TELEGRAM_OAUTH_ORIGIN = "https://oauth.telegram.org";

/** The Mini App's page: the one page Telegram's web clients may frame. */
export const MINI_APP_PATH = "/telegram/app";

export type PolicyEnv = Pick<
  Env,
  | "AUTH_GOOGLE_ISSUER"
  | "AUTH_VKID_URL"
  | "AUTH_VK_OAUTH_URL"
  | "AUTH_VK_API_URL"
  | "AUTH_YANDEX_OAUTH_URL"
  | "AUTH_YANDEX_LOGIN_URL"
  | "AUTH_YANDEX_AVATAR_URL"
  | "AUTH_OK_CONNECT_URL"
  | "AUTH_OK_API_URL"
  | "AUTH_TELEGRAM_OIDC_ISSUER"
  | "AUTH_TELEGRAM_BOT_API_URL"
  | "AUTH_TELEGRAM_LINK_URL"
  | "AUTH_TELEGRAM_WIDGET_SCRIPT_URL"
  | "AUTH_TELEGRAM_WEBAPP_SCRIPT_URL"
  | "AUTH_TELEGRAM_WEBAPP_ORIGINS"
>;

export type PolicyInput = {
  env: PolicyEnv;
  /** Fresh for every request (createNonce()). */
  nonce: string;
  /** The request's pathname. */
  path: string;
  /** The browser reached us over HTTPS (see isHttpsRequest). */
  isHttps: boolean;
  /** `next dev`: React's development build needs eval, hot reloading a websocket. */
  isDev: boolean;
};

/** 128 random bits, base64: a nonce for one response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The request came over HTTPS: its own URL says so, or the proxy in front of us does. */
export function isHttpsRequest(protocol: string, forwardedProto: string | null): boolean {
  // With several proxies the first value is what the browser used.
  return protocol === "https:" || forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

const isMiniApp = (path: string) => path.replace(/\/+$/, "") === MINI_APP_PATH;

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { origin } = new URL(url);
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

const origins = (...urls: (string | undefined)[]) => [...new Set(urls.map(originOf).filter((o): o is string => Boolean(o)))];

/** Where each sign-in sends the browser to ask the person (the authorization endpoints). */
function authorizationOrigins(env: PolicyEnv) {
  return origins(
    env.AUTH_GOOGLE_ISSUER,
    env.AUTH_VKID_URL,
    env.AUTH_VK_OAUTH_URL,
    env.AUTH_YANDEX_OAUTH_URL,
    env.AUTH_OK_CONNECT_URL,
    env.AUTH_TELEGRAM_OIDC_ISSUER,
    TELEGRAM_OAUTH_ORIGIN,
  );
}

/** Every provider host we are configured with (avatars may come from any of them). */
function providerOrigins(env: PolicyEnv) {
  return origins(
    ...authorizationOrigins(env),
    env.AUTH_VK_API_URL,
    env.AUTH_YANDEX_LOGIN_URL,
    env.AUTH_YANDEX_AVATAR_URL,
    env.AUTH_OK_API_URL,
    env.AUTH_TELEGRAM_BOT_API_URL,
    env.AUTH_TELEGRAM_LINK_URL,
    env.AUTH_TELEGRAM_WIDGET_SCRIPT_URL,
    env.AUTH_TELEGRAM_WEBAPP_SCRIPT_URL,
  );
}

/** A script's URL as a CSP source: origin and path; nothing for what is not an http(s) URL. */
function scriptSource(url: string | undefined): string[] {
  try {
    const parsed = new URL(url ?? "");
    return /^https?:$/.test(parsed.protocol) ? [`${parsed.origin}${parsed.pathname}`] : [];
  } catch {
    return [];
  }
}

export function contentSecurityPolicy({ env, nonce, path, isDev }: Omit<PolicyInput, "isHttps">): string {
  const [before, after] = policyAround(env, isDev, isMiniApp(path));
  return `${before}${nonce}${after}`;
}

// Everything but the nonce depends on the environment alone: worked out once per
// (environment, dev, Mini App or not), not on every request.
const policies = new WeakMap<PolicyEnv, Map<string, [string, string]>>();
function policyAround(env: PolicyEnv, isDev: boolean, miniApp: boolean): [string, string] {
  let forEnv = policies.get(env);
  if (!forEnv) policies.set(env, (forEnv = new Map()));
  const key = `${isDev} ${miniApp}`;
  let made = forEnv.get(key);
  if (!made) {
    const marker = "\u0000nonce\u0000";
    const [before = "", after = ""] = buildPolicy(env, marker, isDev, miniApp).split(marker);
    forEnv.set(key, (made = [before, after]));
  }
  return made;
}

function buildPolicy(env: PolicyEnv, nonce: string, isDev: boolean, miniApp: boolean): string {
  // The two scripts themselves, not their whole origin (CSP matches a path exactly; the query is not part of it).
  const telegramScripts = [...new Set([env.AUTH_TELEGRAM_WIDGET_SCRIPT_URL, env.AUTH_TELEGRAM_WEBAPP_SCRIPT_URL].flatMap(scriptSource))];
  // https: already allows every https host; only http ones (the emulators) need naming.
  const httpProviders = providerOrigins(env).filter((origin) => origin.startsWith("http:"));
  const framers = miniApp ? origins(...env.AUTH_TELEGRAM_WEBAPP_ORIGINS) : [];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, ...telegramScripts, ...(isDev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:", "https:", ...httpProviders],
    ["connect-src", "'self'", ...(isDev ? ["ws:", "wss:"] : [])],
    ["frame-src", ...origins(TELEGRAM_OAUTH_ORIGIN, env.AUTH_TELEGRAM_WIDGET_SCRIPT_URL)],
    ["form-action", "'self'", ...authorizationOrigins(env)],
    ["frame-ancestors", ...(framers.length ? framers : ["'none'"])],
    ["base-uri", "'none'"],
    ["object-src", "'none'"],
  ];
  return directives.map((sources) => sources.join(" ")).join("; ");
}

/** Features Vkhod never uses, denied to the page and to anything it embeds. */
const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "midi=()",
  "display-capture=()",
  "accelerometer=()",
  "gyroscope=()",
  "magnetometer=()",
  "xr-spatial-tracking=()",
  "idle-detection=()",
  "browsing-topics=()",
  "interest-cohort=()",
  // Kept for passkeys.
  "publickey-credentials-get=(self)",
  "publickey-credentials-create=(self)",
].join(", ");

/** The security headers for one response, by header name. */
export function securityHeaders(input: PolicyInput): Record<string, string> {
  const framable = isMiniApp(input.path);
  return {
    "Content-Security-Policy": contentSecurityPolicy(input),
    ...(input.isHttps ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
    "Permissions-Policy": PERMISSIONS_POLICY,
    // The real Login Widget talks to its popup (window.opener).
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // For browsers without frame-ancestors; it cannot name Telegram, so the Mini App has none.
    ...(framable ? {} : { "X-Frame-Options": "DENY" }),
  };
}
