// `npm test`: every check, on a fresh clone with nothing else.
//   dependencies → Chromium, Redis, PostgreSQL → typecheck → lint → unit tests →
//   production build → Playwright against the build and the emulators (free ports), once
//   on a throwaway SQLite file and once on a throwaway PostgreSQL cluster → the
//   reliability run (scripts/reliability.ts) on the same build.
// Ends with one line "tests: N passed, M failed" counting unit and end-to-end tests and
// the reliability table's rows.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgresql } from "./lib/postgresql.mjs";
import { bin, ensureDependencies, stayOffline, freePort, migrate, root, run, step } from "./lib/tasks.mjs";

stayOffline();
const started = Date.now();
const timings = [];
async function timed(title, work) {
  step(title);
  const t0 = Date.now();
  try {
    return await work();
  } finally {
    timings.push(`${title} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return path;
  const isRoot = process.getuid?.() === 0;
  const hasApt = !spawnSync("apt-get", ["--version"], { stdio: "ignore" }).error;
  if (!isRoot || !hasApt) {
    console.error(
      `Playwright needs Chromium at ${path} (it cannot download its own browser here).\n` +
        "Install Debian's: sudo apt-get update && sudo apt-get install -y chromium\n" +
        "or point CHROMIUM_PATH at another Chromium or Chrome.",
    );
    process.exit(1);
  }
  step("Installing Debian's Chromium (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core"], { env });
  return path;
}

// The rate-limit unit tests also run on Redis when redis-server is installed; they
// start a throwaway server of their own (and skip, saying why, without one).
function ensureRedis() {
  if (!spawnSync("redis-server", ["--version"], { stdio: "ignore" }).error) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = !spawnSync("apt-get", ["--version"], { stdio: "ignore" }).error;
  if (!isRoot || !hasApt) {
    console.warn("redis-server is not installed, so the Redis rate-limit tests are skipped (sudo apt-get install -y redis-server).");
    return;
  }
  step("Installing Debian's redis-server (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    run("apt-get", ["update", "-qq"], { env });
    run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "redis-server"], { env });
  } catch (error) {
    // Optional: without it only the Redis rate-limit tests are skipped.
    console.warn(`Could not install redis-server (${error.message}); the Redis rate-limit tests are skipped.`);
  }
}

function count(file, read) {
  try {
    return read(JSON.parse(readFileSync(join(root, "test-results", file), "utf8")));
  } catch {
    return { passed: 0, failed: 0 };
  }
}

const E2E_RUNS = ["e2e-sqlite", "e2e-postgresql"];
const scratch = mkdtempSync(join(tmpdir(), "vkhod-test-"));
let failure;
try {
  ensureDependencies();
  const chromium = ensureChromium();
  ensureRedis();
  rmSync(join(root, "test-results"), { recursive: true, force: true });

  await timed("Typecheck", () => run(bin("tsc"), ["--noEmit"]));
  await timed("Lint", () => run(bin("eslint"), ["--max-warnings", "0", "."]));
  // Layers point one way: no module imports one that imports it back.
  await timed("Import cycles", () => run("npm", ["run", "--silent", "lint:cycles"]));
  await timed("Unit tests", () => run(bin("vitest"), ["run"]));

  const env = {
    ...process.env,
    NEXT_DIST_DIR: ".next-test",
    CHROMIUM_PATH: chromium,
    E2E_AUTH_SECRET: randomBytes(33).toString("base64"),
  };
  const sqliteUrl = `file:${join(scratch, "e2e.db")}`;
  await timed("Database (sqlite, throwaway)", () => migrate({ ...env, DATABASE_URL: sqliteUrl }));
  // One build serves both databases: the app picks its client by DATABASE_URL at start.
  // The build validates the environment too, so it gets a complete one.
  await timed("Production build", () => run(bin("next"), ["build"], { env: { ...env, AUTH_SECRET: env.E2E_AUTH_SECRET, DATABASE_URL: sqliteUrl } }));
  const postgresql = await timed("PostgreSQL (throwaway cluster)", () => startPostgresql());
  const postgresqlUrl = postgresql.createDatabase("e2e");
  await timed("Database (postgresql, throwaway)", () => migrate({ ...env, DATABASE_URL: postgresqlUrl }));
  // Both runs go ahead even when the first fails, so one report shows both databases.
  for (const [name, databaseUrl] of [
    ["sqlite", sqliteUrl],
    ["postgresql", postgresqlUrl],
  ]) {
    const runEnv = { ...env, E2E_RUN: `e2e-${name}`, E2E_DATABASE_URL: databaseUrl, E2E_APP_PORT: String(await freePort()), E2E_EMULATOR_PORT: String(await freePort()), E2E_FALLBACK_PORT: String(await freePort()) };
    try {
      await timed(`End-to-end tests on ${name} (Playwright)`, () => run(bin("playwright"), ["test"], { env: runEnv }));
    } catch (error) {
      failure ??= error;
    }
  }
  postgresql.stop();
  // The same build under pressure: concurrent first sign-ins, fuzz, the database down, a soak.
  try {
    await timed("Reliability (npm run test:reliability)", () => run(bin("tsx"), ["scripts/reliability.ts"], { env }));
  } catch (error) {
    failure ??= error;
  }
} catch (error) {
  failure = error;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Every test of the unit and both e2e reports: how long it took, its limit, and how it ended. */
function allTests() {
  const rows = [];
  const read = (file, collect) => {
    try {
      collect(JSON.parse(readFileSync(join(root, "test-results", file), "utf8")));
    } catch {
      // no report: that run did not get that far
    }
  };
  read("unit.json", (report) => {
    for (const file of report.testResults ?? [])
      for (const test of file.assertionResults ?? [])
        rows.push({ ms: test.duration ?? 0, name: `${"unit".padEnd(10)} ${test.fullName}`, failed: test.status === "failed", errors: test.failureMessages ?? [] });
  });
  for (const run of E2E_RUNS) read(`${run}.json`, (report) => {
    const walk = (suite, file) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          const results = test.results ?? [];
          const ms = Math.max(0, ...results.map((result) => result.duration ?? 0));
          rows.push({
            ms,
            name: `${run.slice(4).padEnd(10)} ${spec.file ?? file}:${spec.line ?? ""} › ${spec.title} (limit ${Math.round((test.timeout ?? 0) / 1000)} s)`,
            failed: test.status === "unexpected",
            flaky: test.status === "flaky",
            errors: results.flatMap((result) => (result.errors ?? []).map((error) => error.message ?? "")),
          });
        }
      }
      for (const child of suite.suites ?? []) walk(child, suite.file ?? file);
    };
    for (const suite of report.suites ?? []) walk(suite, suite.file);
  });
  return rows;
}

const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, "");
const tests = allTests();
const slow = [...tests].sort((a, b) => b.ms - a.ms).slice(0, 10);
if (slow.length) console.log(`\nSlowest tests:\n${slow.map((row) => `  ${(row.ms / 1000).toFixed(1).padStart(5)} s  ${row.name}`).join("\n")}`);
// Repeated at the very end, where a CI log's tail is read: which tests failed (or only
// passed on a retry), and the first lines of why.
const troubled = tests.filter((row) => row.failed || row.flaky);
if (troubled.length) {
  console.log(`\nFailed or flaky tests:`);
  for (const row of troubled) {
    console.log(`  ${row.failed ? "FAILED" : "flaky "} ${row.name}`);
    for (const error of row.errors.slice(0, 2)) console.log(plain(error).split("\n").filter((line) => line.trim()).slice(0, 6).map((line) => `      ${line.slice(0, 200)}`).join("\n"));
  }
}
const unit = count("unit.json", (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests }));
// Each row of the reliability table counts as one test.
const reliability = count("reliability.json", (r) => ({ passed: r.rows.length - r.failed.length, failed: r.failed.length + (r.error ? 1 : 0) }));
const e2eRuns = E2E_RUNS.map((run) => ({ run, ...count(`${run}.json`, (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected })) }));
const e2e = { passed: e2eRuns.reduce((sum, r) => sum + r.passed, 0), failed: e2eRuns.reduce((sum, r) => sum + r.failed, 0) };
console.log(`\n${timings.join(" · ")} · total ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`unit ${unit.passed}/${unit.passed + unit.failed}, reliability ${reliability.passed}/${reliability.passed + reliability.failed}, ${e2eRuns.map((r) => `${r.run.replace("e2e-", "end-to-end on ")} ${r.passed}/${r.passed + r.failed}`).join(", ")}`);
if (failure) console.error(`\n${failure.message}`);
const failed = unit.failed + e2e.failed + reliability.failed + (failure && unit.failed + e2e.failed + reliability.failed === 0 ? 1 : 0);
console.log(`tests: ${unit.passed + e2e.passed + reliability.passed} passed, ${failed} failed`);
process.exit(failure ? (failure.exitCode ?? 1) : 0);
