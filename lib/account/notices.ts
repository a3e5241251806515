// What the account pages say after a round trip through a provider or an action:
// ?notice=linked&provider=yandex, ?error=identity-taken&provider=google. Only these
// codes are shown; anything else in the URL is ignored.
export const NOTICES = ["linked", "reauthenticated", "unlinked", "session-revoked", "sessions-revoked", "link-cancelled", "merged"] as const;
export const ERRORS = ["identity-taken", "provider-already-linked", "link-expired", "merge-expired"] as const;

export type Notice = (typeof NOTICES)[number];
export type NoticeError = (typeof ERRORS)[number];

/** `path` (one of our own, already checked) with a notice or an error for the page to show. */
export function accountUrl(path: string, params: { notice?: Notice; error?: NoticeError; provider?: string }): string {
  const url = new URL(path, "http://vkhod.invalid");
  // A notice from an earlier round trip does not stay on.
  for (const key of ["notice", "error", "provider"]) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}${url.hash}`;
}

type Params = Record<string, string | string[] | undefined>;
/** A search param's value as a page receives it: the first when it is repeated. */
export const firstParam = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The notice or error in a page's search params, when it is one we know. */
export function readNotice(params: Params): { notice?: Notice; error?: NoticeError; provider?: string } {
  const notice = firstParam(params.notice);
  const error = firstParam(params.error);
  const provider = firstParam(params.provider);
  return {
    notice: NOTICES.find((known) => known === notice),
    error: ERRORS.find((known) => known === error),
    provider: provider && /^[a-z-]{1,32}$/.test(provider) ? provider : undefined,
  };
}
