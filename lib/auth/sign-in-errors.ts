// Turns whatever made a sign-in fail into one of a few reasons a person can read
// (messages/*.json, "login.errors"). Auth.js itself only reports "Configuration" for
// most provider failures; the error it logged tells us more.

export const signInErrorReasons = [
  "denied",
  "expired",
  "provider-error",
  "provider-unreachable",
  "provider-invalid",
  "account-not-linked",
  "session-ended",
  "server",
  "telegram-malformed",
  "telegram-bad-signature",
  "telegram-stale",
  "telegram-future",
  "telegram-replayed",
  "telegram-bot-login-expired",
  "telegram-login-denied",
  "telegram-foreign",
  "telegram-locked",
  "telegram-unavailable",
  "link-expired",
  "too-many-codes",
  "unknown",
] as const;

export type SignInErrorReason = (typeof signInErrorReasons)[number];

type ErrorLike = { type?: unknown; name?: unknown; message?: unknown; cause?: unknown; code?: unknown; error?: unknown };

function asErrorLike(value: unknown): ErrorLike | undefined {
  return value && typeof value === "object" ? (value as ErrorLike) : undefined;
}

/** The chain of causes below an error, the error itself first. */
function causes(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current = asErrorLike(error);
  while (current && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    const cause = asErrorLike(current.cause);
    // Auth.js wraps the real error as `cause.err` in CallbackRouteError.
    current = asErrorLike((cause as { err?: unknown } | undefined)?.err) ?? cause;
  }
  return chain;
}

/** One log line for an Auth.js error: its type, then each cause's message and code. */
export function describeError(error: unknown): string {
  return causes(error)
    .map((e, index) => {
      const label = index === 0 ? String(e.type ?? e.name ?? "Error") : "caused by";
      const message = String(e.message ?? "")
        .replace(/\.?\s*Read more at https:\/\/errors\.authjs\.dev#\S+/, "")
        .trim();
      return `${label}${message ? `: ${message}` : ""}${e.code ? ` (${String(e.code)})` : ""}`;
    })
    .join(" — ");
}

/**
 * Why a sign-in failed. `providerError` is the `error` parameter the provider sent
 * back on the callback (Auth.js does not keep it on the error it throws). Only stable
 * fields are read (Auth.js's `type`, oauth4webapi's and Node's `code`): class names
 * are minified in production builds.
 */
export function signInErrorReason(error: unknown, providerError?: string | null): SignInErrorReason {
  const chain = causes(error);
  const top = chain[0];
  if (!top) return "unknown";

  switch (top.type) {
    case "AccessDenied":
      return "denied";
    case "InvalidCheck":
    case "MissingCSRF":
      return "expired";
    case "OAuthAccountNotLinked":
      return "account-not-linked";
    case "AdapterError":
      return "server";
    case "OAuthCallbackError":
      return providerError === "access_denied" ? "denied" : "provider-error";
  }

  for (const e of chain) {
    const code = String(e.code ?? "");
    const message = String(e.message ?? "");
    // A state that does not match this browser's: forged, or from another attempt.
    if (code === "OAUTH_INVALID_RESPONSE" && /"state"/.test(message)) return "expired";
    if (code === "OAUTH_RESPONSE_BODY_ERROR" || code === "VKHOD_PROVIDER_ERROR") return "provider-error";
    if (code === "VKHOD_PROVIDER_INVALID") return "provider-invalid";
    // An answer with an unexpected HTTP status (a 5xx page, say) carries the Response.
    if (code === "OAUTH_RESPONSE_IS_NOT_CONFORM" && e.cause instanceof Response) return "provider-error";
    if (/^P\d{4}$/.test(code) || /prisma/i.test(message)) return "server";
    if (
      ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT"].includes(code) ||
      e.name === "TimeoutError" ||
      message === "fetch failed"
    )
      return "provider-unreachable";
    if (code.startsWith("OAUTH_") || code.startsWith("ERR_JW")) return "provider-invalid";
  }
  return "unknown";
}

/** Our reason for an `?error=` value, which may also be one of Auth.js's own codes. */
export function readableReason(code: string | undefined): SignInErrorReason | undefined {
  // "undefined": Auth.js's /api/auth/error opened with no error sends `?error=undefined`,
  // which is nothing that went wrong.
  if (!code || code === "undefined") return undefined;
  if ((signInErrorReasons as readonly string[]).includes(code)) return code as SignInErrorReason;
  const authJsCodes: Record<string, SignInErrorReason> = {
    AccessDenied: "denied",
    OAuthAccountNotLinked: "account-not-linked",
    OAuthCallbackError: "provider-error",
    MissingCSRF: "expired",
    Verification: "expired",
  };
  return authJsCodes[code] ?? "unknown";
}
