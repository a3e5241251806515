// Building blocks for scripts/dev.mjs and scripts/test.mjs. Plain Node with no
// dependencies: these run on a fresh clone before `npm install` has installed anything.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
export const bin = (name) => join(root, "node_modules", ".bin", name);

/** Prints a step's title in a way that stands out in long CI logs. */
export function step(title) {
  console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);
}

/** Runs a command to completion with inherited output; throws on a non-zero exit. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const error = new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

/**
 * Installs dependencies when node_modules is missing or older than the lockfile.
 * `npm install`, not `npm ci`: the registry mirror our machines reach has no macOS or
 * Windows builds of Next's, SWC's and Tailwind's optional native packages, so the
 * lockfile cannot list them and `npm ci` refuses it; `npm install` follows the
 * lockfile for everything it does list.
 */
export function ensureDependencies() {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step("Installing dependencies (npm install)");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}

/** Applies every committed migration to the database named by DATABASE_URL. */
export function migrate(env = process.env) {
  run(bin("prisma"), ["migrate", "deploy"], { env });
}

/** A free TCP port on loopback: `preferred` when it is free, otherwise any. */
export async function freePort(preferred = 0) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(undefined));
      server.listen(port, "127.0.0.1", () => {
        const { port: bound } = server.address();
        server.close(() => resolve(bound));
      });
    });
  return (preferred && (await tryPort(preferred))) || tryPort(0);
}

/**
 * Starts the provider emulators and resolves once they listen, with their URL, the
 * app variables they print and the child process (stopped when this process exits).
 * `appUrl` is the app's origin, or a list of them (several instances).
 */
export function startEmulators({ port, appUrl, providers, env = process.env }) {
  const args = ["emulators/cli.ts", "--port", String(port), ...[appUrl].flat().flatMap((url) => ["--app-url", url])];
  if (providers) args.push("--providers", providers.join(","));
  const child = spawn(bin("tsx"), args, { cwd: root, stdio: ["ignore", "pipe", "inherit"], env });
  process.on("exit", () => child.kill());
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf("\n");
      if (newline < 0) return;
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      try {
        resolve({ ...JSON.parse(buffer.slice(0, newline)), child });
      } catch (error) {
        reject(error);
      }
    });
    child.once("exit", (code) => reject(new Error(`the emulators exited with ${code} before they were ready`)));
  });
}

/**
 * Nothing may reach outside loopback: no Next.js telemetry, no Prisma update check.
 * Both entry scripts put these in their own environment, so every child inherits them.
 */
export function stayOffline() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.CHECKPOINT_DISABLE = "1";
}
