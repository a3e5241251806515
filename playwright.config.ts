// The end-to-end suite: a production build of the app (`next start`) and the provider
// emulators, each on its own loopback port, driven in Debian's Chromium.
// `npm test` (scripts/test.mjs) builds the app, prepares a throwaway database and sets
// the ports; see e2e/fixtures/env.ts for the variables this file reads.
import { defineConfig, devices } from "@playwright/test";
import { e2eEnv } from "./e2e/fixtures/env";
import { demoAppEnv } from "./emulators/server";

const { appUrl, appPort, emulatorPort, emulatorUrl, databaseUrl, authSecret } = e2eEnv();

export default defineConfig({
  testDir: "./e2e",
  // Playwright empties this folder first, so it must not be test-results/ itself,
  // where the unit tests' report already is.
  outputDir: "test-results/e2e",
  fullyParallel: false,
  // One app, one emulator and one database: specs that arm emulator faults or count
  // rows must not interleave.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
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
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: `node_modules/.bin/tsx emulators/cli.ts --port ${emulatorPort} --app-url ${appUrl}`,
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
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        AUTH_SECRET: authSecret,
        AUTH_URL: appUrl,
        DATABASE_URL: databaseUrl,
        ...demoAppEnv(emulatorUrl),
        // Short, so the slow-provider tests do not wait the default 10 s.
        AUTH_PROVIDER_TIMEOUT_MS: "3000",
        // The app registers its bot webhook with the emulated Bot API at start.
        AUTH_TELEGRAM_WEBHOOK_URL: `${appUrl}/api/telegram/webhook`,
      },
    },
  ],
});
