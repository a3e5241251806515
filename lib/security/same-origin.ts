// Whether a request was made by one of our own pages: the browser says so in
// Sec-Fetch-Site (every current browser sends it), or, where it does not, the Origin
// header names this host. Neither can be set by another site's page.
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host === (request.headers.get("x-forwarded-host") ?? request.headers.get("host"));
  } catch {
    return false;
  }
}
