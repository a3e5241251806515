// How the bench loads a server: autocannon over keep-alive connections (req/s and
// latency percentiles), watching the server's memory (scripts/lib/http.ts) meanwhile.
import autocannon from "autocannon";
import type { Memory } from "../lib/http";

export type Throughput = { requestsPerSecond: number; p50Ms: number; p99Ms: number; non2xx: number; peakRssMb: number };

/** `connections` clients asking for `url` as fast as it answers, for `seconds` (after a second's warm-up). */
export async function throughput(url: string, { cookie, seconds, connections = 10, server }: { cookie?: string; seconds: number; connections?: number; server?: Memory }): Promise<Throughput> {
  const headers = cookie ? { cookie } : undefined;
  await autocannon({ url, connections, duration: 1, headers });
  server?.resetPeak();
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    peakRssMb: server?.peakMb() ?? 0,
  };
}

/** Latency percentiles (ms) of a set of timings. */
export function percentiles(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
  return { p50Ms: at(50), p95Ms: at(95), p99Ms: at(99) };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
