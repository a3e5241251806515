// The environment, validated once. Every server module reads configuration from here,
// never from process.env, so a missing or malformed variable fails the build and the
// start with a sentence that names it and says how to fix it.
import "server-only";
import { parseEnv } from "./env-schema";

export const env = parseEnv(process.env);
export type { Env } from "./env-schema";
