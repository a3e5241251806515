// Types for redis.mjs, which the unit and end-to-end tests import.
import type { ChildProcess } from "node:child_process";

export const redisInstalled: boolean;
export type RedisServer = { url: string; process: ChildProcess; stop(): Promise<void> };
export function startRedis(): Promise<RedisServer>;
