// `npm run test:reliability` (also run by `npm test`): the app under pressure, against a
// production build (NEXT_DIST_DIR, default .next-test; built first when missing), the
// emulators and real HTTP, on SQLite and on a throwaway PostgreSQL cluster:
//   - first sign-ins: 50 browsers (cookie jars) sign in the same new identity at the
//     same moment, for each kind of provider (five OAuth, Telegram OpenID Connect, the
//     Telegram widget): exactly one user and one account row, no 5xx;
//   - link and unlink (group "link-unlink"): one user on two devices (cookie jars), 25
//     rounds of each race: a new identity's link callback against an unlink of another
//     (re-linking the one unlinked the round before), a sign-in again with an identity
//     against its unlink, and two unlinks at once that would remove the last two ways in
//     (the last-method guard must refuse one: refused as expected). After each round the
//     user has a way in, no Account row lacks its user, each identity is on one user;
//   - fuzz (fast-check): at least 10,000 generated Telegram widget payloads, Mini App
//     launch data, bot updates (deep-link /start payloads and button answers) and
//     bot-login polls, and malformed OAuth callback queries: none signs anyone in,
//     none gets a 5xx (each next to an honest one that does sign in, where there is one);
//   - the database down (PostgreSQL stopped under a running instance): every request a
//     503, then served again without a restart;
//   - a soak: RELIABILITY_SOAK_SECONDS (default 60) of mixed sign-ins and page loads,
//     watching the server's memory.
// Prints a table (cases tried, refused as expected, wrongly accepted, 5xx, inconsistent
// rows, peak RSS) and writes test-results/reliability.json. Exits 1 when any row has
// a wrongly accepted case, a 5xx or an inconsistent row.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import pg from "pg";
import Database from "better-sqlite3";
import { customUser } from "../emulators/kit/users";
import { signLoginWidget, signWebAppData, TELEGRAM_DEMO_BOT, telegramUserId, webAppFields, widgetFields } from "../emulators/telegram";
import { ROOMY_LIMITS } from "../e2e/fixtures/env";
import { Jar, rssMb } from "./lib/http";
import { startPostgresql } from "./lib/postgresql.mjs";
import { bin, freePort, migrate, root, run, startEmulators, stayOffline, step } from "./lib/tasks.mjs";

stayOffline();
const DIST = process.env.NEXT_DIST_DIR || ".next-test";
const SECRET = randomBytes(33).toString("base64");
const SOAK_SECONDS = Number(process.env.RELIABILITY_SOAK_SECONDS ?? 60);
// A little over 10,000, as a few generated Mini App cases are no forgery at all and are skipped.
const FUZZ_RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 11_000);
const CONCURRENT = 50;
/** RELIABILITY_ONLY=google,vkid,link-unlink: the first sign-ins of these providers, the link and unlink races, and nothing else (for a closer look). */
const ONLY = process.env.RELIABILITY_ONLY?.split(",");

type Row = { name: string; tried: number; refused: number; wronglyAccepted: number; serverErrors: number; inconsistent: number; peakRssMb?: number; note?: string };
const rows: Row[] = [];
const newRow = (name: string): Row => {
  const row = { name, tried: 0, refused: 0, wronglyAccepted: 0, serverErrors: 0, inconsistent: 0 };
  rows.push(row);
  return row;
};

// ── The app and what it runs on ───────────────────────────────────────────────────────
type App = { url: string; child: ChildProcess; databaseUrl: string; stop(): Promise<void> };

