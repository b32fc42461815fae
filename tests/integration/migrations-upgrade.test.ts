// Upgrades keep every record: a database made by the FIRST schema version and holding real data is
// migrated one migration at a time to the latest, and after each step every row of every table that
// existed before is still there, unchanged (in the columns it had). A migration that fails leaves the
// database exactly as it was, and `npm start`'s path (openMigratedDb) says in one line which failed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, Migrator, sql } from "kysely";
import { afterAll, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { knownMigrations } from "~/models/backup.server";
import { listReviewsForState } from "~/models/reviews.server";
import { createDb, type Db, StartupError } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations";
import { openMigratedDb } from "../../scripts/lib/cli";
import {
  FIRST_MIGRATION,
  insertFirstSchemaFixture,
  migrateToFirst,
  sequenceState,
  snapshotTables,
  tableColumns,
} from "../helpers/first-schema-fixture";
import { createTestDatabase, describeEachEngine } from "../helpers/test-db";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upr-upgrade-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Migrations that deliberately change or remove existing data, by name, with what they may change
 * (table -> columns). A migration not listed here must keep every existing row and column as it was.
 */
const DELIBERATE_CHANGES: Record<string, Record<string, string[]>> = {};

const BOGUS = "2099-12-31T2359-test-fails-after-ddl";
const bogus = {
  async up(db: Kysely<any>) {
    await sql`create table test_bogus (id serial primary key)`.execute(db);
    await sql`alter table recommendation add column test_bogus text`.execute(db);
    await sql`update recommendation set text = 'overwritten by a failing migration'`.execute(db);
    await sql`delete from assessment`.execute(db);
    throw new Error("something went wrong half-way");
  },
};

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

describeEachEngine(
  "upgrading a database that holds data",
  (t) => {
    it("runs every migration on the first schema's data and keeps every row", async () => {
      await migrateToFirst(t.db);
      const counts = await insertFirstSchemaFixture(t.db);
      const firstSequences = await sequenceState(t.db);
      const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });

      const first = await snapshotTables(t.db);
      expect(Object.keys(first).length).toBeGreaterThanOrEqual(10);
      for (const [table, n] of Object.entries(counts)) expect(first[table], table).toHaveLength(n);

      for (const name of knownMigrations().slice(1)) {
        // What must survive this migration: every table and column but the ones it deliberately changes.
        const allowed = DELIBERATE_CHANGES[name] ?? {};
        const kept = Object.fromEntries(
          Object.entries(await tableColumns(t.db))
            .filter(([table]) => !allowed[table]?.includes("*"))
            .map(([table, cols]) => [table, cols.filter((c) => !allowed[table]?.includes(c))] as const)
            .filter(([, cols]) => cols.length),
        );
        const before = await snapshotTables(t.db, kept);

        const { error } = await migrator.migrateTo(name);
        expect(error, name).toBeUndefined();

        const now = await tableColumns(t.db);
        const missing = Object.entries(kept).flatMap(([table, cols]) =>
          now[table] ? cols.filter((c) => !now[table]!.includes(c)).map((c) => `${table}.${c}`) : [table],
        );
        expect(missing, `${name} removed tables or columns`).toEqual([]);
        const after = await snapshotTables(t.db, kept);
        for (const table of Object.keys(kept)) expect(after[table], `${name}: rows of ${table}`).toEqual(before[table]);
      }

      // The app reads the upgraded data, and new rows get new ids (no sequence went back).
      const [cycle1] = await listReviewsForState(t.db, "KEN");
      expect(cycle1).toMatchObject({ cycle: 1, imported: counts.recommendation });
      const sequences = await sequenceState(t.db);
      for (const [seq, next] of Object.entries(firstSequences)) expect(sequences[seq], seq).toBe(next);
    });

    it("a failing migration leaves the database as it was, and can be retried", async () => {
      const columns = await tableColumns(t.db);
      const rows = await snapshotTables(t.db);
      const applied = await appliedMigrations(t.db);
      migrations[BOGUS] = bogus;
      try {
        const error = await migrateToLatest(t.db).then(
          () => null,
          (e: Error) => e,
        );
        expect(error?.message).toMatch(
          new RegExp(`^Migration ${BOGUS} failed, nothing of it was applied: something went wrong half-way$`),
        );
      } finally {
        delete migrations[BOGUS];
      }
      expect(await tableColumns(t.db)).toEqual(columns);
      expect(await snapshotTables(t.db)).toEqual(rows);
      expect(await appliedMigrations(t.db)).toEqual(applied);
      // Kysely's migration lock was let go: migrating again works (nothing pending).
      expect(await migrateToLatest(t.db)).toEqual([]);
    });

    // A database of its own opened at the first schema, then migrated until a migration fails: 67 s beside another run.
    it(
      "npm start's path names the failed migration in one line; the earlier pending ones are undone too",
      { timeout: 180_000 },
      async () => {
        // A database of its own at the first schema, opened the way scripts/start.ts opens it.
        let env: ReturnType<typeof parseEnv>;
        let drop = async () => {};
        let setup: Db;
        if (t.handle.engine === "pglite") {
          const dir = path.join(tmp, "data");
          env = parseEnv({ DATA_DIR: dir });
          setup = await createDb({ dataDir: dir });
        } else {
          const created = await createTestDatabase("postgres");
          env = parseEnv({ DATABASE_URL: created.url! });
          setup = created.handle;
          drop = created.drop;
        }
        try {
          await migrateToFirst(setup.db);
          await insertFirstSchemaFixture(setup.db);
          const rows = await snapshotTables(setup.db);
          const columns = await tableColumns(setup.db);
          await setup.close();

          migrations[BOGUS] = bogus;
          try {
            const error = await openMigratedDb(env).then(
              () => null,
              (e: Error) => e,
            );
            expect(error).toBeInstanceOf(StartupError);
            expect(error!.message).toBe(
              `Migration ${BOGUS} failed, nothing of it was applied: something went wrong half-way`,
            );
            expect(error!.message).not.toContain("\n");
          } finally {
            delete migrations[BOGUS];
          }

          setup = env.DATABASE_URL
            ? await createDb({ databaseUrl: env.DATABASE_URL })
            : await createDb({ dataDir: env.DATA_DIR });
          expect(await appliedMigrations(setup.db)).toEqual([FIRST_MIGRATION]);
          expect(await tableColumns(setup.db)).toEqual(columns);
          expect(await snapshotTables(setup.db)).toEqual(rows);
          await setup.close();
        } finally {
          await drop();
        }
      },
    );
  },
  { migrate: false },
);
