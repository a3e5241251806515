// "This email already has an account": a new identity's verified email belongs to an
// existing user. Nothing was linked; the identity waits server-side (10 minutes). The
// page names the existing account's sign-in methods; signing in with one of them links
// the waiting identity (lib/account/pending-link.ts) and /account says so. Or the
// person keeps it apart (a separate account, without that email), or drops it.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { SignInOptions } from "@/components/auth/sign-in-options";
import { Card } from "@/components/ui/card";
import { linkedIdentities, waysInto } from "@/lib/account/methods";
import { collisionReturnTo, readPendingLink } from "@/lib/account/pending-link";
import { db } from "@/lib/db";
import { cancelLinkAction, separateAccountAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("existingAccount"))("title") };
}

/** a***@example.com: enough to recognise one's own address, not to harvest it. */
function maskEmail(email: string) {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}${"*".repeat(Math.max(1, Math.min(local.length - 1, 5)))}@${domain}`;
}

export default async function ExistingAccountPage() {
  const pending = await readPendingLink(db);
  if (!pending) redirect("/login?error=link-expired");
  const [t, providerName, format, identities] = await Promise.all([
    getTranslations("existingAccount"),
    getTranslations("providers"),
    getFormatter(),
    linkedIdentities(pending.userId),
  ]);
  const ways = waysInto(identities);
  const pendingName = providerName(pending.provider);
  const callbackUrl = collisionReturnTo(pending.provider);
  return (
    <div className="flex flex-1 items-start justify-center pt-6 sm:items-center sm:pt-0">
      <Card className="w-full max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          {t("explanation", { email: maskEmail(pending.email ?? ""), provider: pendingName })}
        </p>
        <p className="mt-3 text-sm font-medium">{t("methodsLabel")}</p>
        <ul className="mt-1 list-inside list-disc text-sm" data-testid="existing-methods">
          {identities.map((identity) => (
            <li key={identity}>{providerName(identity)}</li>
          ))}
        </ul>
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">{t("instructions", { provider: pendingName })}</p>
        {ways.length > 0 ? (
          <SignInOptions providers={ways} callbackUrl={callbackUrl} />
        ) : (
          <p className="mt-4 text-sm">{t("noWays")}</p>
        )}
        <div className="mt-6 flex flex-col items-start gap-2 border-t border-slate-200 pt-4 text-sm dark:border-slate-800">
          <p className="text-slate-600 dark:text-slate-400">{t("otherChoices")}</p>
          <form action={separateAccountAction}>
            <button type="submit" className="text-left font-medium underline">
              {t("separate", { provider: pendingName })}
            </button>
          </form>
          <form action={cancelLinkAction}>
            <button type="submit" className="text-left text-slate-500 dark:text-slate-400 underline">
              {t("cancel", { provider: pendingName })}
            </button>
          </form>
        </div>
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{t("expires", { time: format.dateTime(pending.expiresAt, { timeStyle: "short" }) })}</p>
      </Card>
    </div>
  );
}
