// Who we are to the browser's WebAuthn: the relying party's id (our host name, so a
// passkey made here works on no other site) and the one origin its answers may come
// from. AUTH_URL says both; in development without it, this request's Host.
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
  // In production the site's origin must be said (AUTH_URL): a proxy in front, honest or
  // not, could otherwise name any host, and a passkey made for it would work there.
  if (process.env.NODE_ENV === "production") throw new Error("passkeys need AUTH_URL, the site's public origin");
  const host = (await headers()).get("host") ?? "localhost";
  const origin = new URL(`${(await isHttps()) ? "https" : "http"}://${host}`).origin;
  return { id: new URL(origin).hostname, name: "Vkhod", origin };
}
