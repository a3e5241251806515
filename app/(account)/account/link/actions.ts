"use server";
// The answers to "Link this account?" (/account/link): link the identity waiting for
// this session, or drop it. Server actions are same-origin POSTs (Next.js refuses an
// action whose Origin is not this site), so another site cannot press either button.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { confirmPendingLink, cancelPendingLink } from "@/lib/account/pending-link";
import { accountUrl } from "@/lib/account/notices";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { requireStepUp } from "@/lib/second-factor/step-up";

export async function confirmLinkAction() {
  const { session } = await requireUser("/account/link");
  // Like unlinking: adding a way in needs a recent sign-in (or the second factor).
  await requireStepUp(session, "recent-sign-in", "/account/link");
  const result = await confirmPendingLink(db, session, clientInfoFrom(await headers()));
  if (!result.ok) redirect(accountUrl("/account", { error: result.reason === "provider-already-linked" ? "provider-already-linked" : "link-expired" }));
  redirect(accountUrl("/account", { notice: "linked", provider: result.provider }));
}

export async function cancelConfirmationAction() {
  await requireUser("/account/link");
  await cancelPendingLink(db);
  redirect(accountUrl("/account", { notice: "link-cancelled" }));
}
