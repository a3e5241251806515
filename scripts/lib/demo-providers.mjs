// Which providers `npm run dev` emulates: those whose credentials are not all set
// (lib/auth/providers/credentials.json lists them).
import { readFileSync } from "node:fs";

const { $comment, ...credentials } = JSON.parse(
  readFileSync(new URL("../../lib/auth/providers/credentials.json", import.meta.url), "utf8"),
);

export function demoProviders(env) {
  return Object.entries(credentials)
    .filter(([, names]) => names.some((name) => !env[name]))
    .map(([id]) => id);
}
