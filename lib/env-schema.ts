// The shape of Vkhod's environment (see .env.example). Kept apart from lib/env.ts so
// unit tests can check the rules without a server.
import { z } from "zod";
import { PROVIDERS } from "./auth/providers/manifest";
import { database, DatabaseUrlError } from "./database-url";

const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const httpUrl = (example: string) =>
  optional.pipe(
    z
      .url({ protocol: /^https?$/, error: `must be an http(s) URL such as ${example}` })
      .transform((value) => value.replace(/\/+$/, ""))
      .optional(),
  );

/** Comma-separated origins (scheme://host[:port], nothing after), `fallback` when unset. */
const origins = (fallback: string, example = fallback) =>
  optional.transform((value, ctx) => {
    const list = (value ?? fallback)
      .split(",")
      .map((origin) => origin.trim().replace(/\/+$/, ""))
      .filter(Boolean);
    for (const origin of list) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        // not a URL at all: refused below
      }
      if (parsed && /^https?:$/.test(parsed.protocol) && parsed.origin === origin) continue;
      ctx.issues.push({ code: "custom", input: value, message: `has "${origin}", which is not an origin: use http(s)://host[:port] with no path, comma-separated, such as ${example}` });
    }
    return list;
  });

/** A whole number of seconds, `fallback` when unset. */
const seconds = (fallback: number, example: string) =>
  optional
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .pipe(z.number().int({ error: `must be a whole number of seconds, such as ${example}` }).nonnegative());

/** An abuse limit, `<points>/<seconds>`: at most `points` attempts in a window of `seconds` (at most a day). */
const rateLimit = (fallback: `${number}/${number}`) =>
  optional
    .transform((value) => value ?? fallback)
    .pipe(z.string().regex(/^[1-9]\d{0,8}\/[1-9]\d{0,4}$/, { error: "must be <points>/<seconds>, such as 20/60" }))
    .transform((value) => {
      const [points, seconds] = value.split("/").map(Number) as [number, number];
      return { points, seconds };
    })
    .refine((limit) => limit.seconds <= 86_400, { error: "must be <points>/<seconds> with at most 86400 seconds (a day), such as 20/60" });

