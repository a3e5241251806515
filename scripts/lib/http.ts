// What the bench and the reliability run share as clients of a running server: a
// cookie jar for signing in over plain HTTP without a browser, and the resident memory
// of the server's process tree.
import { readFileSync, readdirSync } from "node:fs";

/** HTTP as a browser does it, without one: cookies kept, redirects not followed. */
export class Jar {
  cookies = new Map<string, string>();
  /**
   * With `retry`, a request whose kept-alive connection the server had just closed as
   * idle is sent once more on a new one (the bench, which pauses between loads). The
   * reliability run leaves it off: there a closed connection counts as a failure.
   */
  constructor(readonly options: { retry?: boolean } = {}) {}
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
    const response = await ask().catch((error: { cause?: { code?: string } }) => {
      if (!this.options.retry || error.cause?.code !== "UND_ERR_SOCKET") throw error;
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
    return residentMb(this.#tree);
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

/** The resident memory in MB of `pid` and everything it started, now. */
export const rssMb = (pid: number) => residentMb(processTree(pid));

function residentMb(pids: number[]): number {
  let kb = 0;
  for (const id of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return Math.round(kb / 1024);
}
