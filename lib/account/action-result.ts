// What an account-center server action answers, for useActionState: a message code
// (account.results.<code> in messages/) that is either good news or an error. New
// recovery codes come back once, with the good news, and are shown only then.
export type ActionResult = { ok: string; codes?: string[] } | { error: string } | null;
