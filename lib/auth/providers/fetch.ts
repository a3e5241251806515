// Every request to a provider goes through providerFetch: Auth.js sets no time limit,
// and a provider that never answers would otherwise hold the sign-in (and a server
// connection) forever. It gives up after AUTH_PROVIDER_TIMEOUT_MS, and the person is
// told the provider could not be reached.
import "server-only";
import { env } from "@/lib/env";

export function providerFetch(...[input, init = {}]: Parameters<typeof fetch>): Promise<Response> {
  const timeout = AbortSignal.timeout(env.AUTH_PROVIDER_TIMEOUT_MS);
  return fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
}
