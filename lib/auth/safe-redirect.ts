// callbackUrl only ever leads to our own origin. Anything else (another host, a
// protocol-relative `//host`, a backslash trick, javascript:) falls back to /account.

export const DEFAULT_AFTER_SIGN_IN = "/account";

/** An origin no absolute URL can match: with it only paths on our site pass. */
export const RELATIVE_ONLY = "http://vkhod.invalid";

/** A same-origin path (with query and hash) for `target`, or the fallback. */
export function safeRedirectPath(target: unknown, origin: string, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  // Browsers treat "\" as "/", so "/\evil.com" would be protocol-relative.
  if (target.includes("\\") || /[\u0000-\u001f]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? fallback : path;
}
