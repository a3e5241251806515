"use server";
// The Mini App hands its launch data here; the telegram-app provider judges it.
import { CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { authRequestContext } from "@/lib/auth/request-context";
import { signInErrorReason } from "@/lib/auth/sign-in-errors";

const input = z.string().min(1).max(8192);

export async function signInFromMiniApp(initData: string): Promise<{ ok: true } | { error: string }> {
  const parsed = input.safeParse(initData);
  if (!parsed.success) return { error: "telegram-malformed" };
  // The session record's IP and browser come from this request's headers.
  const request = new Request("http://mini-app.invalid/", { headers: await headers() });
  try {
    await authRequestContext.run({ request }, () => signIn("telegram-app", { payload: parsed.data, redirect: false }));
  } catch (error) {
    return { error: error instanceof CredentialsSignin ? `telegram-${error.code}` : signInErrorReason(error) };
  }
  return { ok: true };
}
