// The end-to-end suite: a production build of the app (`next start`) and the provider
// emulators, each on its own loopback port, driven in Debian's Chromium.
// `npm test` (scripts/test.mjs) builds the app, prepares a throwaway database and sets
// the ports; see e2e/fixtures/env.ts for the variables this file reads.
import { defineConfig, devices } from "@playwright/test";
import { ATTACKER_HOST } from "./e2e/fixtures/attacker";
import { appServerEnv, e2eEnv, FALLBACK_SITE } from "./e2e/fixtures/env";

const { appUrl, appPort, emulatorPort, emulatorUrl, fallbackPort, fallbackUrl } = e2eEnv();

export default defineConfig({
  testDir: "./e2e",
  // Playwright empties this folder first, so it must not be test-results/ itself,
  // where the unit tests' report already is.
  // `npm test` runs the suite once per database and names each run (E2E_RUN).
  outputDir: `test-results/${process.env.E2E_RUN ?? "e2e"}`,
  // Tests run side by side, across and within spec files. They can: every test has
  // people of its own (e2e/fixtures/account.ts, newPerson), counts only their rows, and
  // arms emulator faults for its own person (e2e/fixtures/emulator.ts). What cannot be
  // scoped so (a fault on discovery, before anyone is chosen) is tagged @exclusive and
  // runs alone at the end.
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS) || 3,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: `test-results/${process.env.E2E_RUN ?? "e2e"}.json` }]],
  use: {
    baseURL: appUrl,
    trace: "on-first-retry",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
        // Another site for the attack suite (e2e/attacks.spec.ts), on loopback.
        `--host-resolver-rules=MAP ${ATTACKER_HOST} 127.0.0.1`,
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, grepInvert: /@exclusive/ },
    { name: "exclusive", use: { ...devices["Desktop Chrome"] }, grep: /@exclusive/, dependencies: ["chromium"], workers: 1 },
  ],
  webServer: [
    {
      command: `node_modules/.bin/tsx emulators/cli.ts --port ${emulatorPort} --app-url ${appUrl} --app-url ${fallbackUrl}`,
      url: `${emulatorUrl}/_emulator/health`,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `node_modules/.bin/next start -H 127.0.0.1 -p ${appPort}`,
      url: `${appUrl}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: appServerEnv(appUrl),
    },
    {
      command: `node_modules/.bin/next start -H 127.0.0.1 -p ${fallbackPort}`,
      url: `${fallbackUrl}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: appServerEnv(fallbackUrl, FALLBACK_SITE),
    },
  ],
});
