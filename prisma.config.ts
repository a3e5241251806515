// Prisma 6.19 with the WebAssembly schema engine and the better-sqlite3 driver adapter:
// the only setup whose CLI works with no internet (Prisma 7's CLI downloads binaries).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseUrl } from "./lib/database-url";

// The schema's `url = env("DATABASE_URL")` must resolve, or the CLI falls back to
// downloading a query engine; the adapter below is what really connects.
process.env.DATABASE_URL = databaseUrl();

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
