// A production instance starts only when it can serve: its environment is valid for
// production and its database is reachable and migrated. Otherwise it stops at once
// with a sentence saying what to fix, instead of saying Ready and answering 500s.
// /api/health tells a load balancer the same about a running instance.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { e2eEnv } from "./fixtures/env";
import { startExpectingRefusal } from "./fixtures/instances";
import { expect, test } from "./fixtures/test";

test("/api/health says the running instance's database is reachable and migrated, and nothing about where it is", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const kind = /^postgres/.test(e2eEnv().databaseUrl) ? "postgresql" : "sqlite";
  expect(await response.json()).toEqual({ status: "ok", database: { kind, reachable: true, migrations: "applied" } });
});

const scratch = () => mkdtempSync(join(tmpdir(), "vkhod-start-"));

const refusals: { name: string; env: () => Record<string, string>; says: RegExp }[] = [
  {
    name: "a SQLite file in a folder that does not exist",
    env: () => ({ DATABASE_URL: "file:/proc/vkhod-nowhere/vkhod.db" }),
    says: /The SQLite database file:\/proc\/vkhod-nowhere\/vkhod\.db \(DATABASE_URL\) cannot be opened: .*directory does not exist[\s\S]*Point DATABASE_URL at a file in a folder this process can write/,
  },
  {
    name: "a database with no migrations",
    env: () => ({ DATABASE_URL: `file:${join(scratch(), "new.db")}` }),
    says: /has no migrations applied\.[\s\S]*Run npm run db:migrate with the same DATABASE_URL/,
  },
  {
    name: "a PostgreSQL server that is not there (no password in the message)",
    env: () => ({ DATABASE_URL: "postgresql://vkhod:hunter2@127.0.0.1:9/vkhod" }),
    says: /The PostgreSQL database postgresql:\/\/vkhod:\*\*\*@127\.0\.0\.1:9\/vkhod \(DATABASE_URL\) cannot be opened[\s\S]*Check that PostgreSQL is running/,
  },
  {
    name: "a DATABASE_URL of no kind it knows",
    env: () => ({ DATABASE_URL: "mysql://root@127.0.0.1/vkhod" }),
    says: /DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\/ \(PostgreSQL\)/,
  },
  {
    name: "no AUTH_SECRET",
    env: () => ({ AUTH_SECRET: "" }),
    says: /AUTH_SECRET is missing/,
  },
  {
    name: "an emulator as Google that AUTH_DEMO_PROVIDERS does not accept",
    env: () => ({ AUTH_DEMO_PROVIDERS: "vkid,yandex,ok,vk,telegram-widget,telegram-bot,telegram-oidc,telegram-app" }),
    says: /not valid for production:\n\s+- AUTH_GOOGLE_ISSUER is http:\/\/127\.0\.0\.1:\d+\/google, which is not google's own service/,
  },
];

for (const { name, env, says } of refusals) {
  test(`the start stops, saying what to fix, on ${name}`, async () => {
    const { code, output } = await startExpectingRefusal(env());
    expect(code, output).toBe(1);
    expect(output).toMatch(says);
    expect(output).not.toContain("hunter2");
  });
}

test("public/ serves the favicon and a robots.txt that keeps search engines out", async ({ request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await icon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/User-agent: \*\nDisallow: \/\n/);
});
