// Which linked account's name and picture the user shows. The choice is kept
// (User.profileAccountId) and the user's name and picture follow that account when it
// signs in again (lib/account/identities.ts).
import "server-only";
import type { PrismaClient } from "@prisma/client";

export async function chooseProfile(db: PrismaClient, userId: string, accountId: string) {
  const account = await db.account.findFirst({ where: { id: accountId, userId } });
  if (!account) return null;
  await db.user.update({
    where: { id: userId },
    data: { profileAccountId: account.id, name: account.name, image: account.image },
  });
  return account;
}
