// Setting up the authenticator app: the new secret as a QR code (an otpauth:// URI) and
// as text to type, then the first code from the app, which turns it on (and shows the
// recovery codes once). The secret is on this page only until then: once the app is on,
// this page sends back to /account/security, and nothing shows the secret again.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import QRCode from "qrcode";
import { TotpConfirmForm } from "@/components/account/recovery-codes";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { requireStepUp, secondFactorKeys } from "@/lib/second-factor/step-up";
import { pendingTotpSecret } from "@/lib/second-factor/store";
import { totpUri } from "@/lib/second-factor/totp";
import { confirmTotpAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.security"))("setupTitle") };
}

const RETURN_TO = "/account/security/authenticator";

/** ABCD EFGH …: easier to read off and type. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, "$1 ");

export default async function AuthenticatorSetupPage() {
  const { user, session } = await requireUser(RETURN_TO);
  await requireStepUp(session, "recent-sign-in", "/account/security");
  const secret = await pendingTotpSecret(db, user.id, secondFactorKeys());
  if (!secret) redirect("/account/security");
  const [t, ta] = await Promise.all([getTranslations("account.security"), getTranslations("verify")]);
  const uri = totpUri(secret, { issuer: "Vkhod", account: user.name ?? user.email ?? "Vkhod" });
  const svg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } });
  return (
    <Card>
      <h1 className="text-lg font-semibold">{t("setupTitle")}</h1>
      <p className="mt-3 text-sm">{t("setupScan")}</p>
      {/* The QR code stays dark on white in either theme: that is what cameras read. */}
      <div role="img" aria-label={t("qrLabel")} className="mt-3 w-48 rounded-lg bg-white p-1" dangerouslySetInnerHTML={{ __html: svg }} />
      <p className="mt-4 text-sm">{t("setupKey")}</p>
      <p className="mt-1 select-all break-all font-mono text-base tracking-wide" data-testid="totp-key">
        {grouped(secret)}
      </p>
      <a href={uri} className="mt-2 inline-block text-sm underline">
        {t("setupOpen")}
      </a>
      <p className="mt-5 text-sm">{t("setupCode")}</p>
      <TotpConfirmForm action={confirmTotpAction} labels={{ code: ta("codeLabel"), confirm: t("setupConfirm"), cancel: t("setupCancel"), done: t("done") }} />
    </Card>
  );
}
