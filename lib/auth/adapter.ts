// The Auth.js adapter: Prisma's, with two changes.
// - Accounts are looked up under their identity's provider (lib/auth/providers/identity.ts):
//   VK ID and legacy VK are one VK account.
// - Users and accounts are never written here. Every sign-in goes through the signIn
//   callback first, and lib/account/identities.ts decides there: it signs in, links,
//   parks a pending link, or writes a new user together with its first account. So when
//   Auth.js gets here the account exists; a call to create one means that decision was
//   bypassed, and the sign-in fails rather than link anything silently.
import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { PrismaClient } from "@prisma/client";
import type { Adapter } from "next-auth/adapters";
import { accountProvider } from "@/lib/identity";

export function createAdapter(db: PrismaClient): Adapter {
  const prisma = PrismaAdapter(db);
  const refuse = (what: string) => async (): Promise<never> => {
    throw new Error(`Auth.js tried to ${what}; users and accounts are written by lib/account/identities.ts`);
  };
  return {
    ...prisma,
    createUser: refuse("create a user"),
    linkAccount: refuse("link an account"),
    // An email match is the signIn callback's call (a pending link), never Auth.js's.
    getUserByEmail: async () => null,
    getUserByAccount: ({ provider, providerAccountId }) =>
      prisma.getUserByAccount!({ provider: accountProvider(provider), providerAccountId }),
    unlinkAccount: ({ provider, providerAccountId }) =>
      prisma.unlinkAccount!({ provider: accountProvider(provider), providerAccountId }),
  };
}