/** The app's ports, chosen first: the emulators' demo clients accept only the redirect URIs of apps they know. */
const ports: number[] = [];
async function startApp(databaseUrl: string, emulatorEnv: Record<string, string>): Promise<App> {
  const port = ports.shift()!;
  const url = `http://localhost:${port}`;
  const child = spawn(bin("next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST,
      AUTH_SECRET: SECRET,
      AUTH_URL: url,
      DATABASE_URL: databaseUrl,
      AUTH_TELEGRAM_WEBHOOK_URL: `${url}/api/telegram/webhook`,
      AUTH_PROVIDER_TIMEOUT_MS: "5000",
      LOG_LEVEL: "error",
      ...emulatorEnv,
      ...ROOMY_LIMITS,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The app's own log lines (errors only, LOG_LEVEL=error), kept for when a row fails.
  mkdirSync(join(root, "test-results"), { recursive: true });
  const log = createWriteStream(join(root, "test-results", `reliability-app-${port}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${url}/api/health`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the app on ${databaseUrl} did not start`);
    await sleep(250);
  }
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))));
  return { url, child, databaseUrl, stop };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** The first row of a query on the app's own database (SQLite's spelling; quoted for PostgreSQL). */
async function firstRow(databaseUrl: string, sql: string, ...params: (string | number)[]): Promise<Record<string, unknown> | undefined> {
  if (databaseUrl.startsWith("file:")) {
    const file = new Database(databaseUrl.slice(5), { readonly: true });
    try {
      return file.prepare(sql).get(...params) as Record<string, unknown> | undefined;
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let n = 0;
    const quoted = sql.replace(/\?/g, () => `$${++n}`).replace(/\b(User|Account|LoginSession|userId|providerAccountId|profileAccountId)\b/g, '"$1"');
    return (await client.query(quoted, params)).rows[0];
  } finally {
    await client.end();
  }
}

/** Counts on the app's own database (the query names its count `n`). */
async function countRows(databaseUrl: string, sql: string, ...params: (string | number)[]): Promise<number> {
  return Number((await firstRow(databaseUrl, sql, ...params))?.n);
}

// ── Ways in, as a browser takes them ──────────────────────────────────────────────────
/** Up to the provider's redirect back: the callback URL this jar would follow. */
async function oauthUpToCallback(app: App, provider: string, jar: Jar, person: { name: string; email: string }): Promise<string> {
  const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  const start = await jar.fetch(`${app.url}/api/auth/signin/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/account" }),
  });
  const authorize = start.headers.get("location");
  if (!authorize || authorize.startsWith(app.url)) throw new Error(`${provider}: sign-in did not go to the provider (${start.status} ${authorize})`);
  return consentUpToCallback(provider, authorize, person);
}

/** From the provider's authorize URL: the person's answer on its consent page, and the callback URL it redirects to. */
async function consentUpToCallback(provider: string, authorize: string, person: { name: string; email: string }): Promise<string> {
  const page = await fetch(authorize);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !request) throw new Error(`${provider}: no consent page (${page.status})`);
  const answer = await fetch(new URL(action, authorize), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request, name: person.name, email: person.email }),
    redirect: "manual",
  });
  const callback = answer.headers.get("location");
  if (!callback) throw new Error(`${provider}: the consent page did not redirect (${answer.status})`);
  return callback;
}

async function widgetNonce(app: App, jar: Jar): Promise<string> {
  return ((await (await jar.fetch(`${app.url}/api/telegram/widget/nonce`, { method: "POST", headers: { origin: app.url } })).json()) as { nonce: string }).nonce;
}

const OAUTH = ["google", "vkid", "yandex", "ok", "vk", "telegram-oidc"];

async function firstSignIns(app: App, label: string, emulatorUrl: string) {
  for (const provider of [...OAUTH, "telegram-widget"].filter((id) => !ONLY || ONLY.includes(id))) {
    const row = newRow(`${label}: ${CONCURRENT} first sign-ins at once, ${provider}`);
    const person = { name: `Race ${provider} ${randomBytes(3).toString("hex")}`, email: `race-${randomBytes(4).toString("hex")}@example.com` };
    const jars = Array.from({ length: CONCURRENT }, () => new Jar());
    // Everything up to the last request first, then the last requests all at once.
    let finals: (() => Promise<Response>)[];
    if (provider === "telegram-widget") {
      const user = customUser(person.name, "");
      finals = await Promise.all(
        jars.map(async (jar, i) => {
          const nonce = await widgetNonce(app, jar);
          // Each browser its own payload (a second apart), all for the same Telegram user.
          const fields = signLoginWidget(widgetFields(emulatorUrl, user, Math.floor(Date.now() / 1000) - i), TELEGRAM_DEMO_BOT.token);
          return () => jar.fetch(`${app.url}/api/telegram/widget?${new URLSearchParams({ ...fields, nonce })}`);
        }),
      );
    } else {
      finals = await Promise.all(
        jars.map(async (jar) => {
          const callback = await oauthUpToCallback(app, provider, jar, person);
          return () => jar.fetch(callback);
        }),
      );
    }
    const responses = await Promise.all(finals.map((final) => final().catch(() => undefined)));
    row.tried = responses.length;
    for (const response of responses) {
      if (!response || response.status >= 500) row.serverErrors++;
    }
    const signedIn = jars.filter((jar) => jar.hasSession()).length;
    row.refused = row.tried - signedIn;
    const elsewhere = new Map<string, number>();
    responses.forEach((response, i) => {
      if (jars[i]!.hasSession()) return;
      const to = response?.headers.get("location")?.replace(app.url, "") ?? String(response?.status);
      elsewhere.set(to, (elsewhere.get(to) ?? 0) + 1);
    });
    const accountProvider = provider === "vkid" ? "vk" : provider.startsWith("telegram") ? "telegram" : provider;
    const users =
      provider === "telegram-widget"
        ? await countRows(app.databaseUrl, "SELECT count(DISTINCT userId) AS n FROM Account WHERE provider = ? AND providerAccountId = ?", "telegram", String(telegramUserId(customUser(person.name, ""))))
        : await countRows(app.databaseUrl, "SELECT count(*) AS n FROM User WHERE name = ?", person.name);
    const accounts =
      provider === "telegram-widget"
        ? await countRows(app.databaseUrl, "SELECT count(*) AS n FROM Account WHERE provider = ? AND providerAccountId = ?", "telegram", String(telegramUserId(customUser(person.name, ""))))
        : await countRows(app.databaseUrl, "SELECT count(*) AS n FROM Account a JOIN User u ON u.id = a.userId WHERE u.name = ? AND a.provider = ?", person.name, accountProvider);
    if (users !== 1 || accounts !== 1) row.inconsistent += Math.abs(users - 1) + Math.abs(accounts - 1) || 1;
    if (!signedIn) row.inconsistent++;
    row.note = `${signedIn} signed in, ${users} user, ${accounts} account${elsewhere.size ? `; the others went to ${[...elsewhere].map(([to, n]) => `${to} (${n})`).join(", ")}` : ""}`;
  }
}

