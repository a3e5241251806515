// `npm run bench`: the performance report. It reports; it never fails a test, and
// nothing asserts its numbers (they belong to the machine: compare runs on one machine).
//
// Against the production build (NEXT_DIST_DIR, default .next-test; built when missing
// or with BENCH_BUILD=1), on SQLite and on a throwaway PostgreSQL, next to anchors
// built in the same run from the same node_modules (scripts/bench/anchors.ts): a blank
// Next.js app and stock Auth.js with one Credentials provider. Every server runs at
// once on its own loopback port; only the one being measured is busy.
//   1. throughput (autocannon, BENCH_CONNECTIONS=10 connections, BENCH_SECONDS=8 s,
//      median of BENCH_ROUNDS=3 interleaved runs): the trivial route and blank page,
//      stock Auth.js's session and protected page, and Vkhod's session check,
//      /account and /login, each with p50/p99 and its ratio to its anchor;
//   2. sign-in cost without a browser (the Telegram widget route: nonce, signed
//      payload, session cookie): a first sign-in, a returning one from one client, and
//      from 10 concurrent clients; stock Auth.js's Credentials sign-in beside it;
//   3. the database statements (and transactions) of a sign-in, a session check and an
//      /account load, counted from an instance with LOG_LEVEL=trace (lib/db.ts);
//   4. first-load JavaScript of /login (gzip) next to the blank page;
//   5. Telegram verifications per second (lib/auth/telegram/verify.ts, in this process);
//   6. how /account, /account/sessions and /account/activity cost grows for a person
//      with BENCH_SESSIONS=50 sessions and BENCH_EVENTS=20,000 log events;
//   7. peak RSS of each server, and under the /account load;
// and last, the performance targets of issue 12, each met or missed.
// BENCH_ONLY=<section,…> runs some of them (see SECTIONS). Prints the tables and writes
// test-results/bench.json (with the machine).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import pg from "pg";
import { customUser } from "../emulators/kit/users";
import { signLoginWidget, signWebAppData, TELEGRAM_DEMO_BOT, TELEGRAM_DEMO_WEBAPP_KEY, webAppFields, widgetFields } from "../emulators/telegram";
import { ROOMY_LIMITS } from "../e2e/fixtures/env";
import { verifyLoginWidget, verifyWebAppData } from "../lib/auth/telegram/verify";
import { BLANK, STOCK_AUTH, buildAnchor } from "./bench/anchors";
import { median, percentiles, throughput, type Throughput } from "./bench/load";
import { Jar, Memory } from "./lib/http";
import { startPostgresql } from "./lib/postgresql.mjs";
import { bin, ensureDependencies, freePort, migrate, root, run, startEmulators, stayOffline, step } from "./lib/tasks.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 200);
const DIST = process.env.NEXT_DIST_DIR || ".next-test";
// BENCH_ONLY=throughput,sign-ins,statements,weight,verifications,growth runs only those
// sections (and builds only the anchors they need); the default is all of them.
const SECTIONS = ["throughput", "sign-ins", "statements", "weight", "verifications", "growth"] as const;
const ONLY = new Set((process.env.BENCH_ONLY ?? "").split(",").map((name) => name.trim()).filter(Boolean));
for (const name of ONLY) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: no section "${name}" (there are ${SECTIONS.join(", ")})`);
const runs = (section: (typeof SECTIONS)[number]) => ONLY.size === 0 || ONLY.has(section);

stayOffline();
ensureDependencies();
const scratch = mkdtempSync(join(tmpdir(), "vkhod-bench-"));
const children: ChildProcess[] = [];
const cleanups: (() => unknown)[] = [];
process.on("exit", () => {
  // SIGTERM, which tsx passes on to the emulators it runs (a SIGKILL would leave them running).
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  for (const cleanup of cleanups) cleanup();
  rmSync(scratch, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SECRET = randomBytes(33).toString("base64");
const quiet = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

// ── Builds and databases ──────────────────────────────────────────────────────────────
step("Builds: the app, a blank Next.js app, stock Auth.js");
const sqliteUrl = `file:${join(scratch, "bench.db")}`;
migrate({ ...quiet, DATABASE_URL: sqliteUrl });
if (!existsSync(join(root, DIST, "BUILD_ID")) || process.env.BENCH_BUILD) {
  run(bin("next"), ["build"], { env: { ...quiet, NEXT_DIST_DIR: DIST, DATABASE_URL: sqliteUrl, AUTH_SECRET: SECRET } });
}
const needsBlank = runs("throughput") || runs("weight");
const needsStock = runs("throughput") || runs("sign-ins");
const blankDir = needsBlank ? buildAnchor(join(scratch, "blank"), BLANK, quiet) : undefined;
const stockDir = needsStock ? buildAnchor(join(scratch, "stock-auth"), STOCK_AUTH, quiet) : undefined;

step("PostgreSQL (a throwaway cluster)");
const cluster = await startPostgresql();
cleanups.push(() => cluster.stop());
const postgresqlUrl = cluster.createDatabase("bench");
migrate({ ...quiet, DATABASE_URL: postgresqlUrl });
const databases = [
  { kind: "SQLite", url: sqliteUrl },
  { kind: "PostgreSQL", url: postgresqlUrl },
] as const;

// ── Servers ───────────────────────────────────────────────────────────────────────────
type Server = { name: string; url: string; child: ChildProcess; memory: Memory; output: string[]; stop(): Promise<void> };

async function startServer(name: string, cwd: string, env: Record<string, string>, port?: number): Promise<Server> {
  port ??= await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(bin("next"), ["start", "-H", "127.0.0.1", "-p", String(port)], { cwd, env: { ...quiet, ...env, NODE_ENV: "production", AUTH_URL: url } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const output: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!(await fetch(url).then((response) => response.status < 500, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${output.join("")}`);
    await sleep(250);
  }
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))));
  return { name, url, child, memory: new Memory(child.pid!), output, stop };
}

