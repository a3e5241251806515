// How the bench loads a server and watches it: autocannon over keep-alive connections
// (req/s and latency percentiles), a cookie jar for clients that sign in over plain
// HTTP, and the resident memory of a server's process tree, sampled while it works.
import { readFileSync, readdirSync } from "node:fs";
import autocannon from "autocannon";

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

/** HTTP as a browser does it, without one: cookies kept, redirects not followed. */
export class Jar {
  cookies = new Map<string, string>();
  absorb(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split("=")[1]!).getTime() < Date.now()));
      if (gone || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  hasSession() {
    return [...this.cookies.keys()].some((name) => /authjs\.session-token/.test(name));
  }
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const ask = () => fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: this.header() } });
    // A kept-alive connection the server closed as idle just as it was reused: once more, on a new one.
    const response = await ask().catch((error: { cause?: { code?: string } }) => {
      if (error.cause?.code !== "UND_ERR_SOCKET") throw error;
      return ask();
    });
    this.absorb(response);
    return response;
  }
}

/**
 * The resident memory of a process and its children, sampled every 200 ms (the tree
 * looked up again every 2 s, so that watching costs the machine next to nothing): the
 * peak since the last reset and over the whole run.
 */
export class Memory {
  #peak = 0;
  #overall = 0;
  #tree: number[];
  #timer: NodeJS.Timeout;
  constructor(readonly pid: number) {
    this.#tree = processTree(pid);
    let ticks = 0;
    this.#timer = setInterval(() => {
      if (++ticks % 10 === 0) this.#tree = processTree(pid);
      const now = this.#now();
      this.#peak = Math.max(this.#peak, now);
      this.#overall = Math.max(this.#overall, now);
    }, 200);
    this.#timer.unref();
  }
  #now() {
    let kb = 0;
    for (const id of this.#tree) {
      try {
        kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0);
      } catch {
        // gone meanwhile
      }
    }
    return Math.round(kb / 1024);
  }
  resetPeak() {
    this.#peak = this.#now();
  }
  peakMb() {
    return Math.max(this.#peak, this.#now());
  }
  overallMb() {
    return Math.max(this.#overall, this.#now());
  }
  stop() {
    clearInterval(this.#timer);
  }
}

/** `pid` and everything it started. */
function processTree(pid: number): number[] {
  const tree = [pid];
  const entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  for (let i = 0; i < tree.length; i++) {
    for (const entry of entries) {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === tree[i]) tree.push(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
  }
  return tree;
}
