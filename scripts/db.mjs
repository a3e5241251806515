// `npm run db:generate` and `npm run db:migrate`, for whichever database DATABASE_URL
// names (lib/database-url.ts: file:… is SQLite, postgresql://… is PostgreSQL).
//   generate  makes prisma/postgresql/schema.prisma from prisma/schema.prisma, then
//             both Prisma clients (the app picks one at start by DATABASE_URL)
//   migrate   applies the committed migrations of DATABASE_URL's kind
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { postgresqlSchema } from "./lib/postgresql-schema.mjs";
import { bin, root, run, stayOffline } from "./lib/tasks.mjs";

stayOffline();
const command = process.argv[2];

if (command === "generate") {
  const target = join(root, "prisma/postgresql/schema.prisma");
  const derived = postgresqlSchema(readFileSync(join(root, "prisma/schema.prisma"), "utf8"));
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // not made yet
  }
  if (current !== derived) writeFileSync(target, derived);
  // prisma.config.ts picks the schema by DATABASE_URL; generating connects to nothing.
  run(bin("prisma"), ["generate"], { env: { ...process.env, DATABASE_URL: "file:./data/vkhod.db" } });
  run(bin("prisma"), ["generate"], { env: { ...process.env, DATABASE_URL: "postgresql://generate@127.0.0.1/unused" } });
} else if (command === "migrate") {
  run(bin("prisma"), ["migrate", "deploy"]);
} else {
  console.error("usage: node scripts/db.mjs generate|migrate");
  process.exit(2);
}
