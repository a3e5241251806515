// Where a browser goes to start a sign-in with one provider: the provider's page (with
// Auth.js's state, PKCE and nonce cookies set on this response), or /login with a
// readable reason when it fails before that (its discovery document is unreachable, say).
import "server-only";
import { signIn } from "./index";
import { authRequestContext } from "./request-context";
import { signInErrorReason } from "./sign-in-errors";

export async function providerSignInUrl(provider: string, redirectTo: string): Promise<string> {
  const context = { error: undefined as unknown };
  const url = await authRequestContext.run(context, () => signIn(provider, { redirectTo, redirect: false }));
  return context.error === undefined ? url : `/login?error=${signInErrorReason(context.error)}`;
}
