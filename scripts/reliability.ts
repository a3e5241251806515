// `npm run test:reliability` (also run by `npm test`): the app under pressure, against a
// production build (NEXT_DIST_DIR, default .next-test; built first when missing), the
// emulators and real HTTP, on SQLite and on a throwaway PostgreSQL cluster:
//   - first sign-ins: 50 browsers (cookie jars) sign in the same new identity at the
//     same moment, for each kind of provider (five OAuth, Telegram OpenID Connect, the
//     Telegram widget): exactly one user and one account row, no 5xx;
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
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import pg from "pg";
import Database from "better-sqlite3";
import { customUser } from "../emulators/kit/users";
import { signLoginWidget, signWebAppData, TELEGRAM_DEMO_BOT, telegramUserId, webAppFields, widgetFields } from "../emulators/telegram";
import { ROOMY_LIMITS } from "../e2e/fixtures/env";
import { startPostgresql } from "./lib/postgresql.mjs";
import { bin, freePort, migrate, root, run, startEmulators, stayOffline, step } from "./lib/tasks.mjs";

stayOffline();
const DIST = process.env.NEXT_DIST_DIR || ".next-test";
const SECRET = randomBytes(33).toString("base64");
const SOAK_SECONDS = Number(process.env.RELIABILITY_SOAK_SECONDS ?? 60);
// A little over 10,000, as a few generated Mini App cases are no forgery at all and are skipped.
const FUZZ_RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 11_000);
const CONCURRENT = 50;
/** RELIABILITY_ONLY=google,vkid: the first sign-ins of these providers only, and nothing else (for a closer look). */
const ONLY = process.env.RELIABILITY_ONLY?.split(",");

type Row = { name: string; tried: number; refused: number; wronglyAccepted: number; serverErrors: number; inconsistent: number; peakRssMb?: number; note?: string };
const rows: Row[] = [];
const newRow = (name: string): Row => {
  const row = { name, tried: 0, refused: 0, wronglyAccepted: 0, serverErrors: 0, inconsistent: 0 };
  rows.push(row);
  return row;
};

// ── HTTP as a browser does it: a cookie jar per person ────────────────────────────────
class Jar {
  cookies = new Map<string, string>();
  absorb(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split("=")[1]!).getTime() < Date.now()));
      if (gone || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  hasSession() {
    return [...this.cookies.keys()].some((name) => /authjs\.session-token/.test(name));
  }
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: this.header() } });
    this.absorb(response);
    return response;
  }
}

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

/** The server's resident memory in MB: the `next start` process and its children. */
function rssMb(pid: number): number {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === tree[i]) tree.push(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
  }
  let kb = 0;
  for (const id of tree) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return Math.round(kb / 1024);
}

/** Counts on the app's own database. */
async function countRows(databaseUrl: string, sql: string, ...params: (string | number)[]): Promise<number> {
  if (databaseUrl.startsWith("file:")) {
    const file = new Database(databaseUrl.slice(5), { readonly: true });
    try {
      return Number((file.prepare(sql).get(...params) as { n: number }).n);
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let n = 0;
    const quoted = sql.replace(/\?/g, () => `$${++n}`).replace(/\b(User|Account|LoginSession|userId|providerAccountId)\b/g, '"$1"');
    return Number((await client.query(quoted, params)).rows[0].n);
  } finally {
    await client.end();
  }
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

/** The Mini App's server action, as its page calls it (the action's id from the build's manifest). */
function miniAppAction(app: App) {
  const manifest = JSON.parse(readFileSync(join(root, DIST, "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, action]) => action.exportedName === "signInFromMiniApp")?.[0];
  if (!id) throw new Error("the build has no signInFromMiniApp action");
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
