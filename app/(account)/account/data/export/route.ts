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

export const dynamic = "force-dynamic";

function sameOrigin(request: NextRequest) {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = request.headers.get("origin");
  return origin !== null && origin === request.nextUrl.origin;
}

export async function POST(request: NextRequest) {
  if (!sameOrigin(request)) return NextResponse.json({ error: "cross-site request refused" }, { status: 403 });
  const { user } = await requireUser("/account/data");
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
