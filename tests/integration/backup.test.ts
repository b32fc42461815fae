// Backup and restore through the model (app/models/backup.server.ts): round trips on each engine and
// across engines, row for row; refusals (data present, damaged or foreign files, newer versions)
// that leave the target as it was; --replace keeping what it replaces; rolling backups.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBackupFileName } from "~/lib/backup-format";
import { BackupError, readBackupHeader } from "~/lib/backup-file.server";
import { restoreBackup } from "~/models/backup-restore.server";
import {
  knownMigrations,
  schemaVersionOf,
  verifyBackup,
  writeBackupFile,
  writeBackupToDir,
} from "~/models/backup.server";
import { signIn } from "~/models/users.server";
import type { Db, Engine } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import {
  FIRST_MIGRATION,
  insertFirstSchemaFixture,
  migrateToFirst,
  rowCounts,
  sequenceState,
  snapshotTables,
  tableColumns,
} from "../helpers/first-schema-fixture";
import { startRollingBackups } from "../../server/rolling-backups";
import { createTestDatabase, describeEachEngine } from "../helpers/test-db";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upr-backup-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;
const tmpFile = (name: string) => path.join(tmp, `${++fileNo}-${name}`);

// ---- Files made from a good backup -----------------------------------------------------------

function lines(file: string): string[] {
  return zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n").slice(0, -1);
}

/** A well-formed backup file (right checksum and counts) from edited lines. */
function writeLines(file: string, body: string[], edit?: (trailer: Record<string, any>) => void): string {
  const text = body.map((l) => `${l}\n`).join("");
  const trailer = {
    end: "upr-monitor-backup",
    rows: {} as Record<string, number>,
    totalRows: 0,
    sha256: createHash("sha256").update(text).digest("hex"),
  };
  const header = JSON.parse(body[0]!);
  for (const t of header.tables)
    trailer.rows[t.name] = body.filter((l) => l.startsWith(`{"t":${JSON.stringify(t.name)},`)).length;
  trailer.totalRows = Object.values(trailer.rows).reduce((a, b) => a + b, 0);
  edit?.(trailer);
  fs.writeFileSync(file, zlib.gzipSync(`${text}${JSON.stringify(trailer)}\n`));
  return file;
}

