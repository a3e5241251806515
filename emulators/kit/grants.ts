// One-time grants with a lifetime: authorization codes, pending consent requests,
// access tokens. A code is marked used, not deleted, so its reuse can be told apart
// from an unknown code (real providers refuse both, some revoke tokens on reuse).
import { randomToken } from "./secrets";

type Entry<T> = { value: T; expiresAt: number; used: boolean };

export type Redeemed<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "unknown" | "expired" | "used"; value?: T };

export class GrantStore<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(value: T, key = randomToken()): string {
    this.#sweep();
    this.#entries.set(key, { value, expiresAt: this.now() + this.ttlMs, used: false });
    return key;
  }

  /** Looks at a grant without using it up. */
  peek(key: string): T | undefined {
    const entry = this.#entries.get(key);
    return entry && !entry.used && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  /** Uses a grant up: the second call for the same key fails with "used". */
  redeem(key: string): Redeemed<T> {
    const entry = this.#entries.get(key);
    if (!entry) return { ok: false, reason: "unknown" };
    if (entry.used) return { ok: false, reason: "used", value: entry.value };
    entry.used = true;
    if (entry.expiresAt <= this.now()) return { ok: false, reason: "expired", value: entry.value };
    return { ok: true, value: entry.value };
  }

  #sweep() {
    // Keep used and expired entries a while, so a late replay is still recognised.
    const horizon = this.now() - 10 * this.ttlMs;
    for (const [key, entry] of this.#entries) if (entry.expiresAt < horizon) this.#entries.delete(key);
  }
}
