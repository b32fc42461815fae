// Restoring a backup (app/models/backup.server.ts writes them): the whole file is checked first, an
// older backup is upgraded to this version's schema, and everything is written in one transaction:
// on any failure the database is as it was.
import fsp from "node:fs/promises";
import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from "kysely";
import { migrations as appMigrations } from "../../db/migrations";
import {
  BackupError,
  type BackupSummary,
  describeFile,
  freeBackupPath,
  gzipTo,
  scanBackup,
  writeFileAtomically,
} from "../lib/backup-file.server";
import { formatCount } from "../lib/backup-format";
import {
  appliedMigrations,
  appTables,
  type BackupSource,
  countRows,
  emitBackup,
  knownMigrations,
  serialSequences,
  verifyBackup,
} from "./backup.server";

const BATCH_ROWS = 1000;
const BATCH_BYTES = 2 * 1024 * 1024;

export interface RestoreOptions {
  /** Replace the data the database holds (else a database with data is refused). */
  replace?: boolean;
  /** Where the backup of the replaced data goes (required with replace when there is data). */
  safetyBackupDir?: string;
  /** The result of verifyBackup(file), when the caller has just checked it. */
  verified?: BackupSummary;
  /** Progress lines (per table loaded). */
  log?: (line: string) => void;
  now?: Date;
}

export interface RestoreResult {
  backup: BackupSummary;
  /** The schema version after the restore (the app's latest). */
  schemaVersion: string;
  /** Migrations applied after loading (the backup was older than the app). */
  upgradedWith: string[];
  /** What was replaced: its row count and where its backup went; null when the database was empty. */
  replaced: { totalRows: number; backupFile: string } | null;
}