function badFiles(good: string): { name: string; file: string; message: RegExp }[] {
  const bytes = fs.readFileSync(good);
  const all = lines(good);
  const body = all.slice(0, -1);
  const header = JSON.parse(body[0]!);
  const make = (name: string, content: Buffer | string) => {
    const file = tmpFile(name);
    fs.writeFileSync(file, content);
    return file;
  };
  const corrupted = Buffer.from(bytes);
  const middle = Math.floor(corrupted.length / 2);
  corrupted[middle] = corrupted[middle]! ^ 0xff;
  const plain = zlib.gunzipSync(bytes).toString("utf8");
  const flipped = plain.replace('"fully_implemented"', '"partially_implemented"');
  expect(flipped).not.toBe(plain);
  const future = "2099-01-01T0000-from-the-future";
  const bodyWithout = body.filter((l, i) => i !== body.findIndex((x) => x.startsWith('{"t":"assessment"')));
  return [
    {
      name: "truncated at half",
      file: make("half.jsonl.gz", bytes.subarray(0, Math.floor(bytes.length / 2))),
      message: /is truncated \(incomplete\)/,
    },
    {
      name: "truncated before the end marker",
      file: make("no-end.jsonl.gz", zlib.gzipSync(body.map((l) => `${l}\n`).join(""))),
      message: /is truncated \(incomplete\): it ends after line \d+ without its end marker/,
    },
    {
      name: "truncated in a line",
      file: make("mid-line.jsonl.gz", zlib.gzipSync(plain.slice(0, plain.length - 30))),
      message: /is truncated \(it ends in the middle of line/,
    },
    {
      name: "a corrupted byte in the middle",
      file: make("corrupted.jsonl.gz", corrupted),
      message: /is (damaged|truncated)/,
    },
    {
      name: "a changed value (checksum)",
      file: make("changed.jsonl.gz", zlib.gzipSync(flipped)),
      message: /is damaged \(its checksum does not match its content\)/,
    },
    {
      name: "a row removed, counts recomputed but not the header's",
      file: writeLines(tmpFile("fewer.jsonl.gz"), bodyWithout),
      message: /is damaged \(table assessment: the header says \d+ rows/,
    },
    {
      name: "a wrong header",
      file: make("wrong-header.jsonl.gz", zlib.gzipSync(`{"format":"something-else","formatVersion":1}\n`)),
      message: /is not a UPR Monitor backup/,
    },
    {
      name: "a damaged header",
      file: writeLines(tmpFile("bad-header.jsonl.gz"), [
        JSON.stringify({ ...header, tables: "none" }),
        ...body.slice(1),
      ]),
      message: /has a damaged header \(tables:/,
    },
    {
      name: "not gzip (random bytes)",
      file: make("random.jsonl.gz", Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251))),
      message: /is not a UPR Monitor backup/,
    },
    {
      name: "gzip of something else",
      file: make("other.gz", zlib.gzipSync("hello\n")),
      message: /is not a UPR Monitor backup/,
    },
    {
      name: "a CSV file",
      file: make("recommendations.csv", fs.readFileSync(path.resolve("seed-data/kenya-cycle1-recommendations.csv"))),
      message: /is not a UPR Monitor backup/,
    },
    { name: "an empty file", file: make("empty.jsonl.gz", ""), message: /is empty/ },
    { name: "a missing file", file: path.join(tmp, "no-such-file.jsonl.gz"), message: /no such file/ },
    {
      name: "a backup from a newer schema",
      file: writeLines(tmpFile("newer.jsonl.gz"), [
        JSON.stringify({ ...header, schemaVersion: future, migrations: [...header.migrations, future] }),
        ...body.slice(1),
      ]),
      message: new RegExp(
        `this backup comes from a newer version of UPR Monitor \\(schema ${future}; .*upgrade the app first`,
      ),
    },
    {
      name: "a backup in a newer format",
      file: writeLines(tmpFile("newer-format.jsonl.gz"), [
        JSON.stringify({ ...header, formatVersion: 2 }),
        ...body.slice(1),
      ]),
      message: /written by a newer version of UPR Monitor \(backup format 2; .*upgrade the app first/,
    },
    {
      name: "more after the end marker",
      file: make("after-end.jsonl.gz", Buffer.concat([bytes, zlib.gzipSync('{"t":"state","r":{"id":999}}\n')])),
      message: /there is more after the end marker/,
    },
  ];
}

// ---- Per engine --------------------------------------------------------------------------------

describeEachEngine(
  "backup and restore",
  (t) => {
    let firstBackup: string; // made at the first schema version
    let firstSnapshot: Record<string, string[]>;
    let firstColumns: Record<string, string[]>;
    let backup: string; // made at the latest schema version
    let snapshot: Record<string, string[]>;
    let target: { handle: Db; drop: () => Promise<void> };

    beforeAll(async () => {
      await migrateToFirst(t.db);
      const counts = await insertFirstSchemaFixture(t.db);
      expect(counts.assessment).toBeGreaterThan(20);
      firstSnapshot = await snapshotTables(t.db);
      firstColumns = await tableColumns(t.db);
      firstBackup = (await writeBackupToDir(t.handle, tmp)).file;
      await migrateToLatest(t.db);
      // A row in a table the first schema did not have.
      expect(
        (await signIn(t.db, { email: "nobody@example.org", password: "wrong password" }, { address: "192.0.2.1" })).ok,
      ).toBe(false);
      snapshot = await snapshotTables(t.db);
      backup = tmpFile("latest.jsonl.gz");
      await writeBackupFile(t.handle, backup);
      target = await createTestDatabase(t.handle.engine);
    });
    afterAll(async () => {
      await target?.handle.close();
      await target?.drop();
    });

    it("writes one file that names its schema version and time, with the whole database", async () => {
      const name = path.basename(firstBackup);
      expect(parseBackupFileName(name)).toMatchObject({ schemaVersion: FIRST_MIGRATION, kind: "manual" });
      const summary = await verifyBackup(backup);
      expect(summary.header).toMatchObject({
        format: "upr-monitor-backup",
        formatVersion: 1,
        schemaVersion: knownMigrations().at(-1),
        engine: t.handle.engine,
      });
      expect(summary.header.migrations).toEqual(knownMigrations());
      expect(summary.rows).toEqual(rowCounts(snapshot));
      expect(summary.rows.sign_in_attempt).toBe(1);
      // Parents before children.
      const order = summary.header.tables.map((x) => x.name);
      for (const [child, parent] of [
        ["review", "state"],
        ["recommendation", "review"],
        ["assessment", "recommendation"],
        ["assessment", "app_user"],
        ["app_user", "organisation"],
        ["recommendation_issue", "coalition_issue"],
      ]) {
        expect(order.indexOf(child), `${child} after ${parent}`).toBeGreaterThan(order.indexOf(parent));
      }
      // Values as text: dates as YYYY-MM-DD, timestamps as UTC ISO with microseconds, arrays and JSON as JSON.
      const row = lines(backup).find((l) => l.startsWith('{"t":"assessment"'))!;
      expect(JSON.parse(row).r).toMatchObject({
        as_of: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        created_at: "2026-05-06T07:08:09.101112+00:00",
      });
      expect(lines(backup).find((l) => l.includes("12345678901234567890"))).toBeTruthy();
    });

    it("restores into an empty database, row for row, ids and sequences included", async () => {
      const result = await restoreBackup(target.handle, backup);
      expect(result).toMatchObject({ schemaVersion: knownMigrations().at(-1), upgradedWith: [], replaced: null });
      expect(await snapshotTables(target.handle.db)).toEqual(snapshot);
      expect(await sequenceState(target.handle.db)).toEqual(await sequenceState(t.db));
      expect(await schemaVersionOf(target.handle.db)).toBe(knownMigrations().at(-1));
      // Triggers were off while loading and are on again, as in the source.
      const triggers = (db: Kysely<any>) =>
        sql<{
          name: string;
          enabled: string;
        }>`select tgname as name, tgenabled::text as enabled from pg_trigger where not tgisinternal order by 1`
          .execute(db)
          .then((r) => r.rows);
      expect(await triggers(target.handle.db)).toEqual(await triggers(t.db));
    });

    it("refuses a database that holds data, without --replace, and changes nothing", async () => {
      const before = await snapshotTables(target.handle.db);
      await expect(restoreBackup(target.handle, firstBackup)).rejects.toThrow(
        /^the database already holds data \(\d+ rows in \d+ tables: .*\); nothing was restored\. To replace it, restore with --replace/,
      );
      expect(await snapshotTables(target.handle.db)).toEqual(before);
    });

    it("refuses damaged, foreign and newer files with a clear message, and changes nothing", async () => {
      const before = await snapshotTables(target.handle.db);
      const bad = badFiles(backup);
      for (const b of bad) {
        const error = await restoreBackup(target.handle, b.file, {
          replace: true,
          safetyBackupDir: path.join(tmp, "should-stay-empty"),
        }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, b.name).toBeInstanceOf(BackupError);
        expect((error as Error).message, b.name).toMatch(b.message);
        expect((error as Error).message, b.name).not.toContain("\n");
      }
      expect(await snapshotTables(target.handle.db)).toEqual(before);
      expect(fs.existsSync(path.join(tmp, "should-stay-empty"))).toBe(false);
      // The header alone says whether this app can restore a file.
      await expect(
        readBackupHeader(bad.find((b) => b.name.includes("newer schema"))!.file, { known: knownMigrations() }),
      ).rejects.toThrow(/newer version/);
    });

    it("--replace keeps a backup of what it replaces; an old backup is restored and upgraded", async () => {
      await sql`update assessment set evidence = 'changed after the backup' where id = (select min(id) from assessment)`.execute(
        target.handle.db,
      );
      const changed = await snapshotTables(target.handle.db);
      const dir = path.join(tmp, `safety-${t.handle.engine}`);

      // The first-schema backup over a database at the latest schema: down, load, up again.
      const result = await restoreBackup(target.handle, firstBackup, { replace: true, safetyBackupDir: dir });
      expect(result.upgradedWith).toEqual(knownMigrations().slice(1));
      expect(result.replaced?.totalRows).toBe(Object.values(rowCounts(changed)).reduce((a, b) => a + b, 0));
      expect(path.dirname(result.replaced!.backupFile)).toBe(dir);
      expect(parseBackupFileName(path.basename(result.replaced!.backupFile))?.kind).toBe("before-restore");
      // Every row of the old backup, in the columns it had; the tables it did not have, empty (but
      // recommendation_tally: the counts of the restored rows, which tests/integration/recommendation-tally.test.ts checks).
      expect(await snapshotTables(target.handle.db, firstColumns)).toEqual(firstSnapshot);
      const restored = await snapshotTables(target.handle.db);
      for (const table of Object.keys(restored).filter((x) => !firstColumns[x] && x !== "recommendation_tally"))
        expect(restored[table], table).toEqual([]);

      // What was replaced comes back from the kept backup.
      await restoreBackup(target.handle, result.replaced!.backupFile, { replace: true, safetyBackupDir: dir });
      expect(await snapshotTables(target.handle.db)).toEqual(changed);
      expect(fs.readdirSync(dir).filter((n) => n.endsWith(".jsonl.gz"))).toHaveLength(2);
    });

    it("a load that fails half-way (a constraint the data breaks) leaves the database as it was", async () => {
      const before = await snapshotTables(target.handle.db);
      // A well-formed backup whose second organisation has the first one's name (UNIQUE).
      const body = lines(backup).slice(0, -1);
      const orgs = body.filter((l) => l.startsWith('{"t":"organisation"'));
      const name = JSON.parse(orgs[0]!).r.name as string;
      const edited = body.map((l) =>
        l === orgs[1] ? JSON.stringify({ t: "organisation", r: { ...JSON.parse(l).r, name } }) : l,
      );
      const file = writeLines(tmpFile("duplicate.jsonl.gz"), edited);
      await verifyBackup(file);
      const dir = path.join(tmp, `safety-fail-${t.handle.engine}`);
      await expect(restoreBackup(target.handle, file, { replace: true, safetyBackupDir: dir })).rejects.toThrow(
        /^restoring .*duplicate\.jsonl\.gz failed, nothing was changed: .*organisation_name_key/,
      );
      expect(await snapshotTables(target.handle.db)).toEqual(before);
      expect(fs.readdirSync(dir)).toEqual([]);
      // Still usable afterwards (no lock left behind).
      await migrateToLatest(target.handle.db);
    });
  },
  { migrate: false },
);

// ---- Across engines ------------------------------------------------------------------------------

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))(
  "backup from embedded, restore into PostgreSQL, and back",
  () => {
    const opened: { handle: Db; drop: () => Promise<void> }[] = [];
    const open = async (engine: Engine) => {
      const d = await createTestDatabase(engine);
      opened.push(d);
      return d.handle;
    };
    afterAll(async () => {
      for (const d of opened) {
        await d.handle.close();
        await d.drop();
      }
    });

    // Three embedded databases opened, one migrated from the first schema, two backups and two restores:
    // about 15 s on an idle machine, over 60 s on a loaded one.
    it("keeps every row", { timeout: 240_000 }, async () => {
      const embedded = await open("pglite");
      await migrateToFirst(embedded.db);
      await insertFirstSchemaFixture(embedded.db);
      await migrateToLatest(embedded.db);
      const snapshot = await snapshotTables(embedded.db);

      const first = tmpFile("from-pglite.jsonl.gz");
      await writeBackupFile(embedded, first);
      const server = await open("postgres");
      await restoreBackup(server, first);
      expect(await snapshotTables(server.db)).toEqual(snapshot);
      expect(await sequenceState(server.db)).toEqual(await sequenceState(embedded.db));

      const second = tmpFile("from-postgres.jsonl.gz");
      await writeBackupFile(server, second);
      expect((await verifyBackup(second)).header.engine).toBe("postgres");
      const again = await open("pglite");
      await restoreBackup(again, second);
      expect(await snapshotTables(again.db)).toEqual(snapshot);
    });
  },
);