step("Servers");
const appPorts = [await freePort(), await freePort(), await freePort(), await freePort()];
const emulators = await startEmulators({ port: await freePort(), appUrl: appPorts.map((port) => `http://localhost:${port}`) });
children.push(emulators.child);
const appEnv = (databaseUrl: string, logLevel = "warn") => ({
  ...emulators.env,
  ...ROOMY_LIMITS,
  NEXT_DIST_DIR: DIST,
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: SECRET,
  AUTH_TELEGRAM_WEBHOOK_URL: "",
  LOG_LEVEL: logLevel,
});
const blank = blankDir ? await startServer("blank Next.js", blankDir, {}) : undefined;
const stock = stockDir ? await startServer("stock Auth.js", stockDir, { AUTH_SECRET: SECRET }) : undefined;
const apps = await Promise.all(databases.map((database, i) => startServer(`Vkhod on ${database.kind}`, root, appEnv(database.url), appPorts[i])));

// ── Signing in without a browser ──────────────────────────────────────────────────────
// One signed payload signs in once, and a payload is told apart by its auth_date (the
// second it was signed): each sign-in of a person on a server gets an earlier second
// than their last one there, never one used before, and still well within
// AUTH_TELEGRAM_MAX_AGE (each person signs in a few dozen times at most).
const lastAuthDate = new Map<string, number>();
function nextAuthDate(key: string): number {
  const date = Math.min(Math.floor(Date.now() / 1000), (lastAuthDate.get(key) ?? Infinity) - 1);
  lastAuthDate.set(key, date);
  return date;
}
/** A Telegram widget sign-in of `name` on `base`: the jar holds the session after. */
async function widgetSignIn(base: string, name: string): Promise<Jar> {
  const jar = new Jar({ retry: true });
  const { nonce } = (await (await jar.fetch(`${base}/api/telegram/widget/nonce`, { method: "POST", headers: { origin: base } })).json()) as { nonce: string };
  const fields = signLoginWidget(widgetFields(emulators.url, customUser(name, ""), nextAuthDate(`${base} ${name}`)), TELEGRAM_DEMO_BOT.token);
  const answer = await jar.fetch(`${base}/api/telegram/widget?${new URLSearchParams({ ...fields, nonce })}`);
  if (!jar.hasSession()) throw new Error(`the widget sign-in of ${name} on ${base} did not sign in (${answer.status} ${answer.headers.get("location")})`);
  return jar;
}

