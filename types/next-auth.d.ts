import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** The id of this browser's LoginSession row. */
    sessionId?: string;
    user: { id: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The id of this browser's LoginSession row. */
    sid?: string;
  }
}
