// The production server as a child process, for benchmarks (bench:load, bench:hostile).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { StartupError } from "../../db/client";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Building and seeding a new database on a busy two-core machine can take minutes. */
const STARTUP_TIMEOUT_MS = 10 * 60_000;

export type Target = { databaseUrl: string; dataDir?: undefined } | { databaseUrl?: undefined; dataDir: string };

/** The production server as a child process; `stop` ends it (TERM, then KILL after 10 s). */
export function startServer(target: Target, port: number, pageCache: boolean) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: target.databaseUrl ?? "",
    ...(target.dataDir ? { DATA_DIR: target.dataDir } : {}),
    BACKUP_KEEP: "0", // no rolling backup of the embedded database during the test
    SESSION_SECRET: randomBytes(32).toString("hex"),
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    PAGE_CACHE_MB: pageCache ? (process.env.PAGE_CACHE_MB ?? "") : "0",
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    running,
    /** Synchronous last resort (process exit). */
    kill: () => {
      if (running()) child.kill("SIGKILL");
    },
    stop: async () => {
      if (!running()) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (running()) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

export async function waitUntilServing(baseUrl: string, server: ReturnType<typeof startServer>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (!server.running()) throw new StartupError(`the server exited before serving:\n${server.output().trim()}`);
    try {
      const res = await fetch(`${baseUrl}/`);
      if (res.ok) return (Date.now() - t0) / 1000;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > STARTUP_TIMEOUT_MS)
      throw new StartupError(
        `the server did not answer within ${STARTUP_TIMEOUT_MS / 60_000} minutes:\n${server.output().trim()}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}
