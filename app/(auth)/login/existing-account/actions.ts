"use server";
// "Don't link": forget this browser's waiting identity and go back to /login.
import { redirect } from "next/navigation";
import { cancelPendingLink } from "@/lib/account/pending-link";
import { db } from "@/lib/db";

export async function cancelLinkAction() {
  await cancelPendingLink(db);
  redirect("/login");
}
