// Backups: one portable file with the whole database, written and read the same way on embedded
// PGlite and on PostgreSQL (format: app/lib/backup-format.ts; files: app/lib/backup-file.server.ts;
// restoring: ./backup-restore.server.ts; why: docs/decisions/2026-11-26-backup-format.md).
// Tables and columns are read from the catalog, so tables added by later migrations are included
// without changes here. Nothing is held in memory: rows go through a cursor into gzip, and back
// from the file in batches. A restore checks the whole file before it writes anything, and writes
// everything in one transaction: on any failure the database is as it was.
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { type Kysely, sql } from "kysely";
import type { Engine } from "../../db/client";
import { migrations as appMigrations } from "../../db/migrations";
import type { Database } from "../../db/schema";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupHeader,
  type BackupKind,
  foreignKeyOrder,
  parseBackupFileName,
} from "../lib/backup-format";
import {
  BackupError,
  type BackupSummary,
  type Emit,
  freeBackupPath,
  gzipTo,
  listFolder,
  scanBackup,
  writeFileAtomically,
} from "../lib/backup-file.server";
import { writeAudit } from "./audit.server";

/** What backup functions need of a database handle (db/client.ts's Db has it). */
export interface BackupSource {
  db: Kysely<Database>;
  engine: Engine;
}

/** Kysely's bookkeeping tables: their content is the schema version, kept in the header instead. */
const MIGRATION_TABLES = ["kysely_migration", "kysely_migration_lock"];
/** What a request in progress holds (set-up tokens, uploads waiting for their import): not data to keep. */
const TRANSIENT_TABLES = ["setup_token", "pending_upload", "pending_upload_part"];
const FETCH_ROWS = 1000;

/** Every migration of this app, in the order they run. */
export function knownMigrations(): string[] {
  return Object.keys(appMigrations).sort();
}

// ---------------------------------------------------------------------------------------------
// The catalog: which tables, columns, keys and sequences the database has (current schema)

interface TableInfo {
  name: string;
  columns: { name: string; type: string; generated: boolean }[];
  primaryKey: string[];
}

export async function appliedMigrations(q: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{
    exists: boolean;
  }>`select to_regclass(format('%I.kysely_migration', current_schema())) is not null as exists`.execute(q);
  if (!rows[0]?.exists) return [];
  const applied = await sql<{ name: string }>`select name from kysely_migration order by timestamp, name`.execute(q);
  return applied.rows.map((r) => r.name);
}

/** The app's tables (all base tables of the current schema but Kysely's and the transient ones), parents before children. */
export async function appTables(q: Kysely<any>): Promise<TableInfo[]> {
  const { rows } = await sql<{ table: string; column: string; type: string; generated: string; pk: number | null }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
           a.attgenerated::text as generated, array_position(i.indkey::int2[], a.attnum) as pk
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_index i on i.indrelid = c.oid and i.indisprimary
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname <> all (${[...MIGRATION_TABLES, ...TRANSIENT_TABLES]})
    order by c.relname, a.attnum`.execute(q);
  const byName = new Map<string, TableInfo & { pkAt: Map<string, number> }>();
  for (const r of rows) {
    let t = byName.get(r.table);
    if (!t) byName.set(r.table, (t = { name: r.table, columns: [], primaryKey: [], pkAt: new Map() }));
    t.columns.push({ name: r.column, type: r.type, generated: r.generated !== "" });
    if (r.pk !== null) t.pkAt.set(r.column, r.pk);
  }
  const refs = await sql<{ table: string; references: string }>`
    select src.relname as table, dst.relname as references
    from pg_constraint con
    join pg_class src on src.oid = con.conrelid
    join pg_class dst on dst.oid = con.confrelid
    join pg_namespace n on n.oid = src.relnamespace
    where con.contype = 'f' and n.nspname = current_schema()`.execute(q);
  return foreignKeyOrder([...byName.keys()], refs.rows).map((name) => {
    const { pkAt, ...t } = byName.get(name)!;
    t.primaryKey = [...pkAt.entries()].sort((a, b) => a[1] - b[1]).map(([c]) => c);
    return t;
  });
}

interface SequenceInfo {
  table: string;
  column: string;
  /** Schema-qualified and quoted as PostgreSQL gives it (pg_get_serial_sequence). */
  sequence: string;
}

/** The sequences behind serial and identity columns. */
export async function serialSequences(q: Kysely<any>, tables: string[]): Promise<SequenceInfo[]> {
  if (!tables.length) return [];
  const { rows } = await sql<SequenceInfo>`
    select s.table, s.column, s.sequence from (
      select c.relname as table, a.attname as column,
             pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = current_schema() and c.relname = any (${tables})
    ) s where s.sequence is not null
    order by s.table, s.column`.execute(q);
  return rows;
}

export async function countRows(q: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::bigint as n from ${sql.id(table)}`.execute(q);
  return Number(rows[0]!.n);
}

