// Each signed Telegram payload is accepted once. Its proof (hash or signature) is
// written to the database until the payload would be stale anyway; the primary key
// makes a second use fail on every app instance, with no read-then-write race.
import "server-only";
import type { PrismaClient } from "@prisma/client";

export async function consumeOnce(db: PrismaClient, proof: string, expiresAt: Date, now = new Date()): Promise<boolean> {
  try {
    await db.usedTelegramPayload.create({ data: { proof, expiresAt } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
  // Forget proofs that can no longer be replayed (their payload is stale by now).
  await db.usedTelegramPayload.deleteMany({ where: { expiresAt: { lt: now } } });
  return true;
}
