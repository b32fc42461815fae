// Bad configuration gets one clear line and a non-zero exit, never a stack trace; a second process
// on the same data directory is refused; restarting keeps the data.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, StartupError } from "../../db/client";
import { main as migrateMain } from "../../scripts/db-migrate";
import { main as seedMain } from "../../scripts/db-seed";
import { runScript as runInProcess } from "../helpers/cli";

const root = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upr-startup-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A process start and a tsx transform on a loaded two-core machine: seconds, sometimes tens of them. */
const PROCESS_TIMEOUT = 120_000;
const PROCESS_TEST = { timeout: PROCESS_TIMEOUT + 30_000 };

/** Runs a script as its own process: what a user sees when the process itself fails to start. */
function runScript(script: string, env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!("DATABASE_URL" in env)) delete childEnv.DATABASE_URL;
  const result = spawnSync(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: childEnv,
    encoding: "utf8",
    timeout: PROCESS_TIMEOUT,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneClearLine(stderr: string, pattern: RegExp) {
  const lines = stderr
    .trim()
    .split("\n")
    .filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("start-up problems", () => {
  it("a malformed DATABASE_URL", PROCESS_TEST, () => {
    const r = runScript("scripts/db-migrate.ts", { DATABASE_URL: "postgres//nohost" });
    expect(r.code).toBe(1);
    expectOneClearLine(r.stderr, /^upr-monitor: DATABASE_URL /);
  });

  it("an unreachable PostgreSQL server", PROCESS_TEST, () => {
    const r = runScript("scripts/db-migrate.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/upr" });
    expect(r.code).toBe(1);
    expectOneClearLine(r.stderr, /^upr-monitor: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/upr: ECONNREFUSED/);
  });

  it("an unwritable DATA_DIR", PROCESS_TEST, () => {
    const file = path.join(tmp, "a-file");
    fs.writeFileSync(file, "not a folder");
    const r = runScript("scripts/db-migrate.ts", { DATA_DIR: path.join(file, "data") });
    expect(r.code).toBe(1);
    expectOneClearLine(r.stderr, /^upr-monitor: DATA_DIR .* cannot be used: ENOTDIR/);
  });

  it("a DATA_DIR held by another process", PROCESS_TEST, async () => {
    const dir = path.join(tmp, "held");
    const holder = await createDb({ dataDir: dir });
    try {
      const r = runScript("scripts/db-migrate.ts", { DATA_DIR: dir });
      expect(r.code).toBe(1);
      expectOneClearLine(
        r.stderr,
        new RegExp(`^upr-monitor: DATA_DIR .* is in use by another process \\(pid ${process.pid}\\)`),
      );
      await expect(createDb({ dataDir: dir })).rejects.toThrow(StartupError);
    } finally {
      await holder.close();
    }
    const again = await createDb({ dataDir: dir });
    await again.close();
  });

  // Four opens of an embedded database (about 5 s each when the machine is busy).
  it("seeding twice and migrating again keep the data as it was", { timeout: 120_000 }, async () => {
    const dir = path.join(tmp, "restart");
    expect((await runInProcess(seedMain, [], { DATA_DIR: dir })).code).toBe(0);
    // A user's edit that re-seeding must not undo.
    let handle = await createDb({ dataDir: dir });
    await handle.db.updateTable("review").set({ notes: "Edited by a user" }).where("cycle", "=", 2).execute();
    await handle.close();

    const second = await runInProcess(seedMain, [], { DATA_DIR: dir });
    expect(second.code).toBe(0);
    expect(second.stdout.toString("utf8")).toContain("0 reviews, 0 recommendations, 0 coalition issues added");
    expect((await runInProcess(migrateMain, [], { DATA_DIR: dir })).code).toBe(0);

    handle = await createDb({ dataDir: dir });
    const count = await handle.db
      .selectFrom("recommendation")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const review = await handle.db
      .selectFrom("review")
      .select("notes")
      .where("cycle", "=", 2)
      .executeTakeFirstOrThrow();
    await handle.close();
    expect(count.n).toBe(150);
    expect(review.notes).toBe("Edited by a user");
  });
});
