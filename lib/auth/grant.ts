// Sign-ins that our own code has decided before Auth.js (the Telegram ways, passkeys):
// Auth.js makes the session from a grant, a single-use value made a moment ago, in this
// process, for the user chosen, and never sent to a browser. Each way's Credentials
// provider accepts only that, so nothing a browser sends to /api/auth/callback/<way>
// itself can sign anyone in, and the session cookie, callbacks and session record stay
// Auth.js's (lib/auth/index.ts).
import "server-only";
import { randomBytes } from "node:crypto";
import Credentials from "next-auth/providers/credentials";

const GRANT_SECONDS = 30;
const grants = new Map<string, { way: string; userId: string; expiresAt: number }>();

/** A one-time grant for Auth.js to sign `userId` in through `way` (never sent to a browser). */
export function grantSignIn(way: string, userId: string): string {
  const now = Date.now();
  for (const [key, grant] of grants) if (grant.expiresAt <= now) grants.delete(key);
  const grant = randomBytes(32).toString("base64url");
  grants.set(grant, { way, userId, expiresAt: now + GRANT_SECONDS * 1000 });
  return grant;
}

function redeemGrant(way: string, grant: unknown): string | null {
  if (typeof grant !== "string") return null;
  const found = grants.get(grant);
  grants.delete(grant);
  return found && found.way === way && found.expiresAt > Date.now() ? found.userId : null;
}

/** The Credentials provider for one way in: it signs in whom a grant names. */
export function grantProvider(way: string, name: string) {
  return Credentials({
    id: way,
    name,
    credentials: { grant: {} },
    async authorize({ grant }) {
      const userId = redeemGrant(way, grant);
      // Only the id: the session cookie carries nothing else, and the session record,
      // made next (lib/auth/sessions.ts), finds the user gone if it went meanwhile.
      return userId ? { id: userId } : null;
    },
  });
}
