// `npm run doctor`: reads the environment as the app would (.env.local and the rest, the
// same files in the same order as Next.js) and says, per provider, whether it is
// configured, exactly what to register in that provider's console for the current
// AUTH_URL, and what is wrong, each with its fix; then whether the database (and
// Redis, when set) answers. Exits 1 when anything needs fixing.
//
//   npm run doctor                        as `npm run dev` runs (AUTH_URL defaults to https://localhost:3000)
//   NODE_ENV=production npm run doctor    as `npm start` runs
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseEnv, emulatorsNotAccepted, type Env } from "../lib/env-schema";
import { PROVIDERS, type ProviderId } from "../lib/auth/providers/manifest";
import { database, PRISMA_FILES, redactedUrl } from "../lib/database-url";

export type Finding = { ok: boolean; text: string; fix?: string };
export type Section = { title: string; status: string; register: { what: string; value: string }[]; findings: Finding[] };
export type Probes = {
  /** Applied migration names, or throws with why the database cannot be read. */
  appliedMigrations(kind: "sqlite" | "postgresql", url: string): Promise<string[]>;
  pingRedis(url: string): Promise<void>;
};

const DEV_ORIGIN = "https://localhost:3000";
/** The only ports Telegram delivers webhooks to. */
const WEBHOOK_PORTS = new Set(["443", "80", "88", "8443"]);
const isLocalHost = (host: string) => host === "localhost" || host.endsWith(".localhost") || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");

const problem = (text: string, fix: string): Finding => ({ ok: false, text, fix });
const fine = (text: string): Finding => ({ ok: true, text });

