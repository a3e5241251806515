"use server";
// "Sign out" on /logout: ends this browser's session (its record is revoked too,
// lib/auth/index.ts events.signOut) and goes to /login.
import { signOut } from "@/lib/auth";

export async function logoutAction() {
  await signOut({ redirectTo: "/login" });
}
