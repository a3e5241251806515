// For load balancers and orchestrators: 200 when this instance can serve (the database
// answers and has every migration), 503 otherwise. It says which of the two is wrong,
// never more: the details (host, user, database name, the driver's words) go to the log
// and to `npm run doctor`, not to anyone who asks. Answered from one check a second at
// most, however many ask.
import { NextResponse } from "next/server";
import { checkDatabase, type DatabaseStatus } from "@/lib/database-check";
import { logEvent } from "@/lib/log";

export const dynamic = "force-dynamic";

const FRESH_MS = 1_000;
let last: { at: number; status: Promise<DatabaseStatus> } | undefined;

export async function GET() {
  if (!last || Date.now() - last.at > FRESH_MS) last = { at: Date.now(), status: checkDatabase() };
  const database = await last.status;
  if (!database.ok) logEvent("warn", { event: "health-unavailable", problem: database.problem });
  const body = database.ok
    ? { status: "ok", database: { kind: database.kind, reachable: true, migrations: "applied" } }
    : { status: "unavailable", database: { kind: database.kind, problem: database.reason } };
  return NextResponse.json(body, { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
