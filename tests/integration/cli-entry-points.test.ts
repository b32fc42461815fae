// The real entry points of the scripts whose behaviour is tested in-process (backup-cli, export-cli):
// started as `npm run` starts them (package.json's command: a tsx process, or node with the compiled
// export, scripts/compiled.mjs), they read process.argv and process.env, write to
// the process's stdout and stderr, and exit with the code their main returned. A process start costs
// seconds on a busy machine, so these are few and their time limits are sized to it.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "~/models/seed.server";
import { exportCsv } from "~/models/export.server";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "upr-cli-entry-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A process start, a tsx transform and an embedded database open, on a loaded two-core machine. */
const PROCESS_TIMEOUT = 150_000;

const scripts = (
  JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** Node's arguments for package.json's command of an npm script (`tsx FILE` or `node FILE ...`). */
function commandOf(npmScript: string): string[] {
  const [runner, ...words] = scripts[npmScript]!.trim().split(/\s+/);
  if (runner !== "tsx" && runner !== "node") throw new Error(`npm run ${npmScript}: not a tsx or node command`);
  const args = words.map((w) => (/\.(ts|mjs)$/.test(w) ? path.join(root, w) : w));
  return runner === "tsx" ? [tsx, ...args] : args;
}

function run(
  npmScript: string,
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: Buffer; errors: string[] }> {
  const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", ...env } as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...commandOf(npmScript), ...argv],
      { cwd: work, env: childEnv, encoding: "buffer", timeout: PROCESS_TIMEOUT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const errors = stderr
          .toString("utf8")
          .split("\n")
          .filter((l) => l.trim() && !/ExperimentalWarning|--trace-warnings/.test(l));
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, errors });
      },
    );
  });
}

describe("script entry points, as npm run starts them", () => {
  it(
    "export writes the CSV to the process's stdout and its summary to stderr, exit 0",
    { timeout: PROCESS_TIMEOUT + 60_000 },
    async () => {
      const env = { DATA_DIR: path.join(work, "data") };
      const handle = await createDb({ dataDir: env.DATA_DIR });
      let expected = "";
      try {
        await migrateToLatest(handle.db);
        await seed(handle.db);
        for await (const piece of exportCsv(handle.db, { kind: "recommendation", state: "KEN", cycle: 1 }))
          expected += piece;
      } finally {
        await handle.close();
      }
      const r = await run("export", ["--state", "KEN", "--cycle", "1"], env);
      expect(r.errors).toEqual([expect.stringMatching(/^export: 150 rows written in [\d.]+ s\.$/)]);
      expect(r.code).toBe(0);
      expect(r.stdout.toString("utf8")).toBe(expected);
    },
  );

  it(
    "db:restore without a file: exit 2, the reason and the usage on stderr, no database opened",
    { timeout: PROCESS_TIMEOUT + 10_000 },
    async () => {
      const env = { DATA_DIR: path.join(work, "untouched") };
      const r = await run("db:restore", [], env);
      expect(r.code).toBe(2);
      expect(r.errors[0]).toBe("db:restore: which backup file? give its path");
      expect(r.errors[1]).toMatch(/^usage: npm run db:restore/);
      expect(fs.existsSync(env.DATA_DIR)).toBe(false);
    },
  );

  it("a bad setting: one line, exit 1, no stack trace", { timeout: PROCESS_TIMEOUT + 10_000 }, async () => {
    const r = await run("db:backup", [], { DATABASE_URL: "postgres//nohost", DATA_DIR: path.join(work, "unused") });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^upr-monitor: /);
  });
});
