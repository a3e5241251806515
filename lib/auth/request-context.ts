// Request-scoped storage for the Auth.js route: the incoming request (for the session
// record's IP and user agent), the first error Auth.js logged while handling it
// (so the redirect to /login can say what really went wrong), and a new user waiting
// for its first account. Auth.js exposes neither
// through its public API; its logger and our route wrapper meet here.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { AdapterUser } from "next-auth/adapters";

export type AuthRequestContext = {
  request?: Request;
  error?: unknown;
  /** A new user not yet written: lib/auth/adapter.ts writes it with its first account. */
  pendingUser?: AdapterUser;
};

export const authRequestContext = new AsyncLocalStorage<AuthRequestContext>();

/** The client's address and browser as this request reports them. */
export function requestClientInfo(): { ip: string | null; userAgent: string | null } {
  const headers = authRequestContext.getStore()?.request?.headers;
  const forwarded = headers?.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ip: forwarded || headers?.get("x-real-ip") || null,
    userAgent: headers?.get("user-agent")?.slice(0, 512) || null,
  };
}