async function stockSignIn(base: string, name: string): Promise<Jar> {
  const jar = new Jar({ retry: true });
  const { csrfToken } = (await (await jar.fetch(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  await jar.fetch(`${base}/api/auth/callback/credentials`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrfToken, username: name }) });
  if (!jar.hasSession()) throw new Error(`the stock Auth.js sign-in on ${base} did not sign in`);
  return jar;
}

/** Whether `path` answers this cookie with a page of the signed-in person, so that a number is not of an error page. */
async function expectSignedIn(base: string, path: string, jar: Jar, shows: string) {
  const answer = await jar.fetch(`${base}${path}`);
  const text = await answer.text();
  if (answer.status !== 200 || !text.includes(shows)) throw new Error(`${base}${path} did not answer the signed-in person (${answer.status})`);
}

// ── 1. Throughput ─────────────────────────────────────────────────────────────────────
type Target = { key: string; label: string; server: Server; path: string; cookie?: string; anchor?: string };
type Measured = { label: string; requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; peakRssMb: number; anchor?: string };
let targets: Target[] = [];
let throughputs: Record<string, Measured> = {};
const ratio = (key: string) => {
  const { anchor, requestsPerSecond } = throughputs[key]!;
  return anchor ? Math.round((requestsPerSecond / throughputs[anchor]!.requestsPerSecond) * 100) / 100 : undefined;
};

if (runs("throughput")) {
  step(`Throughput: ${CONNECTIONS} connections, ${SECONDS} s, median of ${ROUNDS} interleaved runs`);
  const stockJar = await stockSignIn(stock!.url, "Stock person");
  await expectSignedIn(stock!.url, "/protected", stockJar, "Stock person");
  const appJars = await Promise.all(apps.map((app) => widgetSignIn(app.url, "Bench Session")));
  for (const [i, app] of apps.entries()) await expectSignedIn(app.url, "/account", appJars[i]!, "Bench");

  targets = [
    { key: "blank-route", label: "blank Next.js: trivial route handler", server: blank!, path: "/api/ping" },
    { key: "blank-page", label: "blank Next.js: blank page, rendered per request", server: blank!, path: "/" },
    { key: "stock-session", label: "stock Auth.js: /api/auth/session", server: stock!, path: "/api/auth/session", cookie: stockJar.header(), anchor: "blank-route" },
    { key: "stock-page", label: "stock Auth.js: protected page", server: stock!, path: "/protected", cookie: stockJar.header(), anchor: "blank-page" },
    ...apps.flatMap((app, i): Target[] => [
      { key: `${databases[i]!.kind}-session`, label: `Vkhod, ${databases[i]!.kind}: /api/auth/session`, server: app, path: "/api/auth/session", cookie: appJars[i]!.header(), anchor: "blank-route" },
      { key: `${databases[i]!.kind}-account`, label: `Vkhod, ${databases[i]!.kind}: /account`, server: app, path: "/account", cookie: appJars[i]!.header(), anchor: "blank-page" },
      { key: `${databases[i]!.kind}-login`, label: `Vkhod, ${databases[i]!.kind}: /login`, server: app, path: "/login", anchor: "blank-page" },
    ]),
  ];
  const measured = new Map<string, Throughput[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const result = await throughput(`${target.server.url}${target.path}`, { cookie: target.cookie, seconds: SECONDS, connections: CONNECTIONS, server: target.server.memory });
      measured.set(target.key, [...(measured.get(target.key) ?? []), result]);
      console.log(`  ${target.label.padEnd(48)} ${String(result.requestsPerSecond).padStart(6)} req/s${result.non2xx ? ` (${result.non2xx} not 2xx!)` : ""}`);
    }
  }
  throughputs = Object.fromEntries(
    targets.map((target) => {
      const results = measured.get(target.key)!;
      return [
        target.key,
        {
          label: target.label,
          requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
          p50Ms: median(results.map((r) => r.p50Ms)),
          p99Ms: median(results.map((r) => r.p99Ms)),
          non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
          peakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
          anchor: target.anchor,
        },
      ];
    }),
  );
}

