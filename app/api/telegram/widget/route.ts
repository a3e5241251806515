// Where the Telegram Login Widget (data-auth-url) sends the browser: GET with the
// person's fields and their hash, plus our own `nonce` and `callbackUrl`. The whole
// story is in lib/auth/telegram/widget.ts.
import { NextResponse, type NextRequest } from "next/server";
import { widgetSignIn } from "@/lib/auth/telegram/widget";
import { limitRoute } from "@/lib/security/limit-request";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const limited = await limitRoute(request, "telegram-widget");
  if (limited) return limited;
  return NextResponse.redirect(new URL(await widgetSignIn(request), request.url), 303);
}
