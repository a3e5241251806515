// The one place that turns DATABASE_URL into a connection string, shared by the app
// (lib/db.ts) and the Prisma CLI (prisma.config.ts) so both open the same file.
// Relative SQLite paths are relative to the project root (the working directory).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/vkhod.db";

export function databaseUrl(env: { DATABASE_URL?: string | undefined } = process.env as { DATABASE_URL?: string }): string {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (!url.startsWith("file:")) return url;
  const path = resolve(url.slice("file:".length));
  mkdirSync(dirname(path), { recursive: true });
  return `file:${path}`;
}
