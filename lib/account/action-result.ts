// What an account-center server action answers, for useActionState: a message code
// (account.results.<code> in messages/) that is either good news or an error.
export type ActionResult = { ok: string } | { error: string } | null;