/** Runs the app's migrations inside the caller's transaction; a failing one is undone to a savepoint first. */
async function migrateWithin(conn: Kysely<any>, run: (m: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const guarded: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(appMigrations)) {
    const step = async (db: Kysely<any>, direction: "up" | "down") => {
      const fn = migration[direction];
      if (!fn) throw new Error(`migration ${name} cannot be undone (it has no down step)`);
      // Kysely unlocks its migration lock with a query after a failure: undo the failed statements
      // first, so that query runs (an aborted transaction would refuse it and keep the lock).
      await sql`savepoint upr_migration`.execute(db);
      try {
        await fn(db);
        await sql`release savepoint upr_migration`.execute(db);
      } catch (error) {
        await sql`rollback to savepoint upr_migration`.execute(db);
        throw error;
      }
    };
    guarded[name] = { up: (db) => step(db, "up"), down: (db) => step(db, "down") };
  }
  const migrator = new Migrator({
    db: conn,
    provider: { getMigrations: async () => guarded },
    disableTransactions: true,
  });
  const { error, results } = await run(migrator);
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    const message = error instanceof Error ? error.message : String(error);
    const which = failed ? `migration ${failed.migrationName} (${failed.direction.toLowerCase()})` : "migrating";
    throw new BackupError(`${which} failed: ${message}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/**
 * Drops what the app's migrations made in the current schema: tables (Kysely's too), views,
 * sequences, routines and types, but not extensions or what belongs to them. Inside the restore's
 * transaction, so a failure undoes it.
 */
async function dropAppSchema(conn: Kysely<any>): Promise<void> {
  const notInExtension = (catalog: string, oid: string) =>
    sql.raw(
      `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`,
    );
  const { rows: relations } = await sql<{ name: string; kind: string }>`
    select c.relname as name, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and not c.relispartition
      and ${notInExtension("pg_class", "c.oid")}
    order by c.relkind desc, c.relname`.execute(conn);
  const dropRelation: Record<string, string> = {
    v: "view",
    m: "materialized view",
    r: "table",
    p: "table",
    f: "foreign table",
    S: "sequence",
  };
  for (const r of relations)
    await sql`drop ${sql.raw(dropRelation[r.kind]!)} if exists ${sql.id(r.name)} cascade`.execute(conn);
  const { rows: routines } = await sql<{ signature: string; kind: string }>`
    select p.oid::regprocedure::text as signature, p.prokind::text as kind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = current_schema() and ${notInExtension("pg_proc", "p.oid")}`.execute(conn);
  for (const r of routines)
    await sql`drop ${sql.raw(r.kind === "a" ? "aggregate" : "routine")} if exists ${sql.raw(r.signature)} cascade`.execute(
      conn,
    );
  const { rows: types } = await sql<{ name: string; kind: string }>`
    select t.oid::regtype::text as name, t.typtype::text as kind from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = current_schema() and t.typtype in ('e', 'd', 'r', 'c')
      and (t.typtype <> 'c' or exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
      and ${notInExtension("pg_type", "t.oid")}`.execute(conn);
  for (const t of types)
    await sql`drop ${sql.raw(t.kind === "d" ? "domain" : "type")} if exists ${sql.raw(t.name)} cascade`.execute(conn);
}

function describeCounts(counts: { name: string; rows: number }[]): string {
  const withRows = counts.filter((c) => c.rows > 0);
  const total = withRows.reduce((a, c) => a + c.rows, 0);
  const detail = withRows
    .slice(0, 4)
    .map((c) => `${c.name} ${c.rows}`)
    .join(", ");
  return `${formatCount(total, "row")} in ${formatCount(withRows.length, "table")}: ${detail}${withRows.length > 4 ? ", ..." : ""}`;
}

/**
 * Restores a backup into the database: into an empty one, or, with `replace`, over the data there
 * (kept first as a backup in `safetyBackupDir`). The file is checked completely before anything is
 * written; the target is migrated to the backup's schema version, the rows are loaded with their
 * ids, sequences are moved past them, and the database is migrated to this app's latest version,
 * all in one transaction. Any failure: BackupError, and the database is as it was.
 */
export async function restoreBackup(
  target: BackupSource,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const known = knownMigrations();
  const verified = options.verified ?? (await verifyBackup(file, { known }));
  const { header } = verified;
  const name = describeFile(file);
  const log = options.log ?? (() => {});
  let safetyFile: string | null = null;
  return (target.db as Kysely<any>).connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`savepoint upr_restore`.execute(conn);
      await sql`set local time zone 'UTC'`.execute(conn);
      // 1. What the target holds now.
      const applied = await appliedMigrations(conn);
      const unknown = applied.find((m) => !known.includes(m));
      if (unknown) {
        throw new BackupError(
          `the database was made by a newer version of UPR Monitor (schema ${applied.at(-1)}); upgrade the app first; nothing was changed`,
        );
      }
      const before = await appTables(conn);
      const counts = await Promise.all(
        before.map(async (t) => ({ name: t.name, rows: await countRows(conn, t.name) })),
      );
      const held = counts.filter((c) => c.rows > 0);
      let replaced: RestoreResult["replaced"] = null;
      if (held.length) {
        if (!options.replace) {
          throw new BackupError(
            `the database already holds data (${describeCounts(counts)}); nothing was restored. To replace it, restore with --replace: a backup of what it holds is kept first`,
          );
        }
        if (!applied.length)
          throw new BackupError("the database holds tables that UPR Monitor did not make; nothing was restored");
        if (!options.safetyBackupDir)
          throw new BackupError("replacing data needs a folder for the backup of what is replaced");
        // 2. Keep what is replaced: no one may write while it is read and removed.
        await sql`lock table ${sql.join(before.map((t) => sql.id(t.name)))} in exclusive mode`.execute(conn);
        const now = options.now ?? new Date();
        const file = freeBackupPath(options.safetyBackupDir, applied.at(-1)!, now, "before-restore");
        const kept = await writeFileAtomically(file, (out) =>
          gzipTo(out, (emit) => emitBackup(conn, target.engine, emit, now)),
        );
        safetyFile = file;
        replaced = { totalRows: kept.totalRows, backupFile: file };
        log(`kept a backup of the replaced data (${formatCount(kept.totalRows, "row")}): ${file}`);
      }
      if (before.length)
        await sql`truncate table ${sql.join(before.map((t) => sql.id(t.name)))} restart identity cascade`.execute(conn);

      // 3. The schema the backup was made with. A database at a newer schema (an older backup
      // restored after an upgrade) is emptied of the app's schema and built again from the first
      // migration: that does not depend on any migration's down step being complete.
      if (applied.some((m, i) => header.migrations[i] !== m)) {
        await dropAppSchema(conn);
        log(
          `the database was at a newer schema (${applied.at(-1)}) than the backup: its tables were rebuilt from the first migration`,
        );
      }
      await migrateWithin(conn, (m) => m.migrateTo(header.schemaVersion));
      const tables = await appTables(conn);
      // Rows that migrations themselves insert are in the backup too: start from empty tables.
      if (tables.length)
        await sql`truncate table ${sql.join(tables.map((t) => sql.id(t.name)))} restart identity cascade`.execute(conn);
      const byName = new Map(tables.map((t) => [t.name, t]));
      const insertColumns = new Map<string, string[]>();
      for (const t of header.tables) {
        const here = byName.get(t.name);
        if (!here)
          throw new BackupError(
            `${name} holds table ${t.name}, which schema ${header.schemaVersion} of this app does not have; nothing was changed`,
          );
        const missing = t.columns.find((c) => !here.columns.some((h) => h.name === c.name));
        if (missing)
          throw new BackupError(
            `${name} holds column ${t.name}.${missing.name}, which schema ${header.schemaVersion} of this app does not have; nothing was changed`,
          );
        insertColumns.set(
          t.name,
          t.columns.filter((c) => !here.columns.find((h) => h.name === c.name)!.generated).map((c) => c.name),
        );
      }

      // 4. The rows, in batches, with their ids; the file is checked again as it is read. The app's
      // own triggers (such as ones that keep derived columns) stay off while loading: what they
      // derived is in the backup already, exactly as it was. Foreign keys are still checked.
      const { rows: triggers } = await sql<{ table: string; trigger: string }>`
        select c.relname as table, t.tgname as trigger
        from pg_trigger t
        join pg_class c on c.oid = t.tgrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and not t.tgisinternal and t.tgenabled <> 'D' and c.relname = any (${tables.map((x) => x.name)})
        order by 1, 2`.execute(conn);
      for (const tr of triggers)
        await sql`alter table ${sql.id(tr.table)} disable trigger ${sql.id(tr.trigger)}`.execute(conn);
      let batch: string[] = [];
      let batchBytes = 0;
      let batchTable = "";
      let tableRows = 0;
      const flush = async () => {
        if (!batch.length) return;
        const columns = sql.join(insertColumns.get(batchTable)!.map((c) => sql.id(c)));
        const json = `[${batch.join(",")}]`;
        await sql`insert into ${sql.id(batchTable)} (${columns}) overriding system value
                  select ${columns} from json_populate_recordset(null::${sql.id(batchTable)}, ${json}::text::json)`.execute(
          conn,
        );
        batch = [];
        batchBytes = 0;
      };
      const tableDone = async () => {
        await flush();
        if (batchTable) log(`  ${batchTable}: ${formatCount(tableRows, "row")}`);
      };
      const loaded = await scanBackup(file, {
        known,
        onRow: async (table, rowJson) => {
          if (table !== batchTable) {
            await tableDone();
            for (const tr of triggers)
              await sql`alter table ${sql.id(tr.table)} enable trigger ${sql.id(tr.trigger)}`.execute(conn);
            batchTable = table;
            tableRows = 0;
          }
          batch.push(rowJson);
          batchBytes += rowJson.length;
          tableRows += 1;
          if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
        },
      });
      await tableDone();
      for (const tr of triggers)
        await sql`alter table ${sql.id(tr.table)} enable trigger ${sql.id(tr.trigger)}`.execute(conn);

      // 5. Sequences: past the highest id, and no lower than they were (ids of deleted rows stay unused).
      for (const s of await serialSequences(
        conn,
        tables.map((t) => t.name),
      )) {
        const saved = header.sequences.find((x) => x.table === s.table && x.column === s.column);
        const floor = saved?.isCalled ? saved.lastValue : null;
        await sql`select setval(${s.sequence}::regclass, v, true) from (select greatest((select max(${sql.id(s.column)}) from ${sql.id(s.table)})::bigint, ${floor}::bigint) as v) m where v is not null`.execute(
          conn,
        );
      }

      // 6. This app's latest schema.
      const upgradedWith = await migrateWithin(conn, (m) => m.migrateToLatest());
      // The counts the writes keep (recommendation_tally) counted again from the restored rows: the
      // triggers did not see all of them, and a backup's own counts are not trusted.
      await sql`select recommendation_tally_rebuild()`.execute(conn);
      await sql`commit`.execute(conn);
      return { backup: loaded, schemaVersion: known.at(-1)!, upgradedWith, replaced };
    } catch (error) {
      // A migration that failed may have left Kysely's session-level lock behind: let go of it within the
      // transaction (behind PgBouncer in transaction mode, a statement after it may reach another
      // server connection: docs/deployment.md).
      await sql`rollback to savepoint upr_restore`.execute(conn).catch(() => {});
      await sql`select pg_advisory_unlock_all()`.execute(conn).catch(() => {});
      await sql`rollback`.execute(conn).catch(() => {});
      if (safetyFile) await fsp.rm(safetyFile, { force: true });
      if (error instanceof BackupError) throw error;
      throw new BackupError(
        `restoring ${name} failed, nothing was changed: ${(error as Error).message ?? String(error)}`,
      );
    }
  });
}
