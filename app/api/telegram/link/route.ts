// Polled by the page waiting for the Telegram app (app/(auth)/login/telegram): this
// browser's deep-link request is pending, done (the session is now set) or failed.
import { CredentialsSignin } from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { signIn } from "@/lib/auth";
import { authRequestContext } from "@/lib/auth/request-context";
import { signInErrorReason } from "@/lib/auth/sign-in-errors";
import { linkStatus } from "@/lib/auth/telegram/deep-link";
import { clearLinkCookie, readLinkCookie } from "@/lib/auth/telegram/link-cookie";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const link = await readLinkCookie();
  if (!link) return NextResponse.json({ status: "failed", reason: "telegram-link-expired" });
  const status = await linkStatus(db, link.payload, link.browserKey);
  if (status.status === "pending") return NextResponse.json({ status: "pending" });
  await clearLinkCookie();
  if (status.status !== "confirmed") {
    return NextResponse.json({ status: "failed", reason: status.status === "used" ? "telegram-replayed" : "telegram-link-expired" });
  }
  try {
    await authRequestContext.run({ request }, () => signIn("telegram-link", { ...link, redirect: false }));
  } catch (error) {
    const reason = error instanceof CredentialsSignin ? `telegram-${error.code}` : signInErrorReason(error);
    return NextResponse.json({ status: "failed", reason: reason === "telegram-stale" ? "telegram-link-expired" : reason });
  }
  return NextResponse.json({ status: "done" });
}
