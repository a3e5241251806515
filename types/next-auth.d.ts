import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** The id of this browser's LoginSession row. */
    sessionId?: string;
    user: { id: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/types" {
  interface User {
    /** An address the provider gave without saying it is verified (lib/auth/providers/types.ts). */
    unverifiedEmail?: string | null;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The id of this browser's LoginSession row. */
    sid?: string;
  }
}