// ── 2. Sign-in cost ───────────────────────────────────────────────────────────────────
type SignIns = { label: string; signInsPerSecond: number; p50Ms: number; p95Ms: number; p99Ms: number };
const signIns: Record<string, SignIns> = {};
if (runs("sign-ins")) {
  step(`Sign-ins without a browser: ${SIGN_INS} each`);
  async function timeSignIns(key: string, label: string, count: number, clients: number, signIn: (i: number) => Promise<unknown>) {
    const times: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = next++; i < count; i = next++) {
          const at = performance.now();
          await signIn(i);
          times.push(performance.now() - at);
        }
      }),
    );
    signIns[key] = { label, signInsPerSecond: Math.round((count / (performance.now() - started)) * 1000), ...percentiles(times) };
    console.log(`  ${label.padEnd(60)} ${signIns[key]!.signInsPerSecond} /s, p95 ${signIns[key]!.p95Ms} ms`);
  }
  for (const [i, app] of apps.entries()) {
    const kind = databases[i]!.kind;
    const returning = Array.from({ length: 40 }, (_, n) => `Returning ${n}`);
    await Promise.all(returning.map((name) => widgetSignIn(app.url, name)));
    await timeSignIns(`${kind}-first`, `Vkhod, ${kind}: first sign-in (a new person), one client`, Math.min(SIGN_INS, 100), 1, (n) => widgetSignIn(app.url, `First ${n} ${randomBytes(3).toString("hex")}`));
    await timeSignIns(`${kind}-one`, `Vkhod, ${kind}: returning sign-in, one client`, SIGN_INS, 1, (n) => widgetSignIn(app.url, returning[n % returning.length]!));
    await timeSignIns(`${kind}-ten`, `Vkhod, ${kind}: returning sign-in, 10 concurrent clients`, SIGN_INS * 2, 10, (n) => widgetSignIn(app.url, returning[n % returning.length]!));
  }
  await timeSignIns("stock-one", "stock Auth.js: Credentials sign-in, one client", SIGN_INS, 1, (n) => stockSignIn(stock!.url, `Stock ${n}`));
  await timeSignIns("stock-ten", "stock Auth.js: Credentials sign-in, 10 concurrent clients", SIGN_INS * 2, 10, (n) => stockSignIn(stock!.url, `Stock ${n}`));
}

// ── 3. Statements ─────────────────────────────────────────────────────────────────────
type Statements = { statements: number; transactions: number };
const statements: Record<string, Record<string, Statements>> = {};
if (runs("statements")) {
  step("Database statements, from an instance with LOG_LEVEL=trace");
  for (const [i, database] of databases.entries()) {
    const traced = await startServer(`Vkhod on ${database.kind}, tracing`, root, appEnv(database.url, "trace"), appPorts[2 + i]);
    // Everything loaded once (a new server's first request of each route), then counted.
    const warm = await widgetSignIn(traced.url, "Traced warm-up");
    await warm.fetch(`${traced.url}/account`);
    await warm.fetch(`${traced.url}/api/auth/session`);
    const counted = async (work: () => Promise<unknown>): Promise<Statements> => {
      await sleep(300);
      const before = traced.output.join("").length;
      await work();
      await sleep(300);
      const lines = traced.output.join("").slice(before).split("\n").filter((line) => line.includes('"event":"statement"'));
      return { statements: lines.length, transactions: lines.filter((line) => /"statement":"COMMIT/i.test(line)).length };
    };
    const name = `Traced ${randomBytes(3).toString("hex")}`;
    let jar = new Jar({ retry: true });
    statements[database.kind] = {
      "first sign-in (a new person)": await counted(async () => (jar = await widgetSignIn(traced.url, name))),
      "returning sign-in": await counted(() => widgetSignIn(traced.url, name)),
      "session check (/api/auth/session)": await counted(() => jar.fetch(`${traced.url}/api/auth/session`)),
      "/account page": await counted(() => jar.fetch(`${traced.url}/account`)),
    };
    await traced.stop();
    traced.memory.stop();
  }
}

// ── 4. First-load JavaScript ──────────────────────────────────────────────────────────
type Weight = { scripts: number; javascriptKb: number; javascriptGzipKb: number; htmlGzipKb: number };
let weights: Record<string, Weight> = {};
if (runs("weight")) {
  step("First-load JavaScript");
  async function pageWeight(base: string, path: string) {
    const html = await (await fetch(`${base}${path}`)).text();
    // The scripts a current browser loads (not the polyfills marked noModule, which it skips).
    const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]).filter((tag) => !/\snomodule\b/i.test(tag));
    const scripts = [...new Set(tags.flatMap((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1]?.replace(/&amp;/g, "&") ?? []))];
    let raw = 0;
    let gzip = 0;
    for (const src of scripts) {
      const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
      raw += body.length;
      gzip += gzipSync(body).length;
    }
    return { scripts: scripts.length, javascriptKb: Math.round(raw / 102.4) / 10, javascriptGzipKb: Math.round(gzip / 102.4) / 10, htmlGzipKb: Math.round(gzipSync(html).length / 102.4) / 10 };
  }
  weights = { "blank Next.js: blank page": await pageWeight(blank!.url, "/"), "Vkhod: /login": await pageWeight(apps[0]!.url, "/login") };
}