// ---- Rolling backups (embedded mode) -------------------------------------------------------------

describe("rolling backups", () => {
  let handle: Db;
  beforeAll(async () => {
    ({ handle } = await createTestDatabase("pglite"));
    await migrateToLatest(handle.db);
  });
  afterAll(() => handle?.close());

  it("backs up at start when the newest is too old, then keeps the newest N and nothing else is touched", async () => {
    const dir = path.join(tmp, "rolling");
    fs.mkdirSync(dir);
    const schema = knownMigrations().at(-1)!;
    const others = [
      `upr-monitor-20200101T000000Z-${schema}.jsonl.gz`, // a manual backup
      `upr-monitor-20200101T000000Z-${schema}.before-restore.jsonl.gz`,
      "notes.txt",
    ];
    const oldAuto = ["20260101T000000Z", "20260102T000000Z", "20260103T000000Z"].map(
      (at) => `upr-monitor-${at}-${schema}.auto.jsonl.gz`,
    );
    for (const n of [...others, ...oldAuto]) fs.writeFileSync(path.join(dir, n), "x");

    let clock = new Date("2026-11-26T12:00:00Z");
    const logged: string[] = [];
    const rolling = startRollingBackups(handle, {
      dir,
      keep: 2,
      intervalMs: 24 * 3600_000,
      now: () => clock,
      log: (l) => logged.push(l),
    });
    try {
      // The newest is months old: one is made at once.
      for (let i = 0; i < 400 && logged.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(logged[0]).toMatch(/^rolling backup: .*upr-monitor-20261126T120000Z-.*\.auto\.jsonl\.gz \(\d+ rows\)$/);
      clock = new Date("2026-11-27T12:00:00Z");
      const made = await rolling.runNow();
      expect(path.basename(made)).toBe(`upr-monitor-20261127T120000Z-${schema}.auto.jsonl.gz`);
      await verifyBackup(made);
      expect(fs.readdirSync(dir).sort()).toEqual(
        [
          ...others,
          `upr-monitor-20261126T120000Z-${schema}.auto.jsonl.gz`,
          `upr-monitor-20261127T120000Z-${schema}.auto.jsonl.gz`,
        ].sort(),
      );
      expect(logged.filter((l) => l.startsWith("rolling backup:"))).toHaveLength(2);
    } finally {
      await rolling.stop();
    }
  });
});
