// "Download your data": a POST from the form on /account/data answers with the JSON
// as an attachment. POST, not GET, because it writes to the security log; a request
// from another site is refused (the session cookie is SameSite=Lax, and the origin is
// checked here as well).
import { NextResponse, type NextRequest } from "next/server";
import { exportUserData } from "@/lib/account/export";
import { recordEvent } from "@/lib/account/security-log";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import { db } from "@/lib/db";
import { stepUpFor, stepUpUrl } from "@/lib/second-factor/step-up";
import { limitRoute } from "@/lib/security/limit-request";
import { isSameOrigin } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return NextResponse.json({ error: "cross-site request refused" }, { status: 403 });
  const { user, session } = await requireUser("/account/data");
  const limited = await limitRoute(request, "account-action", user.id);
  if (limited) return limited;
  // With a second factor, the download is a critical action: it needs the code first.
  const step = await stepUpFor(session, "second-factor");
  if (step) return NextResponse.redirect(new URL(stepUpUrl(step, "/account/data"), request.url), 303);
  await recordEvent({ userId: user.id, type: "data-exported", ...clientInfoFrom(request.headers) });
  const data = await exportUserData(db, user.id);
  const day = data.exportedAt.slice(0, 10);
  return new NextResponse(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="vkhod-data-${day}.json"`,
      "cache-control": "no-store",
    },
  });
}