// ── A link racing an unlink ───────────────────────────────────────────────────────────
const ROUNDS = 25;

/**
 * A form action of the account center as its page's JavaScript calls it: React's
 * encoding of the arguments (the form's fields as part 1, `$K1`, each named
 * `_1_<field>`), with useActionState's previous state first when the action has one.
 */
function accountFormAction(app: App, name: string, withState: boolean) {
  const id = actionId(name);
  return (jar: Jar, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [field, value] of Object.entries(fields)) body.set(`_1_${field}`, value);
    // The arguments last, as React sends them: Next.js reads the body as it streams in,
    // and a `$K1` read before its fields have arrived is an empty form.
    body.set("0", JSON.stringify(withState ? [null, "$K1"] : ["$K1"]));
    return jar.fetch(`${app.url}/account`, { method: "POST", headers: { "next-action": id, accept: "text/x-component", origin: app.url }, body });
  };
}

/** Where a server action's redirect() sends the browser (Next.js names it in a header of its own), or null. */
const actionRedirect = (response: Response) => response.headers.get("x-action-redirect")?.replace(/;(push|replace)$/, "") ?? response.headers.get("location");

/**
 * The rows of one user, after a round: what must hold whatever order the racing requests
 * ran in. Returns the problems found (none: an empty list).
 */
async function userConsistency(app: App, userId: string): Promise<string[]> {
  const problems: string[] = [];
  const accounts = await countRows(app.databaseUrl, "SELECT count(*) AS n FROM Account WHERE userId = ?", userId);
  if (accounts < 1) problems.push("no way in left");
  // A dangling Account (its user gone) would sign someone in to nobody.
  if (await countRows(app.databaseUrl, "SELECT count(*) AS n FROM Account a WHERE NOT EXISTS (SELECT 1 FROM User u WHERE u.id = a.userId)")) problems.push("an account without a user");
  if (await countRows(app.databaseUrl, "SELECT count(*) AS n FROM (SELECT provider, providerAccountId FROM Account GROUP BY provider, providerAccountId HAVING count(DISTINCT userId) > 1) AS shared"))
    problems.push("an identity on two users");
  // The name and picture shown come from one of the user's own accounts.
  if (accounts && (await countRows(app.databaseUrl, "SELECT count(*) AS n FROM User u WHERE u.id = ? AND (u.profileAccountId IS NULL OR NOT EXISTS (SELECT 1 FROM Account a WHERE a.id = u.profileAccountId AND a.userId = u.id))", userId)))
    problems.push("a profile account that is not the user's");
  return problems;
}

/**
 * One signed-in user, two devices (cookie jars), racing themselves: the account center's
 * link (a new identity's callback, after "Link") against an unlink of another identity,
 * and two unlinks that would together remove the last way in. On both databases.
 */
