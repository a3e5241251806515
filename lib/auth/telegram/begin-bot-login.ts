// Starts a bot login (the t.me deep link) for the browser behind this server action:
// a one-time request that remembers which browser asked (its address, browser and the
// site, for the bot to show the person), and the cookie that binds it to this browser.
// Returns the waiting page to go to.
import "server-only";
import { headers } from "next/headers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { limitAction } from "@/lib/security/limit-request";
import { clientInfoFrom } from "../request-context";
import { startLinkRequest } from "./deep-link";
import { setLinkCookie } from "./link-cookie";

export async function beginBotLogin(callbackUrl: string): Promise<string> {
  // Each start writes a row: nobody may grow the table at will.
  await limitAction("bot-login-start");
  const requestHeaders = await headers();
  // The site the bot names to the person: AUTH_URL's host, never the request's Host
  // header (whoever starts the request could choose that). Without AUTH_URL: "Vkhod".
  const site = env.AUTH_URL ? new URL(env.AUTH_URL).host : null;
  const { payload, browserKey } = await startLinkRequest(db, env.AUTH_TELEGRAM_LINK_TTL, { ...clientInfoFrom(requestHeaders), site });
  await setLinkCookie(payload, browserKey);
  return `/login/telegram?${new URLSearchParams({ callbackUrl })}`;
}
