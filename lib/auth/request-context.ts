// Request-scoped storage for the Auth.js route: the incoming request (for the session
// record's IP and user agent, and the browser's current session), the first error
// Auth.js logged while handling it (so the redirect to /login can say what really went
// wrong), what the provider said about the person, and where a signed-in browser goes
// back to. Auth.js passes none of these through its public API to where they are
// needed; its logger, its callbacks and our route wrappers meet here.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { IdentityProfile } from "@/lib/identity";
import { env } from "@/lib/env";
import { CALLBACK_URL_COOKIES } from "@/lib/security/cookies";
import { cookiesOf } from "./browser-session";
import { DEFAULT_AFTER_SIGN_IN, RELATIVE_ONLY, safeRedirectPath } from "./safe-redirect";

export type AuthRequestContext = {
  request?: Request;
  error?: unknown;
  /** The provider's profile, as our profile() made it (lib/auth/profile-capture.ts). */
  profile?: IdentityProfile;
  /** Our own page a signed-in browser returns to after linking or re-authenticating. */
  returnTo?: string;
  /** The session could not be checked (the database did not answer in time): answered 503, the cookie kept. */
  databaseUnreachable?: boolean;
  /** The passkey a passkey sign-in proved (its session is ended when it is removed). */
  passkeyId?: string;
};

export const authRequestContext = new AsyncLocalStorage<AuthRequestContext>();

/** The client's address and browser as this request reports them. */
export function requestClientInfo(): { ip: string | null; userAgent: string | null } {
  return clientInfoFrom(authRequestContext.getStore()?.request?.headers);
}

/**
 * The client's address and browser from a request's headers (also for server actions).
 * X-Forwarded-For is a list each proxy appends to, and its left end is whatever the
 * client claimed; the address is the one our own nearest proxy saw, AUTH_TRUSTED_PROXY_HOPS
 * (default 1) entries from the right. Without a proxy, Next.js puts the socket's address
 * there, unless the client sent the header itself.
 */
export function clientInfoFrom(headers: Headers | undefined, hops = env.AUTH_TRUSTED_PROXY_HOPS): { ip: string | null; userAgent: string | null } {
  const chain = (headers?.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const forwarded = chain.length > 0 ? chain[Math.max(0, chain.length - hops)] : undefined;
  return {
    ip: forwarded?.slice(0, 64) || headers?.get("x-real-ip")?.slice(0, 64) || null,
    userAgent: headers?.get("user-agent")?.slice(0, 512) || null,
  };
}

/**
 * Where a signed-in browser goes back to: the context's returnTo (Telegram routes set
 * it), or the page the sign-in was started from, which Auth.js keeps in its
 * callback-url cookie; /account when neither says.
 */
export function callbackPath(): string {
  const context = authRequestContext.getStore();
  if (context?.returnTo) return context.returnTo;
  const cookies = context?.request ? cookiesOf(context.request) : new Map<string, string>();
  const value = CALLBACK_URL_COOKIES.map((name) => cookies.get(name)).find(Boolean);
  if (!value) return DEFAULT_AFTER_SIGN_IN;
  try {
    // Auth.js keeps an absolute URL; only its path counts, and only on our own site.
    const url = new URL(decodeURIComponent(value), RELATIVE_ONLY);
    return safeRedirectPath(`${url.pathname}${url.search}`, RELATIVE_ONLY);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
}
