// `npm run db:backup` and `npm run db:restore` as a user runs them: exit codes, one clear line on
// refusal, and the walk of the "Done when": an embedded database with assessments is backed
// up, restored into PostgreSQL, backed up there and restored into a new embedded folder, row for row.
// The scripts' mains run in this process (tests/helpers/cli.ts); the real entry points are run once
// in tests/integration/cli-entry-points.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAssessment } from "~/models/assessments.server";
import { createUser } from "~/models/users.server";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "~/models/seed.server";
import { main as backupMain } from "../../scripts/db-backup";
import { main as restoreMain } from "../../scripts/db-restore";
import { runScript } from "../helpers/cli";
import { snapshotTables } from "../helpers/first-schema-fixture";
import { createTestDatabase } from "../helpers/test-db";

const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "upr-backup-cli-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const mains = { "db-backup": backupMain, "db-restore": restoreMain };

/** `npm run db:backup` or `db:restore` with only the given database settings, in this process. */
async function cli(script: keyof typeof mains, argv: string[], env: Record<string, string>) {
  const run = await runScript(mains[script], argv, env);
  return { ...run, stdout: run.stdout.toString("utf8") };
}

function expectOneLine(errors: string[], pattern: RegExp) {
  expect(errors, errors.join("\n")).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
}

const embedded = (dir: string) => ({ DATA_DIR: path.join(work, dir) });