export async function diagnose(source: Record<string, string | undefined>, probes: Probes): Promise<Section[]> {
  const production = source.NODE_ENV === "production";
  const general: Section = { title: "The site", status: production ? "checked as production (npm start)" : "checked as development (npm run dev)", register: [], findings: [] };
  const sections = [general];

  // The variables, as the build and the start judge them.
  let env: Env | undefined;
  try {
    env = parseEnv({ ...source, NODE_ENV: "development" });
  } catch (error) {
    for (const line of String((error as Error).message).split("\n").filter((l) => l.startsWith("  - "))) {
      general.findings.push(problem(line.slice(4), "Fix it in .env.local (or the environment); .env.example describes every variable."));
    }
  }
  if (env && production) {
    for (const line of emulatorsNotAccepted(env)) general.findings.push(problem(line.split(". ")[0]!, line.split(". ").slice(1).join(". ")));
  }
  if (env && !general.findings.length) general.findings.push(fine("every variable is valid"));

  const origin = (source.AUTH_URL?.trim() || (production ? "" : DEV_ORIGIN)).replace(/\/+$/, "");
  let url: URL | undefined;
  try {
    url = origin ? new URL(origin) : undefined;
  } catch {
    // reported by parseEnv above
  }
  if (!origin) general.findings.push(problem("AUTH_URL is not set", "Set AUTH_URL to the site's public origin, such as https://vkhod.example.com."));
  else if (url && url.protocol !== "https:") {
    general.findings.push(problem(`AUTH_URL is ${origin}: http, not https`, "Providers send people back only to https addresses (and browsers keep secure cookies only there): serve the site over https and set AUTH_URL to its https origin."));
  } else if (url) general.findings.push(fine(`AUTH_URL is ${origin}${source.AUTH_URL ? "" : " (npm run dev's default)"}`));

  // The database.
  try {
    const { kind, url: databaseUrl } = database(source);
    const where = `${kind === "sqlite" ? "SQLite" : "PostgreSQL"} database ${redactedUrl(databaseUrl)}`;
    try {
      const applied = await probes.appliedMigrations(kind, databaseUrl);
      const committed = readdirSync(PRISMA_FILES[kind].migrations, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
      const missing = committed.filter((name) => !applied.includes(name));
      general.findings.push(missing.length ? problem(`the ${where} lacks ${missing.length} migration(s): ${missing.join(", ")}`, "Run npm run db:migrate with the same DATABASE_URL.") : fine(`the ${where} answers and has every migration`));
    } catch (error) {
      general.findings.push(problem(`the ${where} cannot be read: ${String((error as Error).message).split("\n").filter(Boolean).at(-1)}`, kind === "sqlite" ? "Run npm run db:migrate (or npm run dev), which makes and migrates the file." : "Check that PostgreSQL runs and takes this user and password, then run npm run db:migrate."));
    }
  } catch (error) {
    general.findings.push(problem(String((error as Error).message), "Write file:./data/vkhod.db (SQLite) or postgresql://user:password@host:5432/vkhod."));
  }
  if (source.REDIS_URL) {
    try {
      await probes.pingRedis(source.REDIS_URL);
      general.findings.push(fine(`Redis at ${redactedUrl(source.REDIS_URL)} answers`));
    } catch (error) {
      general.findings.push(problem(`Redis at ${redactedUrl(source.REDIS_URL)} does not answer (${(error as Error).message})`, "Start it, fix REDIS_URL, or unset REDIS_URL to count limits in the database."));
    }
  }

  // The providers.
  const demo = (source.AUTH_DEMO_PROVIDERS ?? "").split(",").map((id) => id.trim());
  for (const [id, facts] of Object.entries(PROVIDERS) as [ProviderId, (typeof PROVIDERS)[ProviderId]][]) {
    const set = facts.credentials.filter((name) => source[name]?.trim());
    const section: Section = { title: `${facts.setup.title} (${id})`, status: "", register: [], findings: [] };
    sections.push(section);
    if (demo.includes(id)) {
      section.status = "demo: served by the emulator";
      continue;
    }
    if (!set.length) {
      section.status = `not configured: set ${facts.credentials.join(", ")} to offer it${production ? "" : " (until then npm run dev serves it from its emulator)"}`;
      continue;
    }
    if (set.length < facts.credentials.length) {
      section.status = "partly configured";
      section.findings.push(problem(`${facts.credentials.filter((n) => !set.includes(n)).join(", ")} missing`, `Set all of ${facts.credentials.join(", ")}, or none.`));
      continue;
    }
    section.status = "configured";
    if (!url) continue;
    if (facts.setup.console) section.register.push({ what: "where", value: facts.setup.console });
    for (const kind of facts.setup.register) {
      if (kind === "redirect") section.register.push({ what: "redirect URI", value: `${origin}/api/auth/callback/${id}` });
      if (kind === "domain") {
        section.register.push({ what: "domain", value: url.hostname });
        if (id === "telegram-widget" && isLocalHost(url.hostname)) {
          section.findings.push(problem(`Telegram refuses ${url.hostname} as the widget's domain`, "Serve the site on a public domain (or a public HTTPS tunnel), /setdomain it, and set AUTH_URL to it."));
        } else if (id === "telegram-widget" && url.port && url.port !== "443") {
          section.findings.push(problem(`the site is on port ${url.port}; Telegram ties the widget to a domain, not a port`, "Serve the site on https port 443."));
        }
      }
      if (kind === "mini-app") section.register.push({ what: "Web App URL", value: `${origin}/telegram/app` });
      if (kind === "webhook") section.findings.push(...botUpdates(source, origin));
    }
    if (url.protocol !== "https:" && facts.setup.register.includes("redirect")) {
      section.findings.push(problem("the redirect URI is http", "Use https in AUTH_URL: providers refuse http redirect URIs (Google allows only http://localhost)."));
    }
    if (url.protocol !== "https:" && facts.setup.register.includes("mini-app")) {
      section.findings.push(problem("the Web App URL is http", "Telegram opens Mini Apps only from https URLs: use https in AUTH_URL."));
    }
    if (!section.findings.length) section.findings.push(fine("nothing wrong that can be seen from here"));
  }
  return sections;
}

/** How the bot hears /start: a webhook Telegram can reach, or polling; not both, not neither. */
function botUpdates(source: Record<string, string | undefined>, origin: string): Finding[] {
  const webhook = source.AUTH_TELEGRAM_WEBHOOK_URL?.trim();
  const polling = source.AUTH_TELEGRAM_BOT_POLLING === "true";
  const suggested = `${origin}/api/telegram/webhook`;
  if (webhook && polling) return [problem("both AUTH_TELEGRAM_WEBHOOK_URL and AUTH_TELEGRAM_BOT_POLLING=true are set", "Choose one: Telegram refuses getUpdates while a webhook is set.")];
  if (polling) return [fine("the bot polls getUpdates (one instance at a time)")];
  if (!webhook) return [problem("the bot has no way to hear /start", `Set AUTH_TELEGRAM_WEBHOOK_URL=${suggested} (a public https site), or AUTH_TELEGRAM_BOT_POLLING=true.`)];
  let hook: URL;
  try {
    hook = new URL(webhook);
  } catch {
    return [problem(`AUTH_TELEGRAM_WEBHOOK_URL is not a URL: ${webhook}`, `Set it to ${suggested}.`)];
  }
  const findings: Finding[] = [];
  if (hook.protocol !== "https:") findings.push(problem(`the webhook ${webhook} is http`, "Telegram delivers webhooks only to https URLs."));
  if (!WEBHOOK_PORTS.has(hook.port || "443")) findings.push(problem(`the webhook is on port ${hook.port}`, "Telegram delivers webhooks only to ports 443, 80, 88 and 8443."));
  if (isLocalHost(hook.hostname)) findings.push(problem(`Telegram cannot reach ${hook.hostname}`, "Use the site's public domain, or AUTH_TELEGRAM_BOT_POLLING=true."));
  if (hook.pathname !== "/api/telegram/webhook") findings.push(problem(`the webhook path is ${hook.pathname}`, `The app answers at /api/telegram/webhook: ${suggested}.`));
  if (!findings.length) findings.push(fine(`the bot's webhook is ${webhook}: nothing to paste, the app registers it with Telegram at start`));
  return findings;
}

export function render(sections: Section[]): string {
  const lines: string[] = [];
  for (const section of sections) {
    lines.push(`${section.title}: ${section.status}`);
    for (const { what, value } of section.register) lines.push(what === "where" ? `  register in ${value}:` : `    ${what.padEnd(13)} ${value}`);
    for (const finding of section.findings) {
      lines.push(`  ${finding.ok ? "✓" : "✗"} ${finding.text}`);
      if (finding.fix) lines.push(`    fix: ${finding.fix}`);
    }
  }
  const problems = sections.flatMap((s) => s.findings).filter((f) => !f.ok).length;
  lines.push("", problems ? `${problems} problem${problems === 1 ? "" : "s"} to fix.` : "No problems found.");
  return lines.join("\n");
}

/** The real probes: the database through its own driver, Redis through ioredis, each bounded. */
export const probes: Probes = {
  async appliedMigrations(kind, url) {
    const sql = "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";
    if (kind === "sqlite") {
      const { default: Database } = await import("better-sqlite3");
      const file = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
      try {
        return (file.prepare(sql).all() as { migration_name: string }[]).map((row) => row.migration_name);
      } finally {
        file.close();
      }
    }
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, query_timeout: 3000 });
    await client.connect();
    try {
      return (await client.query<{ migration_name: string }>(sql)).rows.map((row) => row.migration_name);
    } finally {
      await client.end();
    }
  },
  async pingRedis(url) {
    const { Redis } = await import("ioredis");
    const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const nextEnv = (await import("@next/env")) as unknown as typeof import("@next/env") & { default?: typeof import("@next/env") };
  (nextEnv.loadEnvConfig ?? nextEnv.default!.loadEnvConfig)(join(import.meta.dirname, ".."), process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });
  const sections = await diagnose(process.env, probes);
  console.log(render(sections));
  process.exit(sections.some((s) => s.findings.some((f) => !f.ok)) ? 1 : 0);
}
