// `npm run dev`: everything a fresh clone needs, then the app on https://localhost:3000.
//   1. dependencies (npm install when missing or stale)
//   2. .env.local with a fresh AUTH_SECRET when absent
//   3. a certificate pair for localhost in certificates/ (Debian's mkcert, or selfsigned)
//   4. the database, migrated
//   5. emulators for every provider without real credentials ("demo" on the login page)
//   6. next dev --experimental-https with that key and certificate
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { bin, ensureDependencies, stayOffline, freePort, migrate, root, startEmulators, step } from "./lib/tasks.mjs";

const PORT = Number(process.env.PORT ?? 3000);

stayOffline();
ensureDependencies();

step("Environment (.env.local)");
const envFile = join(root, ".env.local");
const existing = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
if (!/^AUTH_SECRET=\S/m.test(existing)) {
  const secret = randomBytes(33).toString("base64");
  const header = existing ? "\n" : "# Written by `npm run dev`. Every variable is described in .env.example.\n";
  appendFileSync(envFile, `${header}AUTH_SECRET=${secret}\n`);
  console.log("wrote a fresh AUTH_SECRET to .env.local");
} else {
  console.log(".env.local has an AUTH_SECRET");
}
// The same files, in the same order, that `next dev` reads (.env.development.local,
// .env.local, .env.development, .env); @next/env is CommonJS.
const { loadEnvConfig } = (await import("@next/env")).default;
loadEnvConfig(root, true, { info: () => {}, error: console.error });
const appUrl = process.env.AUTH_URL ?? `https://localhost:${PORT}`;

step("HTTPS certificate for localhost (certificates/)");
const certDir = join(root, "certificates");
const keyFile = join(certDir, "localhost-key.pem");
const certFile = join(certDir, "localhost.pem");
if (existsSync(keyFile) && existsSync(certFile)) {
  console.log("using the existing pair");
} else {
  mkdirSync(certDir, { recursive: true });
  const mkcert = spawnSync("mkcert", ["-help"], { stdio: "ignore" });
  if (!mkcert.error) {
    // -install adds mkcert's CA to the system and browser trust stores where it can.
    spawnSync("mkcert", ["-install"], { stdio: "inherit" });
    const made = spawnSync("mkcert", ["-key-file", keyFile, "-cert-file", certFile, "localhost", "127.0.0.1", "::1"], {
      stdio: "inherit",
    });
    if (made.status !== 0) throw new Error("mkcert could not make a certificate for localhost");
  } else {
    const selfsigned = (await import("selfsigned")).default;
    const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
      keySize: 2048,
      algorithm: "sha256",
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
      ],
    });
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    writeFileSync(certFile, pems.cert);
    console.log("made a self-signed pair (install Debian's mkcert for one your browser trusts)");
  }
}

step("Database");
migrate();

step("Provider emulators");
const { demoProviders } = await import("./lib/demo-providers.mjs");
const demo = demoProviders(process.env);
// Node trusts neither mkcert's CA nor a self-signed pair by itself, yet both the
// emulators (Telegram's webhook calls) and Next.js (a server action's redirect)
// fetch https://localhost:3000.
const caroot = spawnSync("mkcert", ["-CAROOT"], { encoding: "utf8" }).stdout?.trim();
const trusted = caroot && existsSync(join(caroot, "rootCA.pem")) ? join(caroot, "rootCA.pem") : certFile;
let emulatorEnv = {};
if (demo.length > 0) {
  const emulators = await startEmulators({
    port: await freePort(3900),
    appUrl,
    providers: demo,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: trusted },
  });
  emulatorEnv = emulators.env;
  if (demo.includes("telegram-bot")) emulatorEnv.AUTH_TELEGRAM_WEBHOOK_URL = `${appUrl}/api/telegram/webhook`;
  console.log(`demo providers (no real credentials): ${demo.join(", ")} — emulated at ${emulators.url}`);
} else {
  console.log("every provider has real credentials; no emulators");
}

step(`Vkhod on ${appUrl}`);
const next = spawn(
  bin("next"),
  [
    "dev",
    "--experimental-https",
    ...["--experimental-https-key", keyFile, "--experimental-https-cert", certFile],
    // Next.js hands this to its worker as NODE_EXTRA_CA_CERTS.
    ...["--experimental-https-ca", trusted],
    ...["-H", "localhost", "-p", String(PORT)],
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, AUTH_URL: appUrl, ...emulatorEnv } },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));
