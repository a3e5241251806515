// The Login Widget's nonce for this browser (lib/auth/telegram/widget-nonce.ts): asked
// by our own pages' widget (components/auth/telegram-login-widget.tsx) before it draws
// Telegram's button. Same-origin only: another site cannot read it, nor make one here.
import { NextResponse, type NextRequest } from "next/server";
import { issueWidgetNonce } from "@/lib/auth/telegram/widget-nonce";
import { isSameOrigin } from "@/lib/security/same-origin";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return NextResponse.json({ error: "forbidden" }, { status: 403 });
  return NextResponse.json({ nonce: await issueWidgetNonce() }, { headers: { "cache-control": "no-store" } });
}