// ── 5. Telegram verifications ─────────────────────────────────────────────────────────
let verifications: Record<string, number> = {};
if (runs("verifications")) {
  step("Telegram verifications per second (in this process)");
  function perSecond(work: () => unknown): number {
    for (let i = 0; i < 2000; i++) work();
    let done = 0;
    const started = performance.now();
    while (performance.now() - started < 2000) {
      for (let i = 0; i < 1000; i++) work();
      done += 1000;
    }
    return Math.round(done / ((performance.now() - started) / 1000));
  }
  const person = customUser("Verified Person", "");
  const freshness = () => ({ now: Date.now(), maxAgeSeconds: 300, skewSeconds: 30 });
  const widget = signLoginWidget(widgetFields(emulators.url, person), TELEGRAM_DEMO_BOT.token);
  const launch = (how: "hmac" | "signature") => signWebAppData(webAppFields(emulators.url, person), how);
  const keys = { botToken: TELEGRAM_DEMO_BOT.token, botId: TELEGRAM_DEMO_BOT.id, publicKeyHex: TELEGRAM_DEMO_WEBAPP_KEY };
  const [hmacLaunch, signedLaunch] = [launch("hmac"), launch("signature")];
  const must = (result: { ok: boolean }) => {
    if (!result.ok) throw new Error("a verification the bench measures was refused");
  };
  must(verifyLoginWidget(widget, TELEGRAM_DEMO_BOT.token, freshness()));
  must(verifyWebAppData(hmacLaunch, keys, freshness()));
  must(verifyWebAppData(signedLaunch, keys, freshness()));
  verifications = {
    "Login Widget (HMAC)": perSecond(() => verifyLoginWidget(widget, TELEGRAM_DEMO_BOT.token, freshness())),
    "Mini App, first party (HMAC)": perSecond(() => verifyWebAppData(hmacLaunch, keys, freshness())),
    "Mini App, third party (Ed25519)": perSecond(() => verifyWebAppData(signedLaunch, keys, freshness())),
  };
}

