// The cookie that binds a bot-login (deep-link) sign-in to the browser that started
// it: the payload and the browser's secret, httpOnly, for as long as the link lives.
import "server-only";
import { clearCookie, COOKIES, readCookie, writeCookie } from "@/lib/security/cookies";

export async function setLinkCookie(payload: string, browserKey: string) {
  await writeCookie(COOKIES.botLogin, `${payload}.${browserKey}`);
}

export async function readLinkCookie(): Promise<{ payload: string; browserKey: string } | undefined> {
  const [payload, browserKey] = (await readCookie(COOKIES.botLogin))?.split(".") ?? [];
  return payload && browserKey ? { payload, browserKey } : undefined;
}

export async function clearLinkCookie() {
  await clearCookie(COOKIES.botLogin);
}
