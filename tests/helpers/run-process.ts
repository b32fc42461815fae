// A child process run without blocking the test's own process: a test worker blocked in spawnSync for
// over 60 s (a build, a seed or LibreOffice on a busy machine) misses vitest's own messages, and the run
// fails with "Timeout calling onTaskUpdate" although every test passed.
import { spawn } from "node:child_process";

export interface ProcessResult {
  /** The exit code; null when the process was killed (after `timeout` ms, for example). */
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = options.timeout ? setTimeout(() => child.kill("SIGKILL"), options.timeout) : null;
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on("close", (status) => {
      if (timer) clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}
