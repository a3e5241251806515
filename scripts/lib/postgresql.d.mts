// Types for postgresql.mjs, which the end-to-end tests import.
export type Cluster = {
  port: number;
  url(database: string): string;
  createDatabase(name: string): string;
  pause(): void;
  resume(): void;
  stop(): void;
};
export function startPostgresql(): Promise<Cluster>;
