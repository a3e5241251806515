// The one Prisma client. Outside production it is cached on globalThis so that hot
// reloads in development do not open a new connection each time.
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { databaseUrl } from "./database-url";
import { env } from "./env";

function createClient() {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl(env) }) });
}

const cache = globalThis as unknown as { vkhodPrisma?: PrismaClient };

export const db = cache.vkhodPrisma ?? createClient();

if (process.env.NODE_ENV !== "production") cache.vkhodPrisma = db;
