"use server";
// The sign-in buttons' actions (components/auth/sign-in-options.tsx), on /login, the
// collision page and "confirm it's you":
// - signInWith: one provider's button. Validates the provider and where to go after,
//   limits sign-in starts per client, and turns a failure before the provider's page
//   (its discovery document unreachable, say) into a readable reason on /login;
// - startBotLogin: "Open the Telegram app instead", a one-time bot-login link for
//   this browser, then the page that waits for Telegram.
import { redirect } from "next/navigation";
import { z } from "zod";
import { limitAction } from "@/lib/security/limit-request";
import { enabledProviders } from "./providers";
import { RELATIVE_ONLY, safeRedirectPath } from "./safe-redirect";
import { providerSignInUrl } from "./start-sign-in";
import { beginBotLogin } from "./telegram/bot-login";

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

export async function startBotLogin(formData: FormData) {
  redirect(await beginBotLogin(safeRedirectPath(formData.get("callbackUrl"), RELATIVE_ONLY)));
}
