// `npm run screenshots`: pictures of /login and /account, 390 px and 1280 px wide,
// light and dark, in English and Russian, from a production build and the emulators (no
// provider keys), into docs/screenshots/<page>-<width>-<scheme>-<language>.png. The
// README shows two of them (the only two kept in git; the others are for looking at).
//
// It builds the app first (into NEXT_DIST_DIR, default .next-test, as `npm test` does),
// so the pictures are of the code as it is now; SCREENSHOTS_BUILD=0 reuses that build.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { ROOMY_LIMITS } from "../e2e/fixtures/env";
import { bin, ensureDependencies, freePort, migrate, root, run, startEmulators, stayOffline, step } from "./lib/tasks.mjs";

const DIST = process.env.NEXT_DIST_DIR || ".next-test";
const OUT = join(root, "docs", "screenshots");
const WIDTHS = [390, 1280];
const SCHEMES = ["light", "dark"] as const;
const LANGUAGES = [
  { code: "en", locale: "en-US", person: { name: "Anna Petrova", email: "anna.petrova@example.com" } },
  { code: "ru", locale: "ru-RU", person: { name: "Анна Петрова", email: "anna.petrova@example.ru" } },
];

stayOffline();
ensureDependencies();
const scratch = mkdtempSync(join(tmpdir(), "vkhod-screenshots-"));
const children: ChildProcess[] = [];
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  rmSync(scratch, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

const quiet = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const secret = randomBytes(33).toString("base64");
const databaseUrl = `file:${join(scratch, "screenshots.db")}`;
migrate({ ...quiet, DATABASE_URL: databaseUrl });
if (process.env.SCREENSHOTS_BUILD !== "0" || !existsSync(join(root, DIST, "BUILD_ID"))) {
  step("Production build");
  run(bin("next"), ["build"], { env: { ...quiet, NEXT_DIST_DIR: DIST, DATABASE_URL: databaseUrl, AUTH_SECRET: secret } });
}

step("The app and the emulators");
const port = await freePort();
const appUrl = `http://localhost:${port}`;
const emulators = await startEmulators({ port: await freePort(), appUrl });
children.push(emulators.child);
const app = spawn(bin("next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
  cwd: root,
  env: { ...quiet, ...emulators.env, ...ROOMY_LIMITS, NODE_ENV: "production", NEXT_DIST_DIR: DIST, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, AUTH_URL: appUrl, AUTH_TELEGRAM_WEBHOOK_URL: "", LOG_LEVEL: "warn" } as NodeJS.ProcessEnv,
  stdio: ["ignore", "ignore", "inherit"],
});
children.push(app);
const deadline = Date.now() + 60_000;
while (!(await fetch(`${appUrl}/login`).then((response) => response.ok, () => false))) {
  if (app.exitCode !== null || Date.now() > deadline) throw new Error("the app did not start");
  await new Promise((resolve) => setTimeout(resolve, 250));
}

/** On an emulator's consent page: continue as this person. */
async function consent(page: Page, person: { name: string; email: string }) {
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Continue as this person" }).click();
}

step("Screenshots");
mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const { code, locale, person } of LANGUAGES) {
    const signedOut = await (await browser.newContext({ locale })).newPage();
    const signedIn = await (await browser.newContext({ locale })).newPage();
    // A person with two identities: Google, then Yandex ID linked from /account.
    await signedIn.goto(`${appUrl}/login`);
    await signedIn.getByRole("button", { name: /Google/ }).click();
    await consent(signedIn, person);
    await signedIn.waitForURL(/\/account$/);
    await signedIn.getByRole("button", { name: /Yandex ID|Яндекс ID/ }).click();
    await consent(signedIn, person);
    await signedIn.waitForURL(/\/account\?notice=linked/);

    for (const width of WIDTHS) {
      for (const colorScheme of SCHEMES) {
        for (const [page, name, path] of [
          [signedOut, "login", "/login"],
          [signedIn, "account", "/account"],
        ] as const) {
          await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
          await page.emulateMedia({ colorScheme });
          await page.goto(`${appUrl}${path}`);
          await page.waitForLoadState("networkidle");
          const file = join(OUT, `${name}-${width}-${colorScheme}-${code}.png`);
          await page.screenshot({ path: file, fullPage: true });
          console.log(file.slice(root.length + 1));
        }
      }
    }
  }
} finally {
  await browser.close();
}
process.exit(0);