async function linkRacingUnlink(app: App, label: string) {
  const startLink = accountFormAction(app, "startLinkAction", false);
  const unlink = accountFormAction(app, "unlinkAction", true);
  const value = async (sql: string, ...params: string[]) => (await firstRow(app.databaseUrl, sql, ...params))?.v as string | undefined;
  const accountOf = (userId: string, provider: string) => value("SELECT id AS v FROM Account WHERE userId = ? AND provider = ?", userId, provider);
  const newPerson = (what: string) => ({ name: `${what} ${randomBytes(3).toString("hex")}`, email: `${what.toLowerCase().replace(/\W+/g, "-")}-${randomBytes(4).toString("hex")}@example.com` });
  const signIn = async (jar: Jar, provider: string, person: { name: string; email: string }) => {
    await jar.fetch(await oauthUpToCallback(app, provider, jar, person));
    if (!jar.hasSession()) throw new Error(`${label}: ${person.name} could not sign in with ${provider}`);
  };
  /** "Link <provider>" pressed and answered at the provider: the callback that would link it. */
  const linkUpToCallback = async (jar: Jar, provider: string, person: { name: string; email: string }) => {
    const pressed = await startLink(jar, { provider, callbackUrl: "/account" });
    const authorize = actionRedirect(pressed);
    if (!authorize?.startsWith("http") || authorize.startsWith(app.url)) throw new Error(`${label}: "Link ${provider}" did not go to the provider (${pressed.status} ${authorize})`);
    return consentUpToCallback(provider, authorize, person);
  };
  const linked = (response: Response | undefined) => /[?&]notice=linked\b/.test(response?.headers.get("location") ?? "");
  /** An unlink's answer: done (a redirect to the notice), refused by the last-method guard, or something else. */
  const unlinked = async (response: Response | undefined) => {
    if (!response) return "no answer";
    if (/[?&]notice=unlinked\b/.test(actionRedirect(response) ?? "")) return "unlinked";
    const text = await response.text();
    return text.includes('"error":"last-method"') ? "last-method" : `HTTP ${response.status} ${actionRedirect(response) ?? text.slice(0, 120)}`;
  };
  const failed = (response: Response | undefined) => !response || response.status >= 500;

  // (a) against (b): Google stays; each round links one of Yandex and OK while the other
  // device unlinks the other, so every second round re-links an identity just unlinked.
  const racing = newRow(`${label}: a link racing an unlink, ${ROUNDS} rounds`);
  const person = newPerson("Link race");
  const [first, second] = [new Jar(), new Jar()];
  await signIn(first, "google", person);
  await signIn(second, "google", person);
  const userId = (await value("SELECT userId AS v FROM Account WHERE provider = ? AND userId IN (SELECT id FROM User WHERE name = ?)", "google", person.name))!;
  await first.fetch(await linkUpToCallback(first, "yandex", person));
  if (!(await accountOf(userId, "yandex"))) throw new Error(`${label}: the first link (yandex) did not take`);
  const notes = new Map<string, number>();
  const note = (what: string) => notes.set(what, (notes.get(what) ?? 0) + 1);
  for (let round = 0; round < ROUNDS; round++) {
    const [adding, removing] = round % 2 ? ["yandex", "ok"] : ["ok", "yandex"];
    const callback = await linkUpToCallback(first, adding, person);
    const accountId = (await accountOf(userId, removing))!;
    // Both at the same moment, from the two devices.
    const [link, unlinkAnswer] = await Promise.all([first.fetch(callback).catch(() => undefined), unlink(second, { accountId }).catch(() => undefined)]);
    racing.tried++;
    if (failed(link) || failed(unlinkAnswer)) racing.serverErrors++;
    const outcome = await unlinked(unlinkAnswer);
    if (outcome === "last-method") racing.refused++;
    const problems = await userConsistency(app, userId);
    if (!linked(link)) problems.push(`the link answered ${link?.status} ${link?.headers.get("location")}`);
    if (outcome !== "unlinked") problems.push(`the unlink answered ${outcome}`);
    if (!(await accountOf(userId, adding))) problems.push(`${adding} not linked`);
    if (await accountOf(userId, removing)) problems.push(`${removing} still linked`);
    if (problems.length) racing.inconsistent++;
    problems.forEach(note);
  }
  racing.note = notes.size ? [...notes].map(([what, n]) => `${what} (${n})`).join("; ") : `each round linked one identity as the other device unlinked another; ${ROUNDS - 1} re-linked the one unlinked the round before`;

  // Signing in again with an identity (re-authenticating, as unlinking asks) on one
  // device while the other unlinks that very identity: either order is fine (signed in
  // again, then unlinked; or unlinked, then the identity is new and waits on
  // /account/link for the person's word), a failed sign-in is not.
  const again = newRow(`${label}: signing in again as the other device unlinks that identity, ${ROUNDS} rounds`);
  notes.clear();
  for (let round = 0; round < ROUNDS; round++) {
    const provider = round % 2 ? "yandex" : "ok";
    if (!(await accountOf(userId, provider))) await first.fetch(await linkUpToCallback(first, provider, person));
    const callback = await oauthUpToCallback(app, provider, first, person);
    const accountId = (await accountOf(userId, provider))!;
    const [signedIn, unlinkAnswer] = await Promise.all([first.fetch(callback).catch(() => undefined), unlink(second, { accountId }).catch(() => undefined)]);
    again.tried++;
    if (failed(signedIn) || failed(unlinkAnswer)) again.serverErrors++;
    const to = signedIn?.headers.get("location")?.replace(app.url, "") ?? String(signedIn?.status);
    const outcome = await unlinked(unlinkAnswer);
    const problems = await userConsistency(app, userId);
    if (!/[?&]notice=reauthenticated\b/.test(to) && to !== "/account/link") problems.push(`the sign-in went to ${to}`);
    if (outcome !== "unlinked") problems.push(`the unlink answered ${outcome}`);
    if (await accountOf(userId, provider)) problems.push(`${provider} still linked`);
    if (problems.length) again.inconsistent++;
    problems.forEach(note);
    if (!problems.length) note(to === "/account/link" ? "unlinked first, then waited on /account/link" : "signed in again first, then unlinked");
  }
  again.note = [...notes].map(([what, n]) => `${what} (${n})`).join("; ");

  // Two unlinks at once that would remove the last two ways in: a new user each round,
  // signed in on one device with Google and on the other with Yandex, each removing the
  // identity it signed in with (an unlink ends the other sessions of the identity it
  // removes, never its own, so neither ends the other's). Exactly one may succeed.
  const double = newRow(`${label}: two unlinks racing for the last way in, ${ROUNDS} rounds`);
  notes.clear();
  for (let round = 0; round < ROUNDS; round++) {
    const someone = newPerson("Unlink race");
    const [viaGoogle, viaYandex] = [new Jar(), new Jar()];
    await signIn(viaGoogle, "google", someone);
    await viaGoogle.fetch(await linkUpToCallback(viaGoogle, "yandex", someone));
    await signIn(viaYandex, "yandex", someone);
    const owner = (await value("SELECT userId AS v FROM Account WHERE provider = ? AND userId IN (SELECT id FROM User WHERE name = ?)", "google", someone.name))!;
    const [google, yandex] = [(await accountOf(owner, "google"))!, await accountOf(owner, "yandex")];
    if (!yandex) throw new Error(`${label}: ${someone.name} could not link yandex`);
    const answers = await Promise.all([unlink(viaGoogle, { accountId: google }).catch(() => undefined), unlink(viaYandex, { accountId: yandex }).catch(() => undefined)]);
    double.tried++;
    if (answers.some(failed)) double.serverErrors++;
    const outcomes = await Promise.all(answers.map(unlinked));
    const done = outcomes.filter((outcome) => outcome === "unlinked").length;
    const guarded = outcomes.filter((outcome) => outcome === "last-method").length;
    const problems = await userConsistency(app, owner);
    if (done === 1 && guarded === 1) double.refused++;
    else if (done === 2) double.wronglyAccepted++;
    else problems.push(`the unlinks answered ${outcomes.join(" and ")}`);
    if (problems.length) double.inconsistent++;
    problems.forEach(note);
  }
  if (notes.size) double.note = [...notes].map(([what, n]) => `${what} (${n})`).join("; ");
}

