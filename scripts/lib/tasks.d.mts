// Types for tasks.mjs, for the TypeScript scripts that use it (reliability.ts).
export const root: string;
export function bin(name: string): string;
export function step(title: string): void;
export function run(command: string, args: string[], options?: import("node:child_process").SpawnSyncOptions): void;
export function ensureDependencies(): void;
export function migrate(env?: NodeJS.ProcessEnv): void;
export function freePort(preferred?: number): Promise<number>;
export function startEmulators(options: { port: number; appUrl: string | string[]; providers?: string[]; env?: NodeJS.ProcessEnv }): Promise<{ url: string; env: Record<string, string>; child: import("node:child_process").ChildProcess }>;
export function stayOffline(): void;