// ── 6. Growth with a long history ─────────────────────────────────────────────────────
type Growth = { path: string; newRequestsPerSecond: number; historyRequestsPerSecond: number; ratio: number; newHtmlKb: number; historyHtmlKb: number };
const growth: Record<string, Growth[]> = {};
if (runs("growth")) {
  step(`Account pages: a new person and one with ${SESSIONS} sessions and ${EVENTS} log events`);
  const GROWTH_PAGES = ["/account", "/account/sessions", "/account/activity"];
  for (const [i, app] of apps.entries()) {
    const kind = databases[i]!.kind;
    const fresh = await widgetSignIn(app.url, `Newcomer ${randomBytes(3).toString("hex")}`);
    const historyName = `History ${randomBytes(3).toString("hex")}`;
    const history = await widgetSignIn(app.url, historyName);
    await seedHistory(databases[i]!.url, historyName);
    growth[kind] = [];
    for (const path of GROWTH_PAGES) {
      const size = async (jar: Jar) => Math.round(Buffer.byteLength(await (await jar.fetch(`${app.url}${path}`)).text()) / 102.4) / 10;
      // The two people in turn, ROUNDS times each for half the time, and the medians.
      const freshRuns: number[] = [];
      const historyRuns: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        freshRuns.push((await throughput(`${app.url}${path}`, { cookie: fresh.header(), seconds: Math.max(2, SECONDS / 2), connections: CONNECTIONS })).requestsPerSecond);
        historyRuns.push((await throughput(`${app.url}${path}`, { cookie: history.header(), seconds: Math.max(2, SECONDS / 2), connections: CONNECTIONS })).requestsPerSecond);
      }
      const [freshRun, historyRun] = [{ requestsPerSecond: median(freshRuns) }, { requestsPerSecond: median(historyRuns) }];
      const row = {
        path,
        newRequestsPerSecond: freshRun.requestsPerSecond,
        historyRequestsPerSecond: historyRun.requestsPerSecond,
        ratio: Math.round((historyRun.requestsPerSecond / freshRun.requestsPerSecond) * 100) / 100,
        newHtmlKb: await size(fresh),
        historyHtmlKb: await size(history),
      };
      growth[kind]!.push(row);
      console.log(`  ${kind.padEnd(10)} ${path.padEnd(20)} ${row.newRequestsPerSecond} → ${row.historyRequestsPerSecond} req/s`);
    }
  }
}

/** Years of use for this person, written straight into the database. */
async function seedHistory(databaseUrl: string, name: string) {
  const agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  if (databaseUrl.startsWith("file:")) {
    const sqlite = new Database(databaseUrl.slice(5));
    const { id: userId } = sqlite.prepare("SELECT id FROM User WHERE name = ?").get(name) as { id: string };
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace("Z", "+00:00");
    const event = sqlite.prepare("INSERT INTO SecurityEvent (id, userId, type, provider, ip, userAgent, count, lastAt, createdAt) VALUES (?, ?, ?, 'telegram', '203.0.113.9', ?, 1, ?, ?)");
    const session = sqlite.prepare("INSERT INTO LoginSession (id, userId, provider, ip, userAgent, createdAt, authenticatedAt, lastSeenAt, expiresAt) VALUES (?, ?, 'telegram', '203.0.113.9', ?, ?, ?, ?, ?)");
    sqlite.transaction(() => {
      for (let i = 0; i < EVENTS; i++) event.run(`bench-e-${userId}-${i}`, userId, i % 7 ? "sign-in" : "sign-in-failed", agent, at(i * 60_000), at(i * 60_000));
      for (let i = 0; i < SESSIONS; i++) session.run(`bench-s-${userId}-${i}`, userId, agent, at(i * 3600_000), at(i * 3600_000), at(i * 60_000), at(-30 * 24 * 3600_000));
    })();
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { id: userId } = (await client.query('SELECT id FROM "User" WHERE name = $1', [name])).rows[0];
    await client.query(
      `INSERT INTO "SecurityEvent" (id, "userId", type, provider, ip, "userAgent", count, "lastAt", "createdAt")
       SELECT 'bench-e-' || $1 || '-' || i, $1, CASE WHEN i % 7 = 0 THEN 'sign-in-failed' ELSE 'sign-in' END, 'telegram', '203.0.113.9', $2, 1, now() - i * interval '1 minute', now() - i * interval '1 minute'
       FROM generate_series(0, $3::int - 1) AS i`,
      [userId, agent, EVENTS],
    );
    await client.query(
      `INSERT INTO "LoginSession" (id, "userId", provider, ip, "userAgent", "createdAt", "authenticatedAt", "lastSeenAt", "expiresAt")
       SELECT 'bench-s-' || $1 || '-' || i, $1, 'telegram', '203.0.113.9', $2, now() - i * interval '1 hour', now() - i * interval '1 hour', now() - i * interval '1 minute', now() + interval '30 days'
       FROM generate_series(0, $3::int - 1) AS i`,
      [userId, agent, SESSIONS],
    );
  } finally {
    await client.end();
  }
}

