// prisma/postgresql/schema.prisma is made from prisma/schema.prisma, never edited by
// hand: the same models, PostgreSQL as the provider, and its own generated client (a
// Prisma client is built for one database kind). `npm run db:generate` rewrites it;
// a unit test fails when the committed copy is behind.
export const POSTGRESQL_CLIENT = ".prisma/client-postgresql";

const HEADER =
  "// Made from prisma/schema.prisma by `npm run db:generate`: edit that file, not this one.\n" +
  "// PostgreSQL's migrations are in prisma/postgresql/migrations (README: Changing the schema).\n\n";

export function postgresqlSchema(sqliteSchema) {
  const replaced = sqliteSchema
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(/engineType = "client"\n/, `engineType = "client"\n  output     = "../../node_modules/${POSTGRESQL_CLIENT}"\n`);
  if (!replaced.includes('provider = "postgresql"') || !replaced.includes("output")) {
    throw new Error('prisma/schema.prisma must have engineType = "client" and provider = "sqlite" for the PostgreSQL copy to be made');
  }
  return HEADER + replaced;
}