// ── Fuzz ──────────────────────────────────────────────────────────────────────────────
const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", "%", "%zz", "%E0%A4%A", "\u0000", "null", "[]", "{}", "-1", "1e309", "9".repeat(40), "<script>", "' OR 1=1 --"),
  fc.integer().map(String),
  fc.stringMatching(/^[0-9a-f]{64}$/),
);

/** A valid widget payload for someone, then one change that must break it. */
const widgetMutation = fc.record({
  who: fc.string({ minLength: 1, maxLength: 12 }),
  field: fc.constantFrom("id", "first_name", "last_name", "username", "photo_url", "auth_date", "hash", "extra", "drop"),
  value: junk,
  withNonce: fc.boolean(),
});

/** A server action's id, from the build's manifest (what the page's JavaScript posts as Next-Action). */
function actionId(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, DIST, "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, action]) => action.exportedName === name)?.[0];
  if (!id) throw new Error(`the build has no ${name} action`);
  return id;
}

/** The Mini App's server action, as its page calls it (the action's id from the build's manifest). */
function miniAppAction(app: App) {
  const id = actionId("signInFromMiniApp");
  return (jar: Jar, initData: string) =>
    jar.fetch(`${app.url}/telegram/app`, {
      method: "POST",
      headers: { "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", origin: app.url },
      body: JSON.stringify([initData]),
    });
}

