// Deleting an account: the user row, and by cascade its accounts, sessions (so every
// browser is signed out on its next request), security log and pending links. Deep-link
// sign-in requests that carry one of its Telegram ids go too; they name the person.
import "server-only";
import type { PrismaClient } from "@prisma/client";

export async function deleteUser(db: PrismaClient, userId: string) {
  const telegram = await db.account.findMany({ where: { userId, provider: "telegram" }, select: { providerAccountId: true } });
  await db.$transaction([
    ...telegram.map(({ providerAccountId }) =>
      db.telegramLinkRequest.deleteMany({ where: { telegramUser: { startsWith: `{"id":${providerAccountId},` } } }),
    ),
    db.user.delete({ where: { id: userId } }),
  ]);
}
