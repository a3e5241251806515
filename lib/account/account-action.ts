// One wrapper for the account center's form actions (useActionState), in the spirit of
// saas-starter's validatedActionWithUser: the input checked by its zod schema, the
// signed-in user and session (requireUser), the step-up the action needs (a recent
// sign-in, or the second factor: lib/second-factor/step-up.ts),
// the per-user abuse limit, and a way to write the security log with this request's
// address and browser. The handler answers `{ ok }` or `{ error }` (or redirects).
import "server-only";
import type { LoginSession, User } from "@prisma/client";
import { headers } from "next/headers";
import type { z } from "zod";
import { clientInfoFrom } from "@/lib/auth/request-context";
import { requireUser } from "@/lib/auth/require-user";
import type { ClientInfo } from "@/lib/identity";
import { limitAction } from "@/lib/security/limit-request";
import type { ActionResult } from "./action-result";
import { stepUpFor, type Guard } from "@/lib/second-factor/step-up";
import { recordEvent, type SecurityEventInput } from "./security-log";

type Context<Input> = {
  input: Input;
  user: User;
  session: LoginSession;
  client: ClientInfo;
  /** Writes this user's security log, with this request's address and browser. */
  log(event: Omit<SecurityEventInput, "userId" | "ip" | "userAgent">): Promise<void>;
};

type Options<Schema extends z.ZodType> = {
  schema: Schema;
  /** The page to come back to after signing in (again). */
  returnTo: string;
  /**
   * What it needs first (lib/second-factor/step-up.ts), for any input or for this one;
   * answers "reauth" or "second-factor" until the session has done it.
   */
  guard?: Guard | ((input: z.infer<Schema>) => Guard | undefined);
  /** Counts against the account-action limit (AUTH_LIMIT_ACCOUNT_ACTION), per user and address. */
  limited?: boolean;
};

export function accountAction<Schema extends z.ZodType>(
  { schema, returnTo, guard, limited = false }: Options<Schema>,
  handler: (context: Context<z.infer<Schema>>) => Promise<ActionResult>,
) {
  return async (_previous: ActionResult, formData: FormData): Promise<ActionResult> => {
    const parsed = schema.safeParse(formData instanceof FormData ? Object.fromEntries(formData) : undefined);
    if (!parsed.success) return { error: "invalid" };
    const { user, session } = await requireUser(returnTo);
    const needs = typeof guard === "function" ? guard(parsed.data) : guard;
    const step = needs && (await stepUpFor(session, needs));
    if (step) return { error: step };
    if (limited) await limitAction("account-action", user.id);
    const client = clientInfoFrom(await headers());
    return handler({ input: parsed.data, user, session, client, log: (event) => recordEvent({ ...event, userId: user.id, ...client }) });
  };
}