// ── The report ────────────────────────────────────────────────────────────────────────
const servers = [blank, stock, ...apps].filter((server): server is Server => server !== undefined);
const memory = Object.fromEntries(servers.map((server) => [server.name, { peakRssMb: server.memory.overallMb() }])) as Record<string, { peakRssMb: number; underAccountLoadMb?: number }>;
for (const [i, app] of apps.entries()) memory[app.name]!.underAccountLoadMb = throughputs[`${databases[i]!.kind}-account`]?.peakRssMb;

// The issue's targets (ratios and bounds, this machine, this run), each per database.
type Goal = { what: string; value: (kind: string) => number | undefined; meets: (value: number) => boolean; unit?: string };
const growthRatio = (path: string) => (kind: string) => growth[kind]?.find((row) => row.path === path)?.ratio;
const goals: Goal[] = [
  { what: "/api/auth/session ≥ 0.75 of the trivial route", value: (kind) => (throughputs[`${kind}-session`] ? ratio(`${kind}-session`) : undefined), meets: (v) => v >= 0.75 },
  { what: "/account ≥ 0.5 of the blank page", value: (kind) => (throughputs[`${kind}-account`] ? ratio(`${kind}-account`) : undefined), meets: (v) => v >= 0.5 },
  { what: "sign-in, 10 concurrent clients: p95 < 100 ms", value: (kind) => signIns[`${kind}-ten`]?.p95Ms, meets: (v) => v < 100, unit: " ms" },
  { what: "sign-in, one client: p95 < 20 ms", value: (kind) => signIns[`${kind}-one`]?.p95Ms, meets: (v) => v < 20, unit: " ms" },
  { what: `/account/sessions with history ≥ 0.8 of a new person's`, value: growthRatio("/account/sessions"), meets: (v) => v >= 0.8 },
  { what: `/account/activity with history ≥ 0.8 of a new person's`, value: growthRatio("/account/activity"), meets: (v) => v >= 0.8 },
  { what: "peak RSS under the /account load < 250 MB", value: (kind) => memory[`Vkhod on ${kind}`]?.underAccountLoadMb, meets: (v) => v < 250, unit: " MB" },
];
const verificationGoal = (name: string) => ({ what: `${name} ≥ 200k/s`, value: verifications[name], meets: (v: number) => v >= 200_000 });

const machine = {
  cpu: cpus()[0]?.model.trim() ?? "unknown",
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  next: JSON.parse(readFileSync(join(root, "node_modules/next/package.json"), "utf8")).version,
  nextAuth: JSON.parse(readFileSync(join(root, "node_modules/next-auth/package.json"), "utf8")).version,
  postgresql: (await pgVersion()) ?? "unknown",
};
async function pgVersion() {
  const client = new pg.Client({ connectionString: postgresqlUrl });
  await client.connect();
  try {
    return ((await client.query("SHOW server_version")).rows[0].server_version as string).split(" ")[0];
  } finally {
    await client.end();
  }
}

