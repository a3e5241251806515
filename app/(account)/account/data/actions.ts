"use server";
// Deleting the account: only after a recent sign-in and with the confirmation phrase
// typed in. Every row of the user goes (lib/account/delete.ts), so every browser is
// signed out on its next request; this one is signed out now.
import { z } from "zod";
import { accountAction } from "@/lib/account/account-action";
import { deleteUser } from "@/lib/account/delete";
import { signOut } from "@/lib/auth";
import { db } from "@/lib/db";
import { deletePhrases } from "./delete-phrases";

export const deleteAccountAction = accountAction(
  { schema: z.object({ confirm: z.string().max(200).default("") }), returnTo: "/account/data", guard: "recent-sign-in", limited: true },
  async ({ input, user }) => {
    if (!deletePhrases.includes(input.confirm.trim().toLocaleLowerCase())) return { error: "confirm-phrase" };
    await deleteUser(db, user.id);
    await signOut({ redirectTo: "/login?notice=deleted" });
    return { ok: "deleted" };
  },
);
