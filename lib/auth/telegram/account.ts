// The Vkhod user behind a Telegram user id: the one whose "telegram" account has that
// id, or a new user created with that account in one write. Every Telegram entry
// point lands here, so all of them reach the same user.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import type { TelegramUser } from "./verify";

const where = (telegramId: number) => ({
  provider_providerAccountId: { provider: "telegram", providerAccountId: String(telegramId) },
});

export async function telegramAccountUser(db: PrismaClient, telegram: TelegramUser) {
  const existing = await db.account.findUnique({ where: where(telegram.id), include: { user: true } });
  if (existing) return existing.user;
  try {
    return await db.user.create({
      data: {
        name: [telegram.first_name, telegram.last_name].filter(Boolean).join(" ") || telegram.username || null,
        image: telegram.photo_url || null,
        accounts: { create: { type: "telegram", provider: "telegram", providerAccountId: String(telegram.id) } },
      },
    });
  } catch (error) {
    // Two first sign-ins at once: the other one created it.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return (await db.account.findUniqueOrThrow({ where: where(telegram.id), include: { user: true } })).user;
  }
}
