// Errors our providers throw while reading a profile. Their `code` is what
// lib/auth/sign-in-errors.ts reads to tell the person what happened.

/** The provider answered with an error (VK's and OK's APIs do so with HTTP 200). */
export class ProviderAnswerError extends Error {
  readonly code = "VKHOD_PROVIDER_ERROR";
}

/** The provider's answer failed our checks (a token minted for another app, no user id…). */
export class ProviderCheckError extends Error {
  readonly code = "VKHOD_PROVIDER_INVALID";
}

/** A JSON answer, or a ProviderAnswerError that says what came instead. */
export async function readJson(response: Response, provider: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new ProviderAnswerError(`${provider} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderAnswerError(`${provider} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** A provider's user id as the string Account.providerAccountId needs, or a ProviderCheckError. */
export function accountId(value: unknown, provider: string): string {
  if ((typeof value === "string" && value !== "") || (typeof value === "number" && Number.isSafeInteger(value))) return String(value);
  throw new ProviderCheckError(`${provider}'s profile has no user id`);
}

/**
 * A token endpoint's JSON answer rewritten by `change`, for `token.conform`: Auth.js
 * validates the answer as OAuth 2.0 requires, and some providers stray from it.
 */
export async function conformJson(response: Response, change: (body: Record<string, unknown>) => Record<string, unknown>) {
  if (!response.ok || !response.headers.get("content-type")?.includes("json")) return response;
  const body = (await response.clone().json()) as Record<string, unknown>;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(change(body)), { status: response.status, headers });
}
