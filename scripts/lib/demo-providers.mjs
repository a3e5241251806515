// Which providers `npm run dev` emulates: those whose credentials are not all set
// (lib/auth/providers/manifest.json lists them).
import { readFileSync } from "node:fs";

export const manifest = JSON.parse(readFileSync(new URL("../../lib/auth/providers/manifest.json", import.meta.url), "utf8"));

export function demoProviders(env) {
  return Object.entries(manifest.providers)
    .filter(([, { credentials }]) => credentials.some((name) => !env[name]))
    .map(([id]) => id);
}
