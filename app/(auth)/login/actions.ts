"use server";
// Starts a sign-in with one provider. Validates the provider and where to go after,
// and turns a failure before the provider's page (say, its discovery document is
// unreachable) into a readable reason on /login.
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { enabledProviders } from "@/lib/auth/providers";
import { authRequestContext } from "@/lib/auth/request-context";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { signInErrorReason } from "@/lib/auth/sign-in-errors";

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
  const redirectTo = safeRedirectPath(parsed.data.callbackUrl, RELATIVE_ONLY);

  const context = { error: undefined as unknown };
  const url = await authRequestContext.run(context, () =>
    signIn(parsed.data.provider, { redirectTo, redirect: false }),
  );
  if (context.error !== undefined) redirect(`/login?error=${signInErrorReason(context.error)}`);
  redirect(url);
}