function table(header: string[], rows: (string | number)[][]) {
  const cells = rows.map((row) => row.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(" | ")} |`;
  console.log([line(header), `|${widths.map((w, i) => (i ? ` ${"-".repeat(w - 1)}: ` : ` ${"-".repeat(w)} `)).join("|")}|`, ...cells.map(line)].join("\n"));
}

const cell = (value: number | undefined, goal: { meets: (v: number) => boolean; unit?: string }) => (value === undefined ? "not run" : `${value}${goal.unit ?? ""} ${goal.meets(value) ? "(met)" : "(missed)"}`);
const targetsMet = [
  ...goals.map((goal) => [goal.what, ...databases.map((d) => cell(goal.value(d.kind), goal))]),
  ...["Login Widget (HMAC)", "Mini App, first party (HMAC)"].map((name) => {
    const goal = verificationGoal(name);
    return [`Telegram verification, ${goal.what}`, cell(goal.value, goal), "(in process)"];
  }),
];

console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB; Node.js ${machine.node}, Next.js ${machine.next}, next-auth ${machine.nextAuth}, PostgreSQL ${machine.postgresql}`);
if (targets.length) console.log(`\nThroughput (${CONNECTIONS} connections, median of ${ROUNDS} runs of ${SECONDS} s)`);
if (targets.length) table(
  ["what", "req/s", "p50 ms", "p99 ms", "vs anchor"],
  targets.map((target) => {
    const t = throughputs[target.key]!;
    const r = ratio(target.key);
    return [t.label + (t.non2xx ? ` (${t.non2xx} not 2xx)` : ""), t.requestsPerSecond, t.p50Ms, t.p99Ms, r === undefined ? "anchor" : `${r} of ${target.anchor === "blank-route" ? "the trivial route" : "the blank page"}`];
  }),
);
if (runs("sign-ins")) console.log("\nSign-ins without a browser (Vkhod: the Telegram widget route; stock: Credentials)");
if (runs("sign-ins")) table(["what", "sign-ins/s", "p50 ms", "p95 ms", "p99 ms"], Object.values(signIns).map((s) => [s.label, s.signInsPerSecond, s.p50Ms, s.p95Ms, s.p99Ms]));
if (runs("statements")) console.log("\nDatabase statements (transactions)");
if (runs("statements")) table(["what", ...databases.map((d) => d.kind)], Object.keys(statements.SQLite!).map((what) => [what, ...databases.map((d) => `${statements[d.kind]![what]!.statements} (${statements[d.kind]![what]!.transactions})`)]));
if (runs("weight")) console.log("\nFirst-load JavaScript");
if (runs("weight")) table(["page", "scripts", "JS KB", "JS gzip KB", "HTML gzip KB"], Object.entries(weights).map(([page, w]) => [page, w.scripts, w.javascriptKb, w.javascriptGzipKb, w.htmlGzipKb]));
if (runs("verifications")) console.log("\nTelegram verifications (one core, in process)");
if (runs("verifications")) table(["verifier", "per second"], Object.entries(verifications));
if (runs("growth")) console.log(`\nAccount pages: a new person → one with ${SESSIONS} sessions and ${EVENTS} log events (req/s, HTML KB)`);
if (runs("growth")) table(
  ["page", "req/s new", "req/s history", "ratio", "KB new", "KB history"],
  Object.entries(growth).flatMap(([kind, rows]) => rows.map((g) => [`${kind}: ${g.path}`, g.newRequestsPerSecond, g.historyRequestsPerSecond, g.ratio, g.newHtmlKb, g.historyHtmlKb])),
);
console.log("\nPeak RSS (MB: the server's process tree over the run; Vkhod also under the /account load)");
table(["server", "peak", "under /account load"], Object.entries(memory).map(([name, m]) => [name, m.peakRssMb, m.underAccountLoadMb ?? ""]));
console.log("\nTargets (issue 12)");
table(["target", ...databases.map((d) => d.kind)], targetsMet);

mkdirSync(join(root, "test-results"), { recursive: true });
const report = {
  at: new Date().toISOString(),
  machine,
  settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, sessions: SESSIONS, events: EVENTS, signIns: SIGN_INS },
  throughput: Object.fromEntries(Object.entries(throughputs).map(([key, t]) => [key, { ...t, ratio: ratio(key) }])),
  signIns,
  statements,
  firstLoad: weights,
  telegramVerificationsPerSecond: verifications,
  growth,
  memory,
  targets: targetsMet,
};
writeFileSync(join(root, "test-results", "bench.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log("\nWritten: test-results/bench.json");
for (const server of servers) server.memory.stop();
await Promise.all(servers.map((server) => server.stop()));
await new Promise((resolve) => (emulators.child.exitCode !== null ? resolve(null) : (emulators.child.once("exit", resolve), emulators.child.kill("SIGTERM"))));
process.exit(0);
