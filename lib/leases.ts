// A lease: work that exactly one app instance of many must do (the Telegram bot's
// getUpdates poller). An instance holds it for `ttlMs` and renews it while it works;
// when the holder stops or dies, the lease lapses and another instance takes it over.
// One conditional UPDATE decides (the row is locked while it is judged, on SQLite and
// PostgreSQL alike), so of instances racing for a free lease exactly one wins.
import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { PrismaClient } from "@prisma/client";

/** This process, as a lease holder: its host and pid, for an operator reading the table. */
export const THIS_INSTANCE = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

/** Takes or renews the lease `name` for `ttlMs`; false while another instance holds it. */
export async function holdLease(db: PrismaClient, name: string, ttlMs: number, holder = THIS_INSTANCE, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { count } = await db.lease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lte: now } }] },
    data: { holder, expiresAt },
  });
  if (count) return true;
  try {
    await db.lease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false; // held by another
    throw error;
  }
}

/** Gives the lease up at once (a clean stop), if this instance holds it. */
export async function releaseLease(db: PrismaClient, name: string, holder = THIS_INSTANCE) {
  await db.lease.deleteMany({ where: { name, holder } });
}
