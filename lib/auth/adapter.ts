// The Auth.js adapter: Prisma's, with three changes.
// - No provider tokens are stored: Vkhod only signs people in.
// - Accounts are stored under their identity's provider (lib/auth/providers/identity.ts):
//   VK ID and legacy VK are one VK account.
// - A new user is written together with their first account, in one transaction.
//   Auth.js calls createUser and then linkAccount; if the database fails between the
//   two, there must be no user left behind that no sign-in method leads to. So
//   createUser only keeps the user in the request's context, and linkAccount writes
//   both.
import "server-only";
import { randomUUID } from "node:crypto";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { PrismaClient } from "@prisma/client";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import { accountProvider } from "./providers/identity";
import { authRequestContext } from "./request-context";

export function createAdapter(db: PrismaClient): Adapter {
  const prisma = PrismaAdapter(db);
  return {
    ...prisma,
    async createUser(data) {
      // Auth.js passes the provider's account id as `id`; users get ids of their own.
      const user: AdapterUser = { ...data, id: randomUUID() };
      const context = authRequestContext.getStore();
      if (!context) return prisma.createUser!(user);
      context.pendingUser = user;
      return user;
    },
    getUserByAccount: ({ provider, providerAccountId }) =>
      prisma.getUserByAccount!({ provider: accountProvider(provider), providerAccountId }),
    unlinkAccount: ({ provider, providerAccountId }) =>
      prisma.unlinkAccount!({ provider: accountProvider(provider), providerAccountId }),
    async linkAccount({ userId, type, provider, providerAccountId }) {
      const account = { userId, type, provider: accountProvider(provider), providerAccountId };
      const context = authRequestContext.getStore();
      const pending = context?.pendingUser;
      if (pending && pending.id === userId) {
        const { name, email, emailVerified, image } = pending;
        await db.$transaction([
          db.user.create({ data: { id: pending.id, name, email, emailVerified, image } }),
          db.account.create({ data: account }),
        ]);
        context.pendingUser = undefined;
      } else {
        await db.account.create({ data: account });
      }
    },
  };
}
