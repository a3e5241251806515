// What the emulators' unit tests share: a server with a clock they can move, and a
// person going through a consent page.
import { expect } from "vitest";
import { emulatorDefinitions, startEmulators, type EmulatorServer } from "../server";

export const TEST_APP = "http://app.test";

/** Starts one emulator (by its path prefix, such as "vkid" or "telegram"). */
export async function startTestEmulator(provider: string) {
  let offset = 0;
  const emulators: EmulatorServer = await startEmulators({
    appUrls: [TEST_APP],
    providers: emulatorDefinitions.find((d) => d.id === provider)?.providers ?? [provider],
    now: () => Date.now() + offset,
  });
  return {
    emulators,
    base: `${emulators.url}/${provider}`,
    callback: `${TEST_APP}/api/auth/callback/${provider}`,
    /** Moves the emulator's clock forward. */
    advance: (ms: number) => {
      offset += ms;
    },
    armFault: (fault: Record<string, unknown>) =>
      fetch(`${emulators.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ provider, ...fault }) }),
  };
}

export function withParams(url: string, params: Record<string, string | null>): URL {
  const result = new URL(url);
  for (const [key, value] of Object.entries(params)) if (value !== null) result.searchParams.set(key, value);
  return result;
}

export const postForm = (url: string | URL, params: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params),
    redirect: "manual",
  });

/** Opens the consent page at `authorizeUrl`, answers it with `choice`, and returns where it redirects. */
export async function consent(authorizeUrl: URL, choice: Record<string, string>): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: "manual" });
  const html = await page.text();
  expect(page.status, html.slice(0, 300)).toBe(200);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
  expect(action && requestId).toBeTruthy();
  const answer = await postForm(action!.replace(/&amp;/g, "&"), { request: requestId!, ...choice });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location")!);
}

/** Expects an error page shown to the person, not a redirect to the app. */
export async function expectErrorPage(url: URL, status: number, text: string) {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(status);
  expect(response.headers.get("location")).toBeNull();
  expect(await response.text()).toContain(text);
}