async function fuzz(app: App, emulatorUrl: string) {
  const perTarget = Math.ceil(FUZZ_RUNS / 5);

  const widget = newRow(`fuzz: Telegram widget payloads`);
  // The honest payload first: the harness itself must be able to sign someone in.
  const control = new Jar();
  const controlNonce = await widgetNonce(app, control);
  await control.fetch(`${app.url}/api/telegram/widget?${new URLSearchParams({ ...signLoginWidget(widgetFields(emulatorUrl, customUser("Fuzz control", "")), TELEGRAM_DEMO_BOT.token), nonce: controlNonce })}`);
  if (!control.hasSession()) widget.inconsistent++;
  await fc.assert(
    fc.asyncProperty(widgetMutation, async ({ who, field, value, withNonce }) => {
      const jar = new Jar();
      const fields = signLoginWidget(widgetFields(emulatorUrl, customUser(`Fuzz ${who}`, "")), TELEGRAM_DEMO_BOT.token);
      const mutated: Record<string, string> = { ...fields };
      if (field === "drop") delete mutated[Object.keys(fields)[value.length % Object.keys(fields).length]!];
      else if (field === "extra") mutated[`x_${value.length}`] = value;
      else mutated[field] = value;
      if (JSON.stringify(mutated) === JSON.stringify(fields)) mutated.hash = fields.hash === "0".repeat(64) ? "1".repeat(64) : "0".repeat(64);
      const query = new URLSearchParams(mutated);
      if (withNonce) query.set("nonce", await widgetNonce(app, jar));
      const response = await jar.fetch(`${app.url}/api/telegram/widget?${query}`);
      widget.tried++;
      if (response.status >= 500) widget.serverErrors++;
      else if (jar.hasSession()) widget.wronglyAccepted++;
      else widget.refused++;
    }),
    { numRuns: perTarget },
  );

  const updates = newRow(`fuzz: bot updates (deep-link /start payloads, answers)`);
  const secret = createHmac("sha256", SECRET).update("telegram-webhook").digest("base64url");
  const update = fc.record({
    kind: fc.constantFrom("start", "answer", "text", "raw"),
    payload: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), junk),
    from: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.constant(-1)),
    id: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  });
  await fc.assert(
    fc.asyncProperty(update, async ({ kind, payload, from, id }) => {
      const sender = { id: from, first_name: "Fuzz", language_code: "en" };
      const body =
        kind === "start"
          ? JSON.stringify({ update_id: id, message: { message_id: 1, text: `/start ${payload}`, chat: { id: from, type: "private" }, from: sender } })
          : kind === "answer"
            ? JSON.stringify({ update_id: id, callback_query: { id: String(id), from: sender, data: `${id % 2 ? "yes" : "no"}:${payload}`, message: { message_id: 1, chat: { id: from, type: "private" } } } })
            : kind === "text"
              ? JSON.stringify({ update_id: id, message: { text: payload, chat: { id: from, type: "group" }, from: sender } })
              : payload;
      const response = await fetch(`${app.url}/api/telegram/webhook`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret }, body });
      updates.tried++;
      if (response.status >= 500) updates.serverErrors++;
      else updates.refused++;
    }),
    { numRuns: perTarget },
  );
  // No random payload confirmed anything: the bot never saw a real request for them.
  updates.inconsistent += await countRows(app.databaseUrl, "SELECT count(*) AS n FROM TelegramBotLogin WHERE confirmedAt IS NOT NULL AND telegramId = '-1'");

  const polls = newRow(`fuzz: bot-login polls with forged browser keys`);
  await fc.assert(
    fc.asyncProperty(fc.oneof(junk, fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{32}$/), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)).map(([a, b]) => `${a}.${b}`)), async (value) => {
      const jar = new Jar();
      jar.cookies.set("vkhod-telegram-login", encodeURIComponent(value));
      const response = await jar.fetch(`${app.url}/api/telegram/bot-login`);
      polls.tried++;
      if (response.status >= 500) polls.serverErrors++;
      else if (jar.hasSession()) polls.wronglyAccepted++;
      else polls.refused++;
    }),
    { numRuns: perTarget },
  );

  const miniApp = newRow(`fuzz: Telegram Mini App launch data`);
  const callAction = miniAppAction(app);
  const honest = new Jar();
  await callAction(honest, signWebAppData(webAppFields(emulatorUrl, customUser("Mini control", "")), "hmac"));
  if (!honest.hasSession()) miniApp.inconsistent++;
  await fc.assert(
    fc.asyncProperty(
      fc.record({ who: fc.string({ minLength: 1, maxLength: 12 }), how: fc.constantFrom("hmac" as const, "signature" as const), field: fc.constantFrom("user", "auth_date", "query_id", "hash", "signature", "extra", "drop", "whole"), value: junk }),
      async ({ who, how, field, value }) => {
        const signed = new URLSearchParams(signWebAppData(webAppFields(emulatorUrl, customUser(`Mini ${who}`, "")), how));
        const original = signed.toString();
        // Telegram's Ed25519 check leaves `hash` out of what is signed: a hash added to a
        // signed payload changes nothing that is proved, so it is no forgery (the same for
        // the widget's fields is covered above).
        if (how === "signature" && field === "hash") return;
        if (field === "drop") signed.delete([...signed.keys()][value.length % [...signed.keys()].length]!);
        else if (field === "extra") signed.set(`x_${value.length}`, value);
        else if (field !== "whole") signed.set(field, value);
        let initData = field === "whole" ? value : signed.toString();
        if (initData === original) initData = `${original}&x=1`;
        const jar = new Jar();
        const response = await callAction(jar, initData);
        miniApp.tried++;
        if (response.status >= 500) miniApp.serverErrors++;
        else if (jar.hasSession()) {
          miniApp.wronglyAccepted++;
          miniApp.note = `accepted: ${how} ${field} → ${initData.slice(0, 300)}`;
        } else miniApp.refused++;
      },
    ),
    { numRuns: perTarget },
  );

  const callbacks = newRow(`fuzz: malformed OAuth callback queries`);
  const unsent: string[] = [];
  const rawQuery = fc.array(fc.tuple(fc.constantFrom("code", "state", "error", "iss", "device_id", "error_description", "callbackUrl", "x"), junk), { maxLength: 5 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...OAUTH), rawQuery, fc.boolean(), async (provider, pairs, raw) => {
      const jar = new Jar();
      // Half of them as raw, unescaped text: broken percent-encodings and all.
      const query = raw ? pairs.map(([k, v]) => `${k}=${v.replace(/[\s#]/g, "")}`).join("&") : new URLSearchParams(pairs).toString();
      let response: Response | undefined;
      try {
        response = await jar.fetch(`${app.url}/api/auth/callback/${provider}?${query}`);
      } catch (error) {
        // A URL no HTTP client can send (fetch refuses it before any request): not a case.
        if (error instanceof TypeError && !(error as { cause?: unknown }).cause) return;
        unsent.push(String((error as { cause?: unknown }).cause ?? error));
      }
      callbacks.tried++;
      if (response && response.status >= 500) unsent.push(`HTTP ${response.status} for ${provider}?${query.slice(0, 200)}`);
      if (!response || response.status >= 500) callbacks.serverErrors++;
      else if (jar.hasSession()) callbacks.wronglyAccepted++;
      else callbacks.refused++;
    }),
    { numRuns: perTarget },
  );
  if (unsent.length) callbacks.note = `no good answer to ${unsent.length}: ${[...new Set(unsent)].slice(0, 3).join("; ")}`;
}

