// Who we are to the browser's WebAuthn: the relying party's id (our host name, so a
// passkey made here works on no other site) and the one origin its answers may come
// from. AUTH_URL says both when it is set; otherwise this request's own host, as the
// same-origin checks read it (lib/security/same-origin.ts).
import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { isHttps } from "@/lib/security/cookies";

export type RelyingParty = { id: string; name: string; origin: string };

export async function relyingParty(): Promise<RelyingParty> {
  if (env.AUTH_URL) {
    const url = new URL(env.AUTH_URL);
    return { id: url.hostname, name: "Vkhod", origin: url.origin };
  }
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost";
  const origin = new URL(`${(await isHttps()) ? "https" : "http"}://${host}`).origin;
  return { id: new URL(origin).hostname, name: "Vkhod", origin };
}
