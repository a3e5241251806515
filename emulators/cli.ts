// `npm run emulators`: starts the provider emulators on loopback.
//
//   tsx emulators/cli.ts [--port 3900] [--app-url https://localhost:3000]... [--providers google,...]
//
// Prints one JSON line {"url", "env"} on stdout once listening: `env` is what the app
// needs to use the emulators (scripts/dev.mjs reads it). Stops on SIGINT/SIGTERM, when
// stdin closes (if --exit-with-stdin) and when its parent process goes away.
import { parseArgs } from "node:util";
import { startEmulators } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.EMULATOR_PORT ?? "3900" },
    host: { type: "string", default: "127.0.0.1" },
    "app-url": { type: "string", multiple: true, default: [process.env.AUTH_URL ?? "https://localhost:3000"] },
    providers: { type: "string" },
  },
});

const emulators = await startEmulators({
  port: Number(values.port),
  host: values.host,
  appUrls: values["app-url"],
  providers: values.providers?.split(",").map((p) => p.trim()).filter(Boolean),
});
process.stdout.write(`${JSON.stringify({ url: emulators.url, env: emulators.appEnv })}\n`);
console.error(`[emulators] ${emulators.providers.join(", ")} on ${emulators.url}`);

const stop = () => void emulators.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// Never outlive whoever started us (a test runner that was killed, say).
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    stop();
  }
}, 2000).unref();