// ── The database down ─────────────────────────────────────────────────────────────────
async function databaseDown(emulatorEnv: Record<string, string>, emulatorUrl: string) {
  const row = newRow("PostgreSQL stopped under a running instance");
  const cluster = await startPostgresql();
  const databaseUrl = cluster.createDatabase("outage");
  migrate({ ...process.env, DATABASE_URL: databaseUrl });
  const app = await startApp(databaseUrl, emulatorEnv);
  try {
    const jar = new Jar();
    const nonce = await widgetNonce(app, jar);
    await jar.fetch(`${app.url}/api/telegram/widget?${new URLSearchParams({ ...signLoginWidget(widgetFields(emulatorUrl, customUser("Outage", "")), TELEGRAM_DEMO_BOT.token), nonce })}`);
    cluster.pause();
    await sleep(1500);
    const paths = ["/account", "/account/sessions", "/login", "/api/auth/session", "/api/telegram/bot-login", "/api/health", "/telegram/app"];
    for (let i = 0; i < 140; i++) {
      const response = await jar.fetch(`${app.url}${paths[i % paths.length]}`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      row.tried++;
      if (response?.status === 503) row.refused++;
      else row.serverErrors++;
    }
    cluster.resume();
    const deadline = Date.now() + 30_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      back = (await jar.fetch(`${app.url}/account`).catch(() => undefined))?.status === 200;
      if (!back) await sleep(500);
    }
    if (!back) row.inconsistent++;
    row.note = back ? "served again without a restart" : "not back within 30 s";
  } finally {
    await app.stop();
    cluster.stop();
  }
}

