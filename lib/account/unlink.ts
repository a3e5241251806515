// Removing a sign-in method. The last one (counting passkeys) stays: a user with no way in could never
// come back. Two unlinks at once (two devices) must not remove the last two, so the
// check and the delete are one transaction that holds the user's row. Sessions that
// signed in with the removed identity on other devices end too (someone who took over
// that account loses the way in it gave them); this browser's session stays. An email
// only that account vouched for stops being the user's.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { accountProvider } from "@/lib/identity";

export type UnlinkResult = { ok: true; provider: string; endedSessions: number } | { ok: false; reason: "last-method" | "not-found" };

class LastMethod extends Error {}

export async function unlinkAccount(db: PrismaClient, input: { userId: string; accountId: string; keepSessionId: string }): Promise<UnlinkResult> {
  try {
    return await db.$transaction(async (tx) => {
      // The user's row first, written so that it stays locked until the end: two unlinks
      // at once take turns. Without it, on PostgreSQL (READ COMMITTED) each transaction
      // counted the other's account as remaining and both deletes committed, leaving no
      // way in (the reliability run's "two unlinks racing": 18 and 20 of 25 rounds in two
      // runs). SQLite runs one write transaction at a time; this write takes its lock at
      // once.
      await tx.user.updateMany({ where: { id: input.userId }, data: { updatedAt: new Date() } });
      const account = await tx.account.findFirst({ where: { id: input.accountId, userId: input.userId } });
      if (!account) return { ok: false, reason: "not-found" } as const;
      await tx.account.delete({ where: { id: account.id } });
      const remaining = await tx.account.findMany({ where: { userId: input.userId }, orderBy: { createdAt: "asc" } });
      // A passkey is a way in too (lib/passkeys/store.ts).
      if (remaining.length === 0 && (await tx.passkey.count({ where: { userId: input.userId } })) === 0) throw new LastMethod();

      const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId } });
      if (user.profileAccountId === account.id || !user.profileAccountId) {
        const next = remaining[0];
        // With only passkeys left, the name stays and no account gives the picture.
        await tx.user.update({ where: { id: user.id }, data: next ? { profileAccountId: next.id, name: next.name ?? user.name, image: next.image } : { profileAccountId: null, image: null } });
      }
      // The email was vouched for by this account: another account's verified one, or none.
      if (user.email && user.email === account.email && !remaining.some((other) => other.emailVerified && other.email === user.email)) {
        const vouched = remaining.find((other) => other.emailVerified && other.email);
        const free = vouched && !(await tx.user.findFirst({ where: { email: vouched.email, id: { not: user.id } }, select: { id: true } }));
        await tx.user.update({
          where: { id: user.id },
          data: free ? { email: vouched.email, emailVerified: new Date() } : { email: null, emailVerified: null },
        });
      }
      const viaThis = (await tx.loginSession.findMany({
        where: { userId: input.userId, revokedAt: null, id: { not: input.keepSessionId } },
        select: { id: true, provider: true },
      })).filter((session) => accountProvider(session.provider) === account.provider);
      const ended = await tx.loginSession.updateMany({
        where: { id: { in: viaThis.map((session) => session.id) }, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return { ok: true, provider: account.provider, endedSessions: ended.count } as const;
    });
  } catch (error) {
    if (error instanceof LastMethod) return { ok: false, reason: "last-method" };
    throw error;
  }
}
