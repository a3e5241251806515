// The cookie that binds a deep-link sign-in to the browser that started it: the
// payload and the browser's secret, httpOnly, for as long as the link lives.
import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";

const NAME = "vkhod-telegram-link";

export async function setLinkCookie(payload: string, browserKey: string) {
  (await cookies()).set(NAME, `${payload}.${browserKey}`, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.AUTH_URL?.startsWith("https:") ?? false,
    maxAge: env.AUTH_TELEGRAM_LINK_TTL,
  });
}

export async function readLinkCookie(): Promise<{ payload: string; browserKey: string } | undefined> {
  const [payload, browserKey] = (await cookies()).get(NAME)?.value.split(".") ?? [];
  return payload && browserKey ? { payload, browserKey } : undefined;
}

export async function clearLinkCookie() {
  (await cookies()).delete(NAME);
}
