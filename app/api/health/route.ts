// For load balancers and orchestrators: 200 when this instance can serve (the database
// answers and has every migration), 503 otherwise, with what is wrong. It names the
// database kind, never its address or credentials.
import { NextResponse } from "next/server";
import { checkDatabase } from "@/lib/database-check";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  const body = database.ok
    ? { status: "ok", database: { kind: database.kind, reachable: true, migrations: "applied" } }
    : { status: "unavailable", database: { kind: database.kind, problem: database.problem.replace(/ database \S+/, " database"), fix: database.fix } };
  return NextResponse.json(body, { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
