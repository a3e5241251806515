// The shape of Vkhod's environment (see .env.example). Kept apart from lib/env.ts so
// unit tests can check the rules without a server.
import { z } from "zod";

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

const schema = z
  .object({
    AUTH_SECRET: z
      .string({ error: "is missing: run `npm run dev` once, or set it to the output of `openssl rand -base64 33`" })
      .trim()
      .min(32, { error: "is too short: use at least 32 random characters (`openssl rand -base64 33`)" }),
    AUTH_URL: httpUrl("https://vkhod.example.com"),
    DATABASE_URL: optional,

    AUTH_GOOGLE_ID: optional,
    AUTH_GOOGLE_SECRET: optional,
    AUTH_GOOGLE_ISSUER: httpUrl("https://accounts.google.com").default("https://accounts.google.com"),

    AUTH_DEMO_PROVIDERS: optional.transform((value) =>
      (value ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
    AUTH_SESSION_MAX_AGE: optional
      .transform((value) => (value === undefined ? 30 * 24 * 60 * 60 : Number(value)))
      .pipe(z.number().int({ error: "must be a whole number of seconds, such as 2592000 (30 days)" }).positive()),
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.AUTH_GOOGLE_ID) !== Boolean(value.AUTH_GOOGLE_SECRET)) {
      const missing = value.AUTH_GOOGLE_ID ? "AUTH_GOOGLE_SECRET" : "AUTH_GOOGLE_ID";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: "is missing: Google needs both AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET (or neither, to hide Google)",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")} ${issue.message}`);
  throw new EnvError(
    `Vkhod's environment is not valid:\n${lines.join("\n")}\n` +
      "Set these in .env.local (see .env.example for every variable).",
  );
}