// ── Soak ──────────────────────────────────────────────────────────────────────────────
async function soak(app: App, emulatorUrl: string) {
  const row = newRow(`soak: ${SOAK_SECONDS} s of sign-ins and page loads`);
  const startRss = rssMb(app.child.pid!);
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(app.child.pid!))), 1000);
  const until = Date.now() + SOAK_SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const jar = new Jar();
      const nonce = await widgetNonce(app, jar);
      const fields = signLoginWidget(widgetFields(emulatorUrl, customUser(`Soak ${randomBytes(4).toString("hex")}`, "")), TELEGRAM_DEMO_BOT.token);
      for (const url of [`${app.url}/api/telegram/widget?${new URLSearchParams({ ...fields, nonce })}`, `${app.url}/account`, `${app.url}/account/sessions`, `${app.url}/api/auth/session`, `${app.url}/login`]) {
        const response = await jar.fetch(url).catch(() => undefined);
        row.tried++;
        if (!response || response.status >= 500) row.serverErrors++;
      }
      if (!jar.hasSession()) row.inconsistent++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  clearInterval(sampler);
  row.peakRssMb = peak;
  row.note = `RSS ${startRss} MB at the start, ${rssMb(app.child.pid!)} MB at the end`;
}

// ── The run ───────────────────────────────────────────────────────────────────────────
const scratch = mkdtempSync(join(tmpdir(), "vkhod-reliability-"));
const cleanups: (() => unknown)[] = [() => rmSync(scratch, { recursive: true, force: true })];
let failure: unknown;
try {
  if (!existsSync(join(root, DIST, "BUILD_ID"))) {
    step(`Production build (${DIST})`);
    run(bin("next"), ["build"], { env: { ...process.env, NEXT_DIST_DIR: DIST, AUTH_SECRET: SECRET } });
  }
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  const emulators = await startEmulators({ port: await freePort(), appUrl: ports.map((port) => `http://localhost:${port}`) });
  cleanups.push(() => emulators.child.kill());
  const emulatorEnv = emulators.env as Record<string, string>;
  const emulatorUrl = emulators.url as string;

  const postgresql = await startPostgresql();
  cleanups.push(() => postgresql.stop());
  for (const [label, databaseUrl] of [
    ["sqlite", `file:${join(scratch, "reliability.db")}`],
    ["postgresql", postgresql.createDatabase("reliability")],
  ] as const) {
    step(`Reliability on ${label}`);
    migrate({ ...process.env, DATABASE_URL: databaseUrl });
    const app = await startApp(databaseUrl, emulatorEnv);
    try {
      await firstSignIns(app, label, emulatorUrl);
      if (!ONLY || ONLY.includes("link-unlink")) await linkRacingUnlink(app, label);
      if (label === "sqlite" && !ONLY) {
        await fuzz(app, emulatorUrl);
        await soak(app, emulatorUrl);
      }
    } finally {
      await app.stop();
    }
  }
  if (!ONLY) {
    step("Reliability: the database down");
    await databaseDown(emulatorEnv, emulatorUrl);
  }
} catch (error) {
  failure = error;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

const header = ["case", "tried", "refused as expected", "wrongly accepted", "5xx", "inconsistent rows", "peak RSS"];
const table = rows.map((r) => [r.name, String(r.tried), String(r.refused), String(r.wronglyAccepted), String(r.serverErrors), String(r.inconsistent), r.peakRssMb ? `${r.peakRssMb} MB` : ""]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(" | ")} |`;
console.log(`\n${line(header)}\n|${widths.map((w, i) => (i ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|\n${table.map(line).join("\n")}`);
for (const r of rows) if (r.note) console.log(`  ${r.name}: ${r.note}`);
const tried = rows.reduce((sum, r) => sum + r.tried, 0);
const bad = rows.filter((r) => r.wronglyAccepted || r.serverErrors || r.inconsistent);
mkdirSync(join(root, "test-results"), { recursive: true });
writeFileSync(join(root, "test-results", "reliability.json"), `${JSON.stringify({ rows, tried, failed: bad.map((r) => r.name), error: failure ? String(failure) : undefined }, null, 2)}\n`);
if (failure) console.error(`\nThe reliability run stopped: ${failure instanceof Error ? failure.stack : String(failure)}`);
console.log(`\nreliability: ${tried} cases in ${rows.length} rows; ${bad.length ? `${bad.length} rows failed: ${bad.map((r) => r.name).join("; ")}` : "0 wrongly accepted, 0 5xx, 0 inconsistent rows"}`);
process.exit(failure || bad.length ? 1 : 0);
