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
import { limitRoute } from "@/lib/security/limit-request";
import { isSameOrigin } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return NextResponse.json({ error: "cross-site request refused" }, { status: 403 });
  const { user } = await requireUser("/account/data");
  const limited = await limitRoute(request, "account-action", user.id);
  if (limited) return limited;
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
