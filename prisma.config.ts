// Prisma 6.19 with the WebAssembly schema engine and a driver adapter: the only setup
// whose CLI works with no internet (Prisma 7's CLI downloads binaries). DATABASE_URL
// picks the schema, the migrations and the adapter (lib/database-url.ts).
//
// PostgreSQL's CLI adapter is @prisma/adapter-pg 7.10 (installed as
// prisma-adapter-pg-cli): 6.19's cannot read the catalogue `migrate deploy` inspects
// ("Column type 'name' could not be deserialized", prisma/orm#27403). The app itself
// uses 6.19's, the one made for its @prisma/client (lib/db.ts).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "prisma-adapter-pg-cli";
import { defineConfig } from "prisma/config";
import { database, PRISMA_FILES } from "./lib/database-url";

const { kind, url } = database();
// The schema's `url = env("DATABASE_URL")` must resolve, or the CLI falls back to
// downloading a query engine; the adapter below is what really connects.
process.env.DATABASE_URL = url;

export default defineConfig({
  schema: PRISMA_FILES[kind].schema,
  migrations: { path: PRISMA_FILES[kind].migrations },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    if (kind === "postgresql") return new PrismaPg({ connectionString: url });
    mkdirSync(dirname(url.slice("file:".length)), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