const schema = z
  .object({
    // Unset and empty are both missing.
    AUTH_SECRET: optional.pipe(
      z
        .string({ error: "is missing: run `npm run dev` once, or set it to the output of `openssl rand -base64 33`" })
        .min(32, { error: "is too short: use at least 32 random characters (`openssl rand -base64 33`)" }),
    ),
    AUTH_URL: httpUrl("https://vkhod.example.com"),
    // file:… (SQLite) or postgresql://… (PostgreSQL); see lib/database-url.ts.
    DATABASE_URL: optional.superRefine((value, ctx) => {
      try {
        database({ DATABASE_URL: value });
      } catch (error) {
        if (!(error instanceof DatabaseUrlError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message.replace(/^DATABASE_URL /, "") });
      }
    }),

    // The JSON logs' level (lib/log.ts): info by default, silent in unit tests.
    LOG_LEVEL: optional.pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of error, warn, info, debug, trace or silent" }).optional()),
    // PostgreSQL connections per app instance (node-postgres's pool).
    DATABASE_POOL_SIZE: z.coerce.number({ error: "must be a whole number, such as 10" }).int().min(1).max(500).default(10),

    AUTH_GOOGLE_ID: optional,
    AUTH_GOOGLE_SECRET: optional,
    AUTH_GOOGLE_ISSUER: httpUrl("https://accounts.google.com").default("https://accounts.google.com"),

    AUTH_VKID_ID: optional,
    AUTH_VKID_SECRET: optional,
    AUTH_VKID_URL: httpUrl("https://id.vk.ru").default("https://id.vk.ru"),

    AUTH_VK_ID: optional,
    AUTH_VK_SECRET: optional,
    AUTH_VK_OAUTH_URL: httpUrl("https://oauth.vk.com").default("https://oauth.vk.com"),
    AUTH_VK_API_URL: httpUrl("https://api.vk.com").default("https://api.vk.com"),

    AUTH_YANDEX_ID: optional,
    AUTH_YANDEX_SECRET: optional,
    AUTH_YANDEX_OAUTH_URL: httpUrl("https://oauth.yandex.ru").default("https://oauth.yandex.ru"),
    AUTH_YANDEX_LOGIN_URL: httpUrl("https://login.yandex.ru").default("https://login.yandex.ru"),
    AUTH_YANDEX_AVATAR_URL: httpUrl("https://avatars.yandex.net").default("https://avatars.yandex.net"),

    AUTH_OK_ID: optional,
    AUTH_OK_SECRET: optional,
    AUTH_OK_PUBLIC_KEY: optional,
    AUTH_OK_CONNECT_URL: httpUrl("https://connect.ok.ru").default("https://connect.ok.ru"),
    AUTH_OK_API_URL: httpUrl("https://api.ok.ru").default("https://api.ok.ru"),

    AUTH_TELEGRAM_ID: optional.pipe(z.string().regex(/^\d+$/, { error: "must be the bot's numeric id, such as 7000000001" }).optional()),
    AUTH_TELEGRAM_SECRET: optional,
    AUTH_TELEGRAM_OIDC_ISSUER: httpUrl("https://oauth.telegram.org").default("https://oauth.telegram.org"),
    AUTH_TELEGRAM_BOT_TOKEN: optional.pipe(
      z
        .string()
        .regex(/^\d+:[\w-]{20,}$/, { error: "must be the token @BotFather gave, such as 123456789:AAE…" })
        .optional(),
    ),
    AUTH_TELEGRAM_BOT_USERNAME: optional.transform((value) => value?.replace(/^@/, "")),
    AUTH_TELEGRAM_WIDGET_SCRIPT_URL: optional.default("https://telegram.org/js/telegram-widget.js?22"),
    AUTH_TELEGRAM_WEBAPP_SCRIPT_URL: optional.default("https://telegram.org/js/telegram-web-app.js"),
    AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY: optional
      .default("e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d")
      .pipe(z.string().regex(/^[0-9a-f]{64}$/i, { error: "must be 64 hex digits (Telegram's Ed25519 public key)" })),
    // The Telegram web clients that may frame the Mini App (/telegram/app).
    AUTH_TELEGRAM_WEBAPP_ORIGINS: origins("https://web.telegram.org"),
    // Pages that may open the Mini App with a plain link (the emulator's launcher): none in production.
    AUTH_TELEGRAM_WEBAPP_LAUNCHERS: origins("", "http://127.0.0.1:3900"),
    AUTH_TELEGRAM_BOT_API_URL: httpUrl("https://api.telegram.org").default("https://api.telegram.org"),
    AUTH_TELEGRAM_LINK_URL: httpUrl("https://t.me").default("https://t.me"),
    AUTH_TELEGRAM_BOT_LOGIN_TTL: seconds(300, "300 (5 minutes)"),
    AUTH_TELEGRAM_WEBHOOK_URL: httpUrl("https://vkhod.example.com/api/telegram/webhook"),
    AUTH_TELEGRAM_BOT_POLLING: optional.pipe(z.enum(["true", "false"], { error: "must be true or false" }).optional()).transform((value) => value === "true"),
    AUTH_TELEGRAM_MAX_AGE: seconds(300, "300 (5 minutes)"),
    AUTH_TELEGRAM_CLOCK_SKEW: seconds(30, "30"),

    AUTH_DEMO_PROVIDERS: optional.transform((value) =>
      (value ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
    AUTH_PROVIDER_TIMEOUT_MS: optional
      .transform((value) => (value === undefined ? 10_000 : Number(value)))
      .pipe(z.number().int({ error: "must be a whole number of milliseconds, such as 10000" }).positive()),
    AUTH_SESSION_MAX_AGE: optional
      .transform((value) => (value === undefined ? 30 * 24 * 60 * 60 : Number(value)))
      .pipe(z.number().int({ error: "must be a whole number of seconds, such as 2592000 (30 days)" }).positive()),
    AUTH_TRUSTED_PROXY_HOPS: optional
      .transform((value) => (value === undefined ? 1 : Number(value)))
      .pipe(z.number().int({ error: "must be a whole number of proxies, such as 1" }).min(1, { error: "must be at least 1" })),
    AUTH_REAUTH_MAX_AGE: seconds(600, "600 (10 minutes)"),
    AUTH_PENDING_LINK_TTL: seconds(600, "600 (10 minutes)"),
    AUTH_LINK_INTENT_TTL: seconds(600, "600 (10 minutes)"),
    AUTH_SECURITY_LOG_RETENTION_DAYS: optional
      .transform((value) => (value === undefined ? 180 : Number(value)))
      .pipe(z.number().int({ error: "must be a whole number of days, such as 180" }).positive()),
    // Ended (signed out, revoked, expired) session records, with their IP and browser,
    // are kept this long after they end, then deleted (lib/retention.ts).
    AUTH_SESSION_RETENTION_DAYS: optional
      .transform((value) => (value === undefined ? 30 : Number(value)))
      .pipe(z.number().int({ error: "must be a whole number of days, such as 30" }).positive()),
    // How often one instance deletes what is past its retention, in seconds.
    AUTH_RETENTION_INTERVAL: seconds(3600, "3600 (an hour)").refine((value) => value >= 60, { error: "must be at least 60 seconds, such as 3600 (an hour)" }),

    // Abuse limits (lib/security/rate-limit.ts) and one-time values (lib/auth/telegram/
    // replay.ts) go to Redis when it is set, else the database.
    REDIS_URL: optional.pipe(
      z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379" }).optional(),
    ),
    AUTH_LIMITS: optional.pipe(z.enum(["on", "off"], { error: "must be on or off" }).optional()).transform((value) => value !== "off"),
    AUTH_LIMIT_SIGN_IN: rateLimit("30/60"),
    AUTH_LIMIT_CALLBACK: rateLimit("30/60"),
    AUTH_LIMIT_TELEGRAM_WIDGET: rateLimit("20/60"),
    AUTH_LIMIT_TELEGRAM_APP: rateLimit("20/60"),
    AUTH_LIMIT_BOT_LOGIN_START: rateLimit("10/600"),
    AUTH_LIMIT_BOT_LOGIN_POLL: rateLimit("240/60"),
    AUTH_LIMIT_WEBHOOK: rateLimit("600/60"),
    AUTH_LIMIT_BOT_UPDATES: rateLimit("30/60"),
    AUTH_LIMIT_ACCOUNT_ACTION: rateLimit("30/60"),
    AUTH_LIMIT_ACCOUNT_FAILURES: rateLimit("10/900"),
    AUTH_LIMIT_SECOND_FACTOR: rateLimit("10/60"),
    AUTH_LIMIT_SECOND_FACTOR_FAILURES: rateLimit("20/3600"),
    AUTH_LIMIT_RECOVERY: rateLimit("5/900"),
    AUTH_LIMIT_LOCK_SECONDS: optional
      .transform((value) => (value === undefined ? 900 : Number(value)))
      .pipe(
        z
          .number()
          .int({ error: "must be a whole number of seconds, such as 900 (15 minutes)" })
          .min(1, { error: "must be at least 1 second" })
          .max(86_400, { error: "must be at most 86400 seconds (a day)" }),
      ),
  })
  .superRefine((value, ctx) => {
    // A provider's credentials come all together or not at all.
    for (const { credentials: names } of Object.values(PROVIDERS)) {
      const set = names.filter((name) => value[name as keyof typeof value]);
      if (set.length === 0 || set.length === names.length) continue;
      for (const name of names.filter((n) => !set.includes(n))) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `is missing: this provider needs ${names.join(", ")} together (or none of them, to hide it)`,
        });
      }
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Renamed variables, still read under their old names.
  const renamed = { AUTH_TELEGRAM_BOT_LOGIN_TTL: source.AUTH_TELEGRAM_BOT_LOGIN_TTL ?? source.AUTH_TELEGRAM_LINK_TTL };
  const result = schema.safeParse({ ...source, ...renamed });
  if (result.success) {
    const emulated = source.NODE_ENV === "production" ? emulatorsNotAccepted(result.data) : [];
    if (!emulated.length) return result.data;
    throw new EnvError(`Vkhod's environment is not valid for production:\n${emulated.map((line) => `  - ${line}`).join("\n")}\n`);
  }
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")} ${issue.message}`);
  throw new EnvError(
    `Vkhod's environment is not valid:\n${lines.join("\n")}\n` +
      "Set these in .env.local (see .env.example for every variable).",
  );
}

/** Hosts no provider of ours lives on: local names, private zones and wildcard DNS that points anywhere. */
const LOCAL_SUFFIX = /(^|\.)(localhost|local|internal|test|lan|home|corp|nip\.io|sslip\.io|xip\.io|localtest\.me|lvh\.me)$/i;

/** A provider's real endpoint is https on a public domain name: never an IP address, a single-label name or a local zone. */
function notAPublicName(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host.startsWith("[") || /^[\d.]+$/.test(host) || /^0x/i.test(host)) return true; // IPv6 or IPv4, in any spelling
  if (host.endsWith(".") || !host.includes(".")) return true;
  return LOCAL_SUFFIX.test(host);
}

