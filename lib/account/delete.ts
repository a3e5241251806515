// Deleting an account: the user row, and by cascade its accounts, sessions (so every
// browser is signed out on its next request), security log, pending links, link
// intents, known devices and second factor (authenticator app, recovery codes).
// Bot-login requests answered by its Telegram account go too; they name the person.
import "server-only";
import type { PrismaClient } from "@prisma/client";

export async function deleteUser(db: PrismaClient, userId: string) {
  const telegram = await db.account.findMany({ where: { userId, provider: "telegram" }, select: { providerAccountId: true } });
  await db.$transaction([
    db.telegramBotLogin.deleteMany({ where: { telegramId: { in: telegram.map((account) => account.providerAccountId) } } }),
    db.user.delete({ where: { id: userId } }),
  ]);
}
