// Starts the real app (`npm start`'s script) on a free port, for browser and process tests.
import { type ChildProcess, spawn } from "node:child_process";
import { runProcess } from "./run-process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Engine } from "../../db/client";
import { freePort } from "../../scripts/lib/free-port";
import { createTestDatabase } from "./test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningApp {
  baseUrl: string;
  dataDir: string;
  /** The server's process id (to read its memory). */
  pid: number;
  output: () => string;
  /** The exit code once the process has ended (null: ended by a signal). */
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

export async function startApp(
  options: { databaseUrl?: string; dataDir?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "upr-e2e-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    env.SESSION_SECRET ??= "e2e-session-secret-0123456789abcdef0123456789";
  }
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(baseUrl + "/");
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app did not answer within the time limit:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    dataDir,
    pid: child.pid!,
    output: () => log,
    exited,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AppDatabase {
  /** The environment of the project's scripts for this database (DATA_DIR, or DATABASE_URL on postgres). */
  env: NodeJS.ProcessEnv;
  /** What startApp needs to serve this database. */
  start: { databaseUrl?: string; dataDir: string };
  drop: () => Promise<void>;
}

/** A new, empty database of the engine, for a browser test to prepare with scripts and then serve. */
export async function newAppDatabase(engine: Engine, extraEnv: Record<string, string> = {}): Promise<AppDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "upr-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...extraEnv };
  delete env.DATABASE_URL;
  if (engine === "pglite") return { env, start: { dataDir }, drop: async () => {} };
  const created = await createTestDatabase("postgres");
  await created.handle.close();
  env.DATABASE_URL = created.url!;
  return { env, start: { databaseUrl: created.url!, dataDir }, drop: created.drop };
}

/** Runs one of the project's scripts as `npm run` would (no terminal); returns its output, throws on failure. */
export async function runProjectScript(env: NodeJS.ProcessEnv, script: string, args: string[] = []): Promise<string> {
  const r = await runProcess(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env });
  if (r.status !== 0) throw new Error(`${script} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}
