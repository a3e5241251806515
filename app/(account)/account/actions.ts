"use server";
// The account overview's actions: sign out, link and unlink a sign-in method, choose
// the profile, turn alerts on or off. Each checks the session itself (requireUser) and
// its input (zod); the form actions through lib/account/account-action.ts.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { accountAction } from "@/lib/account/account-action";
import { setAlertsEnabled } from "@/lib/account/alerts";
import { startLinkIntent } from "@/lib/account/link-intent";
import { accountUrl } from "@/lib/account/notices";
import { chooseProfile } from "@/lib/account/profile";
import { unlinkAccount } from "@/lib/account/unlink";
import { signOut } from "@/lib/auth";
import { enabledProviders } from "@/lib/auth/providers";
import { accountProvider } from "@/lib/identity";
import { providerSignInUrl } from "@/lib/auth/start-sign-in";
import { beginBotLogin } from "@/lib/auth/telegram/bot-login";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { requireStepUp } from "@/lib/second-factor/step-up";
import { limitAction } from "@/lib/security/limit-request";

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}

const accountInput = z.object({ accountId: z.string().min(1).max(64) });

const linkInput = z.object({
  provider: z.string().refine((id) => enabledProviders.some((p) => p.id === id && p.entry !== "elsewhere")),
});

/**
 * "Link <provider>" on /account: records that this browser, in this session, asked to
 * add that identity (lib/account/link-intent.ts), then starts the way in. Only an
 * identity proved after this press is linked without asking again. Needs a recent
 * sign-in, like unlinking (or the second factor, when the account has one).
 */
export async function startLinkAction(formData: FormData) {
  const parsed = linkInput.safeParse({ provider: formData.get("provider") });
  if (!parsed.success) redirect("/account");
  const { user, session } = await requireUser("/account");
  await requireStepUp(session, "recent-sign-in", "/account");
  await limitAction("sign-in", user.id);
  const way = enabledProviders.find((p) => p.id === parsed.data.provider)!;
  await startLinkIntent(db, { userId: user.id, sessionId: session.id, provider: accountProvider(way.id) });
  if (way.entry === "widget") redirect("/account/link/telegram");
  if (way.entry === "bot") redirect(await beginBotLogin("/account"));
  redirect(await providerSignInUrl(way.id, "/account"));
}

export const unlinkAction = accountAction({ schema: accountInput, returnTo: "/account", guard: "recent-sign-in", limited: true }, async ({ input, user, session, log }) => {
  const result = await unlinkAccount(db, { userId: user.id, accountId: input.accountId, keepSessionId: session.id });
  if (!result.ok) return { error: result.reason };
  await log({ type: "unlinked", provider: result.provider, detail: { endedSessions: result.endedSessions } });
  redirect(accountUrl("/account", { notice: "unlinked", provider: result.provider }));
});

export const chooseProfileAction = accountAction({ schema: accountInput, returnTo: "/account" }, async ({ input, user, log }) => {
  const account = await chooseProfile(db, user.id, input.accountId);
  if (!account) return { error: "not-found" };
  await log({ type: "profile-changed", provider: account.provider });
  revalidatePath("/account", "layout");
  return { ok: "profile-changed" };
});

/** Turns the bot's alerts about this account on or off (off is a critical action: it silences them). */
export const setAlertsAction = accountAction(
  { schema: z.object({ enabled: z.enum(["on", "off"]) }), returnTo: "/account", guard: ({ enabled }) => (enabled === "off" ? "second-factor" : undefined) },
  async ({ input, user, log }) => {
    const enabled = input.enabled === "on";
    await setAlertsEnabled(db, user.id, enabled);
    await log({ type: "alerts-changed", detail: { count: enabled ? 1 : 0 } });
    revalidatePath("/account");
    return { ok: enabled ? "alerts-on" : "alerts-off" };
  },
);
