// What every signed-payload Telegram entry point (Login Widget, Mini App) does once it
// has a payload: verify it, check freshness, use it once, and find or create the user
// behind its Telegram id. Each entry point gives only its own verifier.
import "server-only";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordFailedTelegramSignIn, telegramAccountUser } from "./account";
import { consumeOnce } from "./replay";
import type { Freshness, Refused, Verified } from "./verify";

export type TelegramRefusal = Refused["reason"] | "replayed" | "foreign";

export class TelegramRefused extends CredentialsSignin {
  constructor(override readonly code: TelegramRefusal) {
    super(`Telegram sign-in refused: ${code}`);
  }
}

export function telegramCredentials(id: string, verify: (payload: string, freshness: Freshness) => Verified | Refused) {
  return Credentials({
    id,
    name: "Telegram",
    credentials: { payload: {} },
    async authorize(credentials) {
      const payload = typeof credentials.payload === "string" ? credentials.payload : "";
      const result = verify(payload, {
        now: Date.now(),
        maxAgeSeconds: env.AUTH_TELEGRAM_MAX_AGE,
        skewSeconds: env.AUTH_TELEGRAM_CLOCK_SKEW,
      });
      if (!result.ok) {
        if (result.telegramId) await recordFailedTelegramSignIn(id, result.telegramId, result.reason, { proof: `${id}:${result.proof}`, authDate: result.authDate });
        throw new TelegramRefused(result.reason);
      }
      const staleAt = new Date((result.authDate + env.AUTH_TELEGRAM_MAX_AGE + env.AUTH_TELEGRAM_CLOCK_SKEW) * 1000);
      if (!(await consumeOnce(db, `${id}:${result.proof}`, staleAt))) {
        await recordFailedTelegramSignIn(id, result.user.id, "replayed", { proof: `${id}:${result.proof}`, authDate: result.authDate });
        throw new TelegramRefused("replayed");
      }
      return telegramAccountUser(id, result.user);
    },
  });
}
