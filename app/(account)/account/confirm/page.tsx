// "Confirm it's you": sign in again with one of your own methods before unlinking or
// deleting. The provider's round trip marks this session as recently authenticated
// (lib/account/identities.ts) and comes back to returnTo.
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignInOptions } from "@/components/auth/sign-in-options";
import { Card } from "@/components/ui/card";
import { linkedIdentities, waysInto } from "@/lib/account/methods";
import { firstParam } from "@/lib/account/notices";
import { requireUser } from "@/lib/auth/require-user";
import { RELATIVE_ONLY, safeRedirectPath } from "@/lib/auth/safe-redirect";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.confirm"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConfirmPage({ searchParams }: Props) {
  const params = await searchParams;
  const returnTo = safeRedirectPath(firstParam(params.returnTo), RELATIVE_ONLY);
  const { user } = await requireUser(`/account/confirm?${new URLSearchParams({ returnTo })}`);
  const [t, identities] = await Promise.all([getTranslations("account.confirm"), linkedIdentities(user.id)]);
  const ways = waysInto(identities);
  return (
    <Card className="mx-auto w-full max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      {ways.length === 0 ? <p className="mt-6 text-sm">{t("noWays")}</p> : <SignInOptions providers={ways} callbackUrl={returnTo} />}
      <Link href={returnTo} className="mt-6 inline-block text-sm text-slate-500 dark:text-slate-400 underline">
        {t("back")}
      </Link>
    </Card>
  );
}
