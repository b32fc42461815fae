// Once before the integration and browser tests: build the app when its build is missing or stale,
// here in vitest's main process rather than in a test worker (a worker blocked in a minute-long build
// misses vitest's own messages: "Timeout calling onTaskUpdate"). Tests that start the server or read
// the build then find it current.
import path from "node:path";
import { buildIsStale } from "../bench/lib/assets";
import { runProcess } from "./helpers/run-process";

export default async function buildOnce(): Promise<void> {
  const root = path.resolve(import.meta.dirname, "..");
  if (!buildIsStale(root)) return;
  const r = await runProcess(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (r.status !== 0) throw new Error(`the build failed:\n${r.stderr}\n${r.stdout}`);
}
