// Wraps the Auth.js route:
// - a failed sign-in lands on /login with a reason a person can read ("you pressed
//   Deny", "Google did not answer") instead of Auth.js's catch-all "Configuration";
// - a provider's callback does not see a session cookie whose session record was
//   revoked, expired or deleted: Auth.js would link the new identity to that user.
import "server-only";
import { NextRequest } from "next/server";
import { withoutDeadSession } from "./browser-session";
import { authRequestContext } from "./request-context";
import { signInErrorReason } from "./sign-in-errors";

type Handler = (request: NextRequest) => Promise<Response>;

export function withReadableErrors(handler: Handler): Handler {
  return async (incoming) => {
    const request = incoming.nextUrl.pathname.includes("/callback/")
      ? await withoutDeadSession(incoming, (headers) => new NextRequest(incoming, { headers }))
      : incoming;
    const context = { request, error: undefined as unknown };
    const response = await authRequestContext.run(context, () => handler(request));
    if (context.error === undefined) return response;
    const location = response.headers.get("location");
    if (!location) return response;
    const target = new URL(location, request.url);
    if (target.pathname !== "/login" || !target.searchParams.has("error")) return response;
    const providerError = request.nextUrl.searchParams.get("error");
    target.searchParams.set("error", signInErrorReason(context.error, providerError));
    const headers = new Headers(response.headers);
    headers.set("location", target.toString());
    return new Response(null, { status: response.status, headers });
  };
}
