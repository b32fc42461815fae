// `npm run import` against a DATA_DIR (PGlite) and, with TEST_DATABASE_URL, a PostgreSQL database: exit
// codes, the --json last line, --dry-run (its main run in this process, as tests/helpers/cli.ts does), and
// a real process (`node --import tsx scripts/import.ts`, not on a terminal) killed in the middle of an import.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "~/models/seed.server";
import { writeUprInfoFile } from "../../bench/lib/uprinfo-file";
import { snapshotDb, type DbSnapshot } from "../helpers/db-snapshot";
import { createTestDatabase, enginesUnderTest } from "../helpers/test-db";
import { runScript } from "../helpers/cli";
import { main } from "../../scripts/import";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAMPLE = path.resolve(ROOT, "../shared/samples/uprinfo-export-kenya-session8.csv");
const EXCERPT = path.join(ROOT, "tests/fixtures/import/uprinfo-kenya-session8-excerpt.csv");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the import CLI's main in this process, with only the given environment variables. */
async function runImport(args: string[], env: Record<string, string>): Promise<Run> {
  const run = await runScript(main, args, { NODE_ENV: "test", ...env });
  return { code: run.code, signal: null, stdout: run.stdout.toString("utf8"), stderr: run.errors.join("\n") };
}

/** Runs the import CLI as a process; `killWhen` kills it (SIGKILL) as soon as its stderr matches. */
function runImportProcess(args: string[], env: Record<string, string>, killWhen?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (killWhen && killWhen.test(stderr)) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const lastJson = (out: string) => JSON.parse(out.trim().split("\n").at(-1)!);

let tmp: string;
let bigFile: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upr-import-cli-"));
  bigFile = path.join(tmp, "big.csv");
  await writeUprInfoFile(bigFile, { rows: 40_000 });
  fs.writeFileSync(path.join(tmp, "bad.csv"), fs.readFileSync(EXCERPT, "utf8").replace(",Noted,", ",Maybe,"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("import CLI: usage errors exit 2 before touching the database", () => {
  it("no file, an unknown option, a bad value, a missing file", async () => {
    const env = { DATA_DIR: path.join(tmp, "never-created") };
    const runs = await Promise.all([
      runImport([], env),
      runImport([EXCERPT, "--bogus"], env),
      runImport([EXCERPT, "--format", "excel"], env),
      runImport(["/no/such/file.csv"], env),
      runImport([EXCERPT, EXCERPT], env),
    ]);
    const messages = [
      /give the FILE to import/,
      /Unknown option '--bogus'/,
      /--format: use auto, native, upr-info, uhri, ohchr-matrix, wg-report/,
      /cannot read \/no\/such\/file\.csv: ENOENT/,
      /one FILE at a time/,
    ];
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(messages[i]);
      expect(r.stderr).toMatch(/^usage: npm run import -- FILE/m);
    });
    expect(fs.existsSync(env.DATA_DIR)).toBe(false);
  });
});

for (const engine of enginesUnderTest()) {
  describe(`import CLI [${engine}]`, () => {
    let env: Record<string, string>;
    let handle: Db | null = null;
    let drop = async () => {};

    /** The database's snapshot (PGlite: opened and closed again, since the CLI needs the data directory). */
    async function snapshot(): Promise<DbSnapshot> {
      if (handle) return snapshotDb(handle.db);
      const h = await createDb({ dataDir: env.DATA_DIR });
      try {
        return await snapshotDb(h.db);
      } finally {
        await h.close();
      }
    }

    beforeAll(async () => {
      if (engine === "postgres") {
        const created = await createTestDatabase("postgres");
        handle = created.handle;
        drop = created.drop;
        env = { DATABASE_URL: created.url! };
        await migrateToLatest(handle.db);
        await seed(handle.db);
      } else {
        env = { DATA_DIR: path.join(tmp, "data") };
        const h = await createDb({ dataDir: env.DATA_DIR });
        await migrateToLatest(h.db);
        await seed(h.db);
        await h.close();
      }
    });
    afterAll(async () => {
      await handle?.close();
      await drop();
    });

    it("--dry-run and a rejected file write nothing (exit 0 and 1); --json ends the output with the summary", async () => {
      const before = await snapshot();
      const dry = await runImport([EXCERPT, "--dry-run"], env);
      expect(dry.code, dry.stderr).toBe(0);
      // The seeded report holds the same review: the excerpt's rows would merge into it.
      expect(dry.stdout).toMatch(/Recommendations inserted \(would be\): +0\n/);
      expect(dry.stdout).toMatch(/Rows merged into held \(would be\): +1[23] /);
      expect(dry.stdout).toMatch(/^Dry run: nothing was written/m);

      const bad = await runImport([path.join(tmp, "bad.csv"), "--json"], env);
      expect(bad.code, bad.stderr).toBe(1);
      const json = lastJson(bad.stdout);
      expect(Object.keys(json).slice(0, 12)).toEqual([
        "committed",
        "notCommitted",
        "importId",
        "format",
        "container",
        "encoding",
        "sheet",
        "rows",
        "inserted",
        "matched",
        "updated",
        "unchanged",
      ]);
      // Nothing was committed, so nothing is reported as inserted or matched: `planned` says what would have been, `notCommitted` why not.
      expect(json).toMatchObject({
        format: "upr-info",
        encoding: "utf-8",
        rows: 13,
        inserted: 0,
        matched: 0,
        updated: 0,
        unchanged: 0,
        pledges: 0,
        skipped: 0,
        rejected: 1,
        warnings: [],
        committed: false,
      });
      expect(json.planned.merged + json.uncertainCount).toBe(12);
      expect(json.notCommitted).toMatch(/^Nothing was written: 1 problem must be fixed first/);
      expect(json.errors).toEqual([
        { row: 4, column: "Response", message: expect.stringMatching(/^Response "Maybe" is not known/) },
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it("an export saved by LibreOffice (101.10 became 101.1) is pointed to the import page's round trip", async () => {
      const before = await snapshot();
      const saved = path.join(ROOT, "tests/fixtures/roundtrip/libreoffice-kenya-cycle1-excerpt.csv");
      const run = await runImport([saved, "--dry-run"], env);
      expect(run.code).toBe(1);
      // 101.1 three times (ids 1, 10, 100), 101.2, 101.11 and 102.1 twice: 5 rows rejected, by paragraph.
      expect(run.stdout).toMatch(/Rows rejected: +5\n/);
      expect(run.stderr).toMatch(/Paragraph 101\.1 of Kenya's cycle 1 review appears twice \(rows 2 and 4\)/);
      expect(run.stdout).toMatch(/bring it back on the import page \(\/import, signed in as an editor\)/);
      expect(await snapshot()).toEqual(before);
    });

    it.skipIf(!fs.existsSync(SAMPLE))(
      "imports the sample (166 for Kenya, session 8), then again inserts 0",
      async () => {
        const first = await runImport([SAMPLE], env);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toMatch(
          /UPR Info database export \(CSV or Excel\), csv, utf-8, comma-separated, CR line endings/,
        );
        // Into the seeded report of the same review: merged, not added beside it; one uncertain row left out and listed.
        expect(first.stdout).toMatch(/Recommendations inserted: +0\n/);
        expect(first.stdout).toMatch(/Rows merged into held: +165 /);
        expect(first.stdout).toMatch(/Uncertain matches, left out: +1\n/);
        expect(first.stdout).toMatch(/Rows rejected: +0\n/);
        expect(first.stdout).toMatch(/^Imported \(/m);
        const again = await runImport([SAMPLE, "--json"], env);
        expect(again.code, again.stderr).toBe(0);
        expect(lastJson(again.stdout)).toMatchObject({
          rows: 166,
          inserted: 0,
          matched: 0,
          updated: 0,
          unchanged: 165,
          uncertainCount: 1,
          rejected: 0,
          committed: true,
          importId: null,
        });
      },
    );

    it("killed in the middle of an import (SIGKILL after its first progress report), it leaves the database as it was", async () => {
      const before = await snapshot();
      const run = await runImportProcess([bigFile, "--progress"], env, /^import: \d+% \([\d,]+ rows read\)$/m);
      expect(run.signal, `${run.stdout}\n${run.stderr}`).toBe("SIGKILL");
      expect(run.stdout).not.toMatch(/^Imported/m);
      expect(await snapshot()).toEqual(before);
    });
  });
}
