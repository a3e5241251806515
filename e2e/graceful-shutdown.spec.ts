// SIGTERM to `npm start` (a deploy, `docker stop`, Kubernetes rolling an instance): the
// instance refuses new connections at once, answers what it had already taken (a
// sign-in in flight completes whole: user, account and session, and its cookie), gives
// its retention lease back, logs {"event":"shutdown"} and exits 0 within seconds. A
// sign-in that arrives after the signal is refused and leaves nothing behind.
//
// The instance has a database of its own (so that it, and no other, holds the
// retention lease) and a Google emulator of its own in this process, which knows the
// instance's URL and tells the test the moment the sign-in's code exchange reaches it:
// the instance is then mid-request, waiting on Google's slow answer.
import { connect } from "node:net";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as http, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import pg from "pg";
import { startEmulators } from "../emulators/server";
import { newPerson, type Person } from "./fixtures/account";
import { forPostgresql, migrateInto } from "./fixtures/db";
import { e2eEnv } from "./fixtures/env";
import { freePort, startInstances } from "./fixtures/instances";
import { expect, test } from "./fixtures/test";

test.describe.configure({ timeout: 90_000 });

/** How long Google takes to answer the code exchange of the sign-in in flight. */
const SLOW_TOKEN_MS = 4_000;

/** A throwaway database beside the suite's (a file, or a database on the same PostgreSQL server), migrated. */
async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const suite = e2eEnv().databaseUrl;
  const name = `shutdown_${crypto.randomUUID().slice(0, 8)}`;
  if (suite.startsWith("file:")) {
    const file = join(tmpdir(), `vkhod-${name}.db`);
    migrateInto(`file:${file}`);
    return { url: `file:${file}`, drop: async () => ["", "-wal", "-shm"].forEach((end) => rmSync(`${file}${end}`, { force: true })) };
  }
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: suite });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(suite);
  url.pathname = `/${name}`;
  migrateInto(url.toString());
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) };
}

/** `SELECT count(…) AS n …` on that database (SQLite's spelling, as e2e/fixtures/db.ts takes it). */
async function countIn(databaseUrl: string, sql: string, ...params: string[]): Promise<number> {
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
    return Number((await client.query(forPostgresql(sql), params)).rows[0].n);
  } finally {
    await client.end();
  }
}

/** A Google sign-in in this API context, up to the last request: the callback URL Google sent the browser back to. */
async function upToCallback(api: APIRequestContext, person: Person): Promise<string> {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const start = await api.post("/api/auth/signin/google", { form: { csrfToken, callbackUrl: "/account" }, maxRedirects: 0 });
  const authorize = start.headers().location!;
  const html = await (await fetch(authorize)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&");
  const consent = /name="request" value="([^"]+)"/.exec(html)![1]!;
  const answer = await fetch(new URL(action, authorize), {
    method: "POST",
    body: new URLSearchParams({ request: consent, name: person.name, email: person.email }),
    redirect: "manual",
  });
  return answer.headers.get("location")!;
}

/** Whether a new TCP connection to the port is taken or refused. */
const connection = (port: number) =>
  new Promise<"accepted" | "refused">((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve("accepted")));
    socket.once("error", () => resolve("refused"));
  });

test("on SIGTERM a sign-in in flight completes whole, new connections are refused, and the process exits 0 with a shutdown line", async () => {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const google = await startEmulators({ appUrls: [url], providers: ["google"] });
  const database = await ownDatabase();
  // The suite's emulators for every other provider; Google is this test's.
  const { AUTH_DEMO_PROVIDERS: _all, ...googleEnv } = google.appEnv;
  const instance = await startInstances(1, { ...googleEnv, DATABASE_URL: database.url, AUTH_PROVIDER_TIMEOUT_MS: "10000" }, { ports: [port] });
  const [server] = instance.processes;
  const apis: APIRequestContext[] = [];
  try {
    const browserFor = async () => {
      const api = await http.newContext({ baseURL: url });
      apis.push(api);
      return api;
    };
    const inFlight = newPerson("Shutdown in flight");
    const late = newPerson("Shutdown late");
    const flying = await browserFor();
    const lateComer = await browserFor();
    const flyingCallback = await upToCallback(flying, inFlight);
    const lateCallback = await upToCallback(lateComer, late);
    // This instance, the only one on its database, runs the retention schedule.
    await expect.poll(() => countIn(database.url, "SELECT count(*) AS n FROM Lease WHERE name = 'retention'")).toBe(1);

    google.faults.arm({ provider: "google", endpoint: "token", kind: "slow", delayMs: SLOW_TOKEN_MS, times: 1, person: inFlight.name });
    const exchanging = new Promise<void>((resolve) => google.server.on("request", (request) => request.url?.endsWith("/google/token") && resolve()));
    let settled = false;
    const answer = flying.get(flyingCallback, { maxRedirects: 0, timeout: 30_000 }).finally(() => (settled = true));
    await exchanging;
    const exited = new Promise<{ code: number | null; signal: string | null; afterMs: number }>((resolve) => {
      const sent = Date.now();
      server!.once("exit", (code, signal) => resolve({ code, signal, afterMs: Date.now() - sent }));
    });
    server!.kill("SIGTERM");

    // New connections are refused while the sign-in is still waiting on Google…
    await expect.poll(() => connection(port), { timeout: 3_000 }).toBe("refused");
    expect(settled).toBe(false);
    // …and the late sign-in's last request finds no one: nothing of that person is written.
    await expect(lateComer.get(lateCallback, { maxRedirects: 0, timeout: 5_000 })).rejects.toThrow();

    // The sign-in in flight gets its proper answer: signed in, to /account.
    const response = await answer;
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe(`${url}/account`);
    expect(response.headersArray().some(({ name, value }) => name.toLowerCase() === "set-cookie" && /authjs\.session-token=[^;]+/.test(value))).toBe(true);

    const { code, signal, afterMs } = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(afterMs).toBeLessThan(15_000);

    // Whole or nothing: the completed sign-in has its user, account and session…
    expect(await countIn(database.url, "SELECT count(*) AS n FROM User WHERE name = ?", inFlight.name)).toBe(1);
    expect(await countIn(database.url, "SELECT count(*) AS n FROM Account a JOIN User u ON u.id = a.userId WHERE u.name = ? AND a.provider = 'google'", inFlight.name)).toBe(1);
    expect(await countIn(database.url, "SELECT count(*) AS n FROM LoginSession s JOIN User u ON u.id = s.userId WHERE u.name = ? AND s.revokedAt IS NULL", inFlight.name)).toBe(1);
    // …the late one left nothing, and the retention lease is free for another instance.
    expect(await countIn(database.url, "SELECT count(*) AS n FROM User WHERE name = ?", late.name)).toBe(0);
    expect(await countIn(database.url, "SELECT count(*) AS n FROM Lease WHERE name = 'retention'")).toBe(0);

    // It said so, once, and nothing failed on the way out.
    const printed = instance.output()[0]!;
    const lines = printed.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.event === "shutdown")).toEqual([expect.objectContaining({ level: "info", signal: "SIGTERM" })]);
    // The database and Redis closed after the last answer, in time.
    expect(lines.filter((line) => line.event === "shutdown-complete")).toHaveLength(1);
    const afterSignal = printed.slice(printed.indexOf('"event":"shutdown"'));
    expect(afterSignal).not.toMatch(/"level":"error"|Error|ECONNREFUSED|unhandled/i);
  } finally {
    await Promise.all(apis.map((api) => api.dispose()));
    await instance.close();
    await google.close();
    await database.drop();
  }
});