describe("db:backup and db:restore on the command line", () => {
  let source: Record<string, string[]>;
  let backup: string;

  beforeAll(async () => {
    // An embedded database as a coalition has it: the seed data, users and assessments.
    const handle = await createDb({ dataDir: embedded("laptop").DATA_DIR });
    try {
      await migrateToLatest(handle.db);
      await seed(handle.db);
      const admin = await createUser(
        handle.db,
        {
          email: "admin@stopthetraffik.example",
          password: "admin password 1",
          role: "admin",
          organisation: { name: "Stop the Traffik Kenya" },
        },
        { userId: null },
      );
      if (!admin.ok) throw new Error("admin not created");
      const recs = await handle.db.selectFrom("recommendation").select("id").orderBy("id").limit(5).execute();
      for (const [i, rec] of recs.entries()) {
        const r = await recordAssessment(handle.db, { id: admin.user.id, role: "admin" }, rec.id, {
          status: i % 2 ? "in_progress" : "partially_implemented",
          asOf: `202${i}-03-01`,
          evidence: `Test evidence ${i} for the command-line test.`,
          sourceUrls: [],
          organisationId: admin.user.organisationId,
        });
        expect(r.ok).toBe(true);
      }
      source = await snapshotTables(handle.db);
    } finally {
      await handle.close();
    }
  });

  it("refuses bad arguments (exit 2) and bad files (exit 1, one line) before opening any database", async () => {
    const truncated = path.join(work, "truncated.jsonl.gz");
    fs.writeFileSync(truncated, zlib.gzipSync(`{"format":"upr-monitor-backup","formatVersion":1}\n`).subarray(0, 20));
    const csv = path.join(root, "seed-data/kenya-cycle1-recommendations.csv");
    const untouched = embedded("untouched");
    const [noFile, badOption, truncatedRun, csvRun] = await Promise.all([
      cli("db-restore", [], untouched),
      cli("db-backup", ["--bogus"], untouched),
      cli("db-restore", [truncated], untouched),
      cli("db-restore", [csv], untouched),
    ]);
    expect(noFile.code).toBe(2);
    expect(noFile.errors[0]).toBe("db:restore: which backup file? give its path");
    expect(badOption.code).toBe(2);
    expect(truncatedRun.code).toBe(1);
    expectOneLine(
      truncatedRun.errors,
      /^db:restore: truncated\.jsonl\.gz is truncated \(incomplete\): its compressed data cannot be read .*; nothing was changed$/,
    );
    expect(csvRun.code).toBe(1);
    expectOneLine(
      csvRun.errors,
      /^db:restore: kenya-cycle1-recommendations\.csv is not a UPR Monitor backup \(it does not start with a backup header\); nothing was changed$/,
    );
    // Not even an empty data folder was made.
    expect(fs.existsSync(untouched.DATA_DIR)).toBe(false);
  });

  it("backs up an embedded database into DATA_DIR/backups, named after the time and schema", async () => {
    const r = await cli("db-backup", [], embedded("laptop"));
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const m = /^backup written: (\S+) \(schema (\S+); ([\d,]+) rows in (\d+) tables; pglite: /.exec(r.stdout);
    expect(m, r.stdout).toBeTruthy();
    backup = m![1]!;
    expect(path.dirname(backup)).toBe(path.join(embedded("laptop").DATA_DIR, "backups"));
    expect(path.basename(backup)).toMatch(new RegExp(`^upr-monitor-\\d{8}T\\d{6}Z-${m![2]}\\.jsonl\\.gz$`));
    expect(Number(m![3]!.replace(/,/g, ""))).toBe(Object.values(source).reduce((a, rows) => a + rows.length, 0));

    const again = await cli("db-backup", ["--out", backup], embedded("laptop"));
    expect(again.code).toBe(1);
    expectOneLine(again.errors, /already exists; choose another file name/);
  });

  // Three restores, each opening the embedded database (a safety backup too with --replace): 6 s on an
  // idle machine, 80-90 s beside another test run.
  const RESTORES = { timeout: 240_000 };

  it(
    "restores into a new embedded folder; refuses it once it holds data; --replace keeps what it replaced",
    RESTORES,
    async () => {
      const target = embedded("restored");
      const first = await cli("db-restore", [backup], target);
      expect(first.errors).toEqual([]);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/\n {2}assessment: 5 rows\n/);
      expect(first.stdout).toMatch(/^restored [\d,]+ rows in \d+ tables into pglite: /m);

      const refused = await cli("db-restore", [backup], target);
      expect(refused.code).toBe(1);
      expectOneLine(
        refused.errors,
        /^db:restore: the database already holds data \(.*\); nothing was restored\. To replace it, restore with --replace/,
      );

      const replaced = await cli("db-restore", [backup, "--replace"], target);
      expect(replaced.code).toBe(0);
      const kept = /the [\d,]+ rows it replaced are kept in (\S+)$/m.exec(replaced.stdout);
      expect(kept, replaced.stdout).toBeTruthy();
      expect(path.dirname(kept![1]!)).toBe(path.join(target.DATA_DIR, "backups"));
      expect(fs.existsSync(kept![1]!)).toBe(true);
      // Row for row: see "moving to PostgreSQL and back" below and tests/integration/backup.test.ts.
      expect(replaced.stdout).toContain(
        first.stdout
          .split("\n")
          .find((l) => l.startsWith("restored "))!
          .replace(/ \(schema .*$/, ""),
      );
    },
  );

  describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("moving to PostgreSQL and back", () => {
    let server: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      server = await createTestDatabase("postgres");
      await server.handle.close(); // the scripts open it themselves
    });
    afterAll(() => server?.drop());

    it("embedded -> PostgreSQL -> a new embedded folder, row for row", RESTORES, async () => {
      const pg = { DATABASE_URL: server.url! };
      const restored = await cli("db-restore", [backup], pg);
      expect(restored.errors).toEqual([]);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(/into postgres: /);
      const check = await createDb({ databaseUrl: server.url! });
      try {
        expect(await snapshotTables(check.db)).toEqual(source);
      } finally {
        await check.close();
      }

      const out = path.join(work, "from-postgres.jsonl.gz");
      const backedUp = await cli("db-backup", ["--out", out], pg);
      expect(backedUp.code).toBe(0);
      expect(backedUp.stdout).toMatch(/; postgres: /);

      const back = await cli("db-restore", [out], embedded("new-laptop"));
      expect(back.code).toBe(0);
      const handle = await createDb({ dataDir: embedded("new-laptop").DATA_DIR });
      try {
        expect(await snapshotTables(handle.db)).toEqual(source);
      } finally {
        await handle.close();
      }
    });
  });
});
