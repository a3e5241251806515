"use server";
// The collision page's other answers: don't link the waiting identity (forget it), or
// keep it as a separate account (made now, without the email the other account has;
// the person then signs in with it as usual).
import { redirect } from "next/navigation";
import { createUserWithAccount } from "@/lib/account/account-writes";
import { cancelPendingLink, pendingIdentity, readPendingLink } from "@/lib/account/pending-link";
import { db } from "@/lib/db";

export async function cancelLinkAction() {
  await cancelPendingLink(db);
  redirect("/login");
}

export async function separateAccountAction() {
  const pending = await readPendingLink(db);
  if (!pending) redirect("/login?error=link-expired");
  const { identity, profile } = pendingIdentity(pending);
  await createUserWithAccount(db, identity, profile);
  await cancelPendingLink(db);
  redirect(`/login?${new URLSearchParams({ notice: "separate", provider: pending.provider })}`);
}
