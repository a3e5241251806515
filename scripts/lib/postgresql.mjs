// A throwaway PostgreSQL cluster for `npm test` and `npm run bench`: made with the
// installed server binaries (Debian's postgresql package, installed with apt when
// missing and this is root), on a free loopback port, in a temporary folder, and
// removed when this process exits. Tuned for tests, not for keeping data: no fsync.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, run, step } from "./tasks.mjs";

const MINIMUM_VERSION = 15;

function serverBinaries() {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .map(Number)
        .filter((version) => version >= MINIMUM_VERSION && existsSync(join(base, String(version), "bin", "initdb")))
        .sort((a, b) => b - a)
    : [];
  return versions.length ? join(base, String(versions[0]), "bin") : undefined;
}

const isRoot = () => process.getuid?.() === 0;

function ensureServer() {
  const found = serverBinaries();
  if (found) return found;
  const hasApt = !spawnSync("apt-get", ["--version"], { stdio: "ignore" }).error;
  if (!isRoot() || !hasApt) {
    throw new Error(
      `PostgreSQL ${MINIMUM_VERSION}+ server binaries were not found in /usr/lib/postgresql/<version>/bin.\n` +
        "Install Debian's: sudo apt-get update && sudo apt-get install -y postgresql",
    );
  }
  step("Installing Debian's PostgreSQL server (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], { env });
  const installed = serverBinaries();
  if (!installed) throw new Error("apt-get installed postgresql, but no server binaries are in /usr/lib/postgresql");
  return installed;
}

/**
 * Starts a cluster and resolves with `{ url(database), createDatabase(name), pause(),
 * resume(), stop() }`: pause stops the server as a restart or an outage would (its
 * connections are closed), resume starts it again on the same port and data.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
 * user the Debian package made.
 */
export async function startPostgresql() {
  const bin = ensureServer();
  const dir = mkdtempSync(join(tmpdir(), "vkhod-postgresql-"));
  const data = join(dir, "data");
  const asServer = (command, args, options = {}) => {
    const [file, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: "utf8", ...options });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout || result.error}`);
    return result.stdout;
  };
  // initdb makes the data folder; as root the folder around it must be postgres's.
  if (isRoot()) run("chown", ["postgres:postgres", dir]);
  const port = await freePort();
  const user = "vkhod";
  asServer("initdb", ["-D", data, "-A", "trust", "-U", user, "-E", "UTF8", "--locale=C.UTF-8"]);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  const start = () => asServer("pg_ctl", ["-D", data, "-o", settings, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  start();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(isRoot() ? "runuser" : join(bin, "pg_ctl"), isRoot() ? ["-u", "postgres", "--", join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop"] : ["-D", data, "-m", "immediate", "stop"], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  const url = (database) => `postgresql://${user}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    createDatabase(name) {
      asServer("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, name]);
      return url(name);
    },
    pause() {
      asServer("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    },
    resume: start,
    stop,
  };
}