/**
 * In production, a provider's endpoints (manifest.json) must be the provider's own: an
 * http:// or local address there, a Mini App key other than Telegram's, or a Mini App
 * launcher, is an emulator, accepted only for a provider AUTH_DEMO_PROVIDERS lists (a
 * demo deployment says so on purpose). Otherwise anyone with that "provider" signs in.
 */
export function emulatorsNotAccepted(env: Env): string[] {
  const defaults = schema.parse({ AUTH_SECRET: "x".repeat(32) }) as Record<string, unknown>;
  const values = env as unknown as Record<string, unknown>;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [id, facts] of Object.entries(PROVIDERS)) {
    for (const name of facts.endpoints) {
      const value = values[name];
      const unset = value === undefined || value === "" || (Array.isArray(value) && !value.length);
      if (seen.has(name) || unset || JSON.stringify(value) === JSON.stringify(defaults[name])) continue;
      const accepted = Object.entries(PROVIDERS).some(([other, f]) => f.endpoints.includes(name) && env.AUTH_DEMO_PROVIDERS.includes(other));
      if (accepted || !isEmulated(name, String(value))) continue;
      seen.add(name);
      problems.push(
        `${name} is ${Array.isArray(value) ? value.join(",") : String(value)}, which is not ${id}'s own service but an emulator or a local address. ` +
          `Remove it to use the real one, or, for a demo site only, add ${id} to AUTH_DEMO_PROVIDERS.`,
      );
    }
  }
  return problems;
}

function isEmulated(name: string, value: string): boolean {
  // Not Telegram's key, or any page allowed to open the Mini App by a plain link.
  if (name === "AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY" || name === "AUTH_TELEGRAM_WEBAPP_LAUNCHERS") return true;
  try {
    const url = new URL(value);
    return url.protocol !== "https:" || notAPublicName(url.hostname);
  } catch {
    return true;
  }
}
