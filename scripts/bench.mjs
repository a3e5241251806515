// `npm run bench`: how long a sign-in takes, end to end, per provider.
//
// A production build (`next start`), the emulators and a throwaway SQLite database,
// each on a free loopback port; Chromium clicks through each provider's sign-in
// ROUNDS times (a new browser context each time, one typed-in person per provider, so
// after the first round it is a returning user) and the time from the click on the provider's
// button to /account being shown is recorded. Prints median and p95 per provider.
// Then the account center with a long history: one user with LOG_ROWS security-log
// events and SESSIONS live sessions, and the time for each account page to be served
// and shown (median and p95 of ROUNDS loads).
// Numbers depend on the machine: compare runs on one machine, never assert them.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { bin, ensureDependencies, freePort, migrate, root, run, startEmulators, stayOffline, step } from "./lib/tasks.mjs";
import { manifest } from "./lib/demo-providers.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 20_000);
const SESSIONS = 50;
// Every provider with a sign-in button (the manifest), by the English button's name.
const english = JSON.parse(readFileSync(join(root, "messages", "en.json"), "utf8"));
const providers = Object.entries(manifest.providers)
  .filter(([, facts]) => facts.entry === "button")
  .map(([id]) => [id, english.login.continueWith.replace("{provider}", english.providers[id])]);

stayOffline();
ensureDependencies();
const scratch = mkdtempSync(join(tmpdir(), "vkhod-bench-"));
const children = [];
process.on("exit", () => {
  for (const child of children) child.kill();
  rmSync(scratch, { recursive: true, force: true });
});

// The abuse limits stay on (their cost is part of a sign-in), but far above what one
// benchmarking client sends.
const roomyLimits = Object.fromEntries(
  [
    "AUTH_LIMIT_SIGN_IN",
    "AUTH_LIMIT_CALLBACK",
    "AUTH_LIMIT_TELEGRAM_WIDGET",
    "AUTH_LIMIT_TELEGRAM_APP",
    "AUTH_LIMIT_BOT_LOGIN_START",
    "AUTH_LIMIT_BOT_LOGIN_POLL",
    "AUTH_LIMIT_WEBHOOK",
    "AUTH_LIMIT_BOT_UPDATES",
    "AUTH_LIMIT_ACCOUNT_ACTION",
  ].map((name) => [name, "1000000/60"]),
);
const env = {
  ...process.env,
  ...roomyLimits,
  NEXT_DIST_DIR: ".next-test",
  DATABASE_URL: `file:${join(scratch, "bench.db")}`,
  AUTH_SECRET: randomBytes(33).toString("base64"),
};
step("Database and build");
migrate(env);
if (!existsSync(join(root, ".next-test", "BUILD_ID")) || process.env.BENCH_BUILD) run(bin("next"), ["build"], { env });

const appPort = await freePort();
const appUrl = `http://localhost:${appPort}`;
const emulators = await startEmulators({ port: await freePort(), appUrl });
children.push(emulators.child);
const app = spawn(bin("next"), ["start", "-H", "127.0.0.1", "-p", String(appPort)], {
  cwd: root,
  stdio: "ignore",
  env: { ...env, ...emulators.env, AUTH_URL: appUrl },
});
children.push(app);
for (let i = 0; i < 120 && !(await fetch(`${appUrl}/login`).then((r) => r.ok).catch(() => false)); i++) {
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const { chromium } = await import("@playwright/test");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
step(`Sign-in round trips, ${ROUNDS} per provider (the first creates the user)`);
console.log("provider         first    median   p95      (ms)");
for (const [id, button] of providers) {
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const context = await browser.newContext({ baseURL: appUrl, locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/login");
    const started = performance.now();
    await page.getByRole("button", { name: new RegExp(`^${button.replace(/[()]/g, "\\$&")}( demo)?$`) }).click();
    // Its own person per provider: one email across providers would be a collision.
    await page.getByLabel("Name").fill(`Bench ${id}`);
    await page.getByLabel("Email").fill(`bench.${id}@example.com`);
    await page.getByRole("button", { name: "Continue as this person" }).click();
    await page.waitForURL(/\/account$/);
    await page.getByTestId("account-name").waitFor();
    times.push(performance.now() - started);
    await context.close();
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  const ms = (value) => String(Math.round(value)).padEnd(8);
  console.log(`${id.padEnd(16)} ${ms(times[0])} ${ms(percentile(rest, 50))} ${ms(percentile(rest, 95))}`);
}

step(`Account pages for a user with ${LOG_ROWS} log events and ${SESSIONS} sessions, ${ROUNDS} loads each`);
const context = await browser.newContext({ baseURL: appUrl, locale: "en-US" });
const page = await context.newPage();
await page.goto("/login");
await page.getByRole("button", { name: /^Continue with Google( demo)?$/ }).click();
await page.getByLabel("Name").fill("Bench google");
await page.getByLabel("Email").fill("bench.google@example.com");
await page.getByRole("button", { name: "Continue as this person" }).click();
await page.waitForURL(/\/account$/);
seedHistory("bench.google@example.com");
console.log("page                         median   p95      (ms)");
for (const path of ["/account", "/account/sessions", "/account/activity", `/account/activity?page=${Math.ceil(LOG_ROWS / 20)}`, "/account/data"]) {
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await page.goto(path);
    await page.getByRole("navigation", { name: "Account" }).waitFor();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = (value) => String(Math.round(value)).padEnd(8);
  console.log(`${path.padEnd(28)} ${ms(percentile(times, 50))} ${ms(percentile(times, 95))}`);
}
await context.close();
await browser.close();
process.exit(0);

/** Writes a long history for this person straight into the database, as years of use would. */
function seedHistory(email) {
  const sqlite = new Database(env.DATABASE_URL.replace(/^file:/, ""));
  const { userId } = sqlite.prepare("SELECT userId FROM Account WHERE email = ?").get(email);
  const at = (msAgo) => new Date(Date.now() - msAgo).toISOString().replace("Z", "+00:00");
  const event = sqlite.prepare("INSERT INTO SecurityEvent (id, userId, type, provider, ip, userAgent, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const session = sqlite.prepare(
    "INSERT INTO LoginSession (id, userId, provider, ip, userAgent, createdAt, authenticatedAt, lastSeenAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  sqlite.transaction(() => {
    for (let i = 0; i < LOG_ROWS; i++) event.run(`bench-${i}`, userId, i % 7 ? "sign-in" : "sign-in-failed", "google", "203.0.113.9", agent, at(i * 60_000));
    for (let i = 0; i < SESSIONS; i++) session.run(`bench-s-${i}`, userId, "google", "203.0.113.9", agent, at(i * 3600_000), at(i * 3600_000), at(i * 60_000), at(-30 * 24 * 3600_000));
  })();
  sqlite.close();
}