/** The schema version of a database: the name of its latest migration, or null when it has none. */
export async function schemaVersionOf(db: Kysely<any>): Promise<string | null> {
  return (await appliedMigrations(db)).at(-1) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Writes a whole backup through `emit`. Must run inside a transaction (cursors; one snapshot). */
export async function emitBackup(q: Kysely<any>, engine: string, emit: Emit, now: Date): Promise<BackupSummary> {
  // Timestamps as UTC ISO text with all their digits, whatever the server's time zone.
  await sql`set local time zone 'UTC'`.execute(q);
  const migrations = await appliedMigrations(q);
  if (!migrations.length)
    throw new BackupError(
      "the database has no UPR Monitor schema yet (no migration has been applied), so there is nothing to back up",
    );
  const tables = await appTables(q);
  const rows: Record<string, number> = {};
  for (const t of tables) rows[t.name] = await countRows(q, t.name);
  const sequences: BackupHeader["sequences"] = [];
  for (const s of await serialSequences(
    q,
    tables.map((t) => t.name),
  )) {
    const { rows: seq } = await sql<{
      last_value: number;
      is_called: boolean;
    }>`select last_value, is_called from ${sql.raw(s.sequence)}`.execute(q);
    sequences.push({
      table: s.table,
      column: s.column,
      lastValue: Number(seq[0]!.last_value),
      isCalled: seq[0]!.is_called,
    });
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: migrations.at(-1)!,
    migrations,
    createdAt: now.toISOString(),
    engine,
    tables: tables.map((t) => ({
      name: t.name,
      columns: t.columns.map(({ name, type }) => ({ name, type })),
      primaryKey: t.primaryKey,
      rows: rows[t.name]!,
    })),
    sequences,
  };

  const hash = createHash("sha256");
  const put = async (text: string) => {
    hash.update(text);
    await emit(text);
  };
  await put(`${JSON.stringify(header)}\n`);
  for (const [i, t] of tables.entries()) {
    const cursor = `upr_backup_${i}`;
    const order = t.primaryKey.length ? sql` order by ${sql.join(t.primaryKey.map((c) => sql.id(c)))}` : sql``;
    await sql`declare ${sql.id(cursor)} no scroll cursor for select row_to_json(x)::text as j from ${sql.id(t.name)} x${order}`.execute(
      q,
    );
    const prefix = `{"t":${JSON.stringify(t.name)},"r":`;
    let written = 0;
    for (;;) {
      const { rows: batch } = await sql<{
        j: string;
      }>`fetch forward ${sql.lit(FETCH_ROWS)} from ${sql.id(cursor)}`.execute(q);
      if (!batch.length) break;
      let chunk = "";
      // A raw line break can only be whitespace between JSON tokens (json columns keep their input text).
      for (const r of batch)
        chunk += `${prefix}${r.j.includes("\n") || r.j.includes("\r") ? r.j.replace(/[\r\n]/g, " ") : r.j}}\n`;
      await put(chunk);
      written += batch.length;
    }
    await sql`close ${sql.id(cursor)}`.execute(q);
    if (written !== rows[t.name]) throw new Error(`table ${t.name}: counted ${rows[t.name]} rows but read ${written}`);
  }
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  await emit(`${JSON.stringify({ end: BACKUP_FORMAT, rows, totalRows, sha256: hash.digest("hex") })}\n`);
  return { header, rows, totalRows };
}

/**
 * Writes a backup of the whole database to `out` (gzip JSON Lines), from one consistent snapshot,
 * and ends `out`. On failure `out` is destroyed, so a reader sees a truncated (refused) file.
 */
export async function writeBackup(
  source: BackupSource,
  out: Writable,
  options: { now?: Date } = {},
): Promise<BackupSummary> {
  const now = options.now ?? new Date();
  return gzipTo(out, (emit) =>
    source.db.transaction().execute(async (trx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(trx);
      return emitBackup(trx, source.engine, emit, now);
    }),
  );
}

/** Writes a backup to a new file (refused if it exists). */
export async function writeBackupFile(
  source: BackupSource,
  file: string,
  options: { now?: Date } = {},
): Promise<BackupSummary> {
  return writeFileAtomically(file, (out) => writeBackup(source, out, options));
}

/** Writes a backup into `dir` under its standard name; returns the file's path. */
export async function writeBackupToDir(
  source: BackupSource,
  dir: string,
  options: { kind?: BackupKind; now?: Date } = {},
): Promise<BackupSummary & { file: string }> {
  const now = options.now ?? new Date();
  const schemaVersion = await schemaVersionOf(source.db);
  if (!schemaVersion)
    throw new BackupError(
      "the database has no UPR Monitor schema yet (no migration has been applied), so there is nothing to back up",
    );
  const file = freeBackupPath(dir, schemaVersion, now, options.kind);
  const summary = await writeBackupFile(source, file, { now });
  return { ...summary, file };
}

/**
 * Checks a whole backup file without touching any database: readable, complete, checksum right
 * and, with `known` (default: this app's migrations), made by this version of the app or an older one.
 */
export async function verifyBackup(file: string, options: { known?: string[] | null } = {}): Promise<BackupSummary> {
  return scanBackup(file, { known: options.known === null ? undefined : (options.known ?? knownMigrations()) });
}

// ---------------------------------------------------------------------------------------------
// What the admin page shows, and the backup an admin downloads

export interface BackupOverview {
  engine: Engine;
  schemaVersion: string | null;
  tables: { name: string; rows: number }[];
  totalRows: number;
  /** Embedded mode: the rolling backups, newest first; null on PostgreSQL. */
  rolling: {
    dir: string;
    keep: number;
    intervalHours: number;
    files: { name: string; bytes: number; createdAt: string }[];
  } | null;
}

/** What the admin backup page shows: what a backup would hold, and the rolling backups. */
export async function getBackupOverview(
  source: BackupSource,
  rolling: { dir: string; keep: number; intervalHours: number } | null,
): Promise<BackupOverview> {
  const db = source.db as Kysely<any>;
  const schemaVersion = await schemaVersionOf(db);
  const tables = await Promise.all(
    (await appTables(db)).map(async (t) => ({ name: t.name, rows: await countRows(db, t.name) })),
  );
  const files: { name: string; bytes: number; createdAt: string }[] = [];
  for (const name of rolling ? listFolder(rolling.dir) : []) {
    const parts = parseBackupFileName(name);
    const bytes = parts ? fs.statSync(path.join(rolling!.dir, name), { throwIfNoEntry: false })?.size : undefined;
    if (parts && bytes !== undefined) files.push({ name, bytes, createdAt: parts.at.toISOString() }); // (deleted meanwhile: skipped)
  }
  files.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
  return {
    engine: source.engine,
    schemaVersion,
    tables,
    totalRows: tables.reduce((a, t) => a + t.rows, 0),
    rolling: rolling ? { ...rolling, files } : null,
  };
}

/**
 * A backup for an admin to download: written to a temporary file first (so a slow download does
 * not hold the database) and recorded in the audit log. The caller streams `file` and calls
 * `cleanup` when the stream closes (app/lib/file-download.server.ts).
 */
export async function prepareBackupDownload(
  source: BackupSource,
  actor: { userId: number },
  options: { now?: Date } = {},
): Promise<{ file: string; fileName: string; bytes: number; summary: BackupSummary; cleanup: () => Promise<void> }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "upr-backup-"));
  const cleanup = () => fsp.rm(dir, { recursive: true, force: true });
  try {
    const written = await writeBackupToDir(source, dir, { now: options.now });
    await writeAudit(source.db, {
      userId: actor.userId,
      action: "backup.downloaded",
      entity: "database",
      entityId: null,
      before: null,
      after: {
        schemaVersion: written.header.schemaVersion,
        totalRows: written.totalRows,
        file: path.basename(written.file),
      },
    });
    const bytes = (await fsp.stat(written.file)).size;
    return { file: written.file, fileName: path.basename(written.file), bytes, summary: written, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
