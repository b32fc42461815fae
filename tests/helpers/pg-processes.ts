// Database processes of a test's own: a PgBouncer in transaction mode in front of the test PostgreSQL,
// and a whole PostgreSQL cluster (initdb, pg_ctl) that a test may stop and start again. Both refuse to
// run as root, so as root they run as the `postgres` user (runuser). Each lives in a temporary folder
// that is removed when it stops. A test skips, with the reason, where the binaries are absent.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";
import { runProcess } from "./run-process";

const isRoot = process.getuid?.() === 0;

function findBinary(name: string, dirs: string[]): string | null {
  for (const dir of dirs) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

const PATH_DIRS = (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/usr/bin"]);

export function pgbouncerBinary(): string | null {
  return findBinary("pgbouncer", PATH_DIRS);
}

/** initdb and pg_ctl of the newest PostgreSQL under /usr/lib/postgresql (Debian), or on PATH. */
export function postgresBinaries(): { initdb: string; pgCtl: string } | null {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const dirs = [...versions.map((v) => path.join(base, v, "bin")), ...PATH_DIRS];
  const initdb = findBinary("initdb", dirs);
  const pgCtl = initdb ? path.join(path.dirname(initdb), "pg_ctl") : null;
  return initdb && pgCtl && fs.existsSync(pgCtl) ? { initdb, pgCtl } : null;
}

/** A folder the `postgres` user may use when the tests run as root. */
function ownedTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (isRoot) {
    fs.chmodSync(dir, 0o755);
    const { uid, gid } = postgresUser();
    fs.chownSync(dir, uid, gid);
  }
  return dir;
}

function postgresUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("running as root, and there is no postgres user to run the database processes as");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** The command as the postgres user when root, else as is. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return isRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

function writeOwned(file: string, text: string): void {
  fs.writeFileSync(file, text);
  if (isRoot) {
    const { uid, gid } = postgresUser();
    fs.chownSync(file, uid, gid);
  }
}

async function waitForPort(port: number, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (open) return;
    if (exited()) throw new Error("the process ended before it listened");
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RunningBouncer {
  /** The URL of `database` through the pooler. */
  urlOf(database: string): string;
  port: number;
  log: () => string;
  stop(): Promise<void>;
}

/**
 * PgBouncer in transaction mode in front of the PostgreSQL of `upstreamUrl` (host, port, user; trust:
 * the pooler passes no password on), with a small pool so that a client's transactions land on
 * different server connections.
 */
export async function startPgBouncer(
  upstreamUrl: string,
  options: { poolSize?: number } = {},
): Promise<RunningBouncer> {
  const binary = pgbouncerBinary();
  if (!binary) throw new Error("pgbouncer is not installed");
  const upstream = new URL(upstreamUrl);
  const user = decodeURIComponent(upstream.username || "postgres");
  const password = decodeURIComponent(upstream.password);
  const dir = ownedTempDir("upr-pgbouncer-");
  const port = await freePort();
  const logFile = path.join(dir, "pgbouncer.log");
  writeOwned(path.join(dir, "userlist.txt"), `"${user}" "${password}"\n`);
  writeOwned(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${upstream.hostname} port=${upstream.port || 5432} user=${user}${password ? ` password=${password}` : ""}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize ?? 3}`,
      // Each transaction to the next idle server connection (not the last used): what a busy pooler
      // does anyway, so a session-level lock taken in one transaction and released in another misses.
      "server_round_robin = 1",
      "max_client_conn = 500",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${logFile}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  const [cmd, args] = asPostgres(binary, [path.join(dir, "pgbouncer.ini")]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const log = () => out + (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "");
  try {
    await waitForPort(port, 10_000, () => child.exitCode !== null);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`pgbouncer did not start: ${(error as Error).message}\n${log()}`);
  }
  return {
    port,
    log,
    urlOf: (database) => {
      const u = new URL(upstreamUrl);
      u.port = String(port);
      u.hostname = "127.0.0.1";
      u.pathname = `/${database}`;
      return u.toString();
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGINT"); // PgBouncer: SIGINT is a safe shutdown, SIGTERM too since 1.23
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust). */
  url: string;
  port: number;
  /** pg_ctl stop -m fast: the server is really down, connections cut. */
  stop(): Promise<void>;
  /** pg_ctl start again on the same port and data. */
  start(): Promise<void>;
  /** Stops it if running and removes its data. */
  destroy(): Promise<void>;
}

/** A PostgreSQL cluster of the test's own, in a temporary folder, on a free port (trust on loopback). */
export async function startPostgresCluster(): Promise<RunningCluster> {
  const bins = postgresBinaries();
  if (!bins) throw new Error("initdb and pg_ctl were not found");
  const dir = ownedTempDir("upr-pgcluster-");
  const data = path.join(dir, "data");
  const port = await freePort();
  const run = async (command: string, args: string[]) => {
    const [cmd, a] = asPostgres(command, args);
    const r = await runProcess(cmd, a, { timeout: 120_000, env: { ...process.env, LC_ALL: "C.UTF-8" } });
    if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} failed: ${r.stderr}${r.stdout}`);
  };
  await run(bins.initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const start = () =>
    run(bins.pgCtl, [
      "start",
      "-D",
      data,
      "-w",
      "-t",
      "60",
      "-l",
      path.join(dir, "server.log"),
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    ]);
  const stop = () => run(bins.pgCtl, ["stop", "-D", data, "-m", "fast", "-w"]);
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await stop();
      running = false;
    },
    start: async () => {
      await start();
      running = true;
    },
    destroy: async () => {
      if (running) await stop().catch(() => {});
      running = false;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
