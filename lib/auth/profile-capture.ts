// Keeps what a provider said about the person for this request. Auth.js hands the
// signIn callback the stored user, not the profile, once an account exists; the
// account's name, picture and email (shown on /account, chosen as the profile) must
// still be refreshed from the provider's answer. So each OAuth provider's profile()
// is wrapped to leave its result in the request's context.
import "server-only";
import type { Provider } from "next-auth/providers";
import type { IdentityProfile } from "@/lib/identity";
import { authRequestContext } from "./request-context";

type Profiled = { name?: string | null; email?: string | null; unverifiedEmail?: string | null; image?: string | null };
type ProfileFn = (...args: never[]) => Profiled | Promise<Profiled>;

/** A profile() result as the account center keeps it: `email` is the verified one. */
export function identityProfile(profiled: Profiled): IdentityProfile {
  return {
    name: profiled.name || null,
    email: profiled.email || profiled.unverifiedEmail || null,
    emailVerified: Boolean(profiled.email),
    image: profiled.image || null,
  };
}

function capture(original: ProfileFn): ProfileFn {
  return async (...args) => {
    const result = await original(...args);
    const context = authRequestContext.getStore();
    if (context) context.profile = identityProfile(result);
    return result;
  };
}

export function withProfileCapture(provider: Provider): Provider {
  if (typeof provider === "function") return provider;
  const own = provider as { profile?: ProfileFn; options?: { profile?: ProfileFn } };
  return {
    ...provider,
    ...(own.profile ? { profile: capture(own.profile) } : {}),
    ...(own.options?.profile ? { options: { ...own.options, profile: capture(own.options.profile) } } : {}),
  } as Provider;
}
