"use server";
// Starts a sign-in with one provider. Validates the provider and where to go after,
// and turns a failure before the provider's page (say, its discovery document is
// unreachable) into a readable reason on /login.
import { redirect } from "next/navigation";
import { z } from "zod";
import { enabledProviders } from "@/lib/auth/providers";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { providerSignInUrl } from "@/lib/auth/start-sign-in";
import { limitAction } from "@/lib/security/limit-request";

const input = z.object({
  provider: z.string().refine((id) => enabledProviders.some((p) => p.id === id && p.entry === "button")),
  callbackUrl: z.string().optional(),
});

export async function signInWith(formData: FormData) {
  const parsed = input.safeParse({
    provider: formData.get("provider"),
    callbackUrl: formData.get("callbackUrl") ?? undefined,
  });
  if (!parsed.success) redirect("/login?error=unknown");
  await limitAction("sign-in");
  redirect(await providerSignInUrl(parsed.data.provider, safeRedirectPath(parsed.data.callbackUrl, RELATIVE_ONLY)));
}
