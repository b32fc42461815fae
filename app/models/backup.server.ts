// Backups: one portable file with the whole database, written and read the same way on embedded
// PGlite and on PostgreSQL (format: app/lib/backup-format.ts; why: docs/decisions/2026-11-26-backup-format.md).
// Tables and columns are read from the catalog, so tables added by later migrations are included
// without changes here. Nothing is held in memory: rows go through a cursor into gzip, and back
// from the file in batches. A restore checks the whole file before it writes anything, and writes
// everything in one transaction: on any failure the database is as it was.
import { createHash } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from "kysely";
import type { Engine } from "../../db/client";
import { migrations as appMigrations } from "../../db/migrations";
import type { Database } from "../../db/schema";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupHeader,
  BackupHeaderSchema,
  type BackupKind,
  BackupTrailerSchema,
  backupFileName,
  foreignKeyOrder,
  formatCount,
  nextRollingBackupDelay,
  parseBackupFileName,
  restoreRefusal,
  rollingBackupsToDelete,
} from "../lib/backup-format";
import { writeAudit } from "./audit.server";

/** A backup or restore that cannot be done: the message is one line for the user; nothing was changed. */
export class BackupError extends Error {
  override name = "BackupError";
}

/** What backup functions need of a database handle (db/client.ts's Db has it). */
export interface BackupSource {
  db: Kysely<Database>;
  engine: Engine;
}

export interface BackupSummary {
  header: BackupHeader;
  /** Rows per table, as counted in the file. */
  rows: Record<string, number>;
  totalRows: number;
}

/** Kysely's bookkeeping tables: their content is the schema version, kept in the header instead. */
const MIGRATION_TABLES = ["kysely_migration", "kysely_migration_lock"];
const FETCH_ROWS = 1000;
const BATCH_ROWS = 1000;
const BATCH_BYTES = 2 * 1024 * 1024;
const MAX_LINE_BYTES = 64 * 1024 * 1024;

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

async function appliedMigrations(q: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ exists: boolean }>`select to_regclass(format('%I.kysely_migration', current_schema())) is not null as exists`.execute(q);
  if (!rows[0]?.exists) return [];
  const applied = await sql<{ name: string }>`select name from kysely_migration order by timestamp, name`.execute(q);
  return applied.rows.map((r) => r.name);
}

/** The app's tables (all base tables of the current schema but Kysely's), parents before children. */
async function appTables(q: Kysely<any>): Promise<TableInfo[]> {
  const { rows } = await sql<{ table: string; column: string; type: string; generated: string; pk: number | null }>`
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
           a.attgenerated::text as generated, array_position(i.indkey::int2[], a.attnum) as pk
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    left join pg_index i on i.indrelid = c.oid and i.indisprimary
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname <> all (${MIGRATION_TABLES})
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
async function serialSequences(q: Kysely<any>, tables: string[]): Promise<SequenceInfo[]> {
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

async function countRows(q: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::bigint as n from ${sql.id(table)}`.execute(q);
  return Number(rows[0]!.n);
}

/** The schema version of a database: the name of its latest migration, or null when it has none. */
export async function schemaVersionOf(db: Kysely<any>): Promise<string | null> {
  return (await appliedMigrations(db)).at(-1) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Writing

type Emit = (text: string) => Promise<void>;

/** Writes a whole backup through `emit`. Must run inside a transaction (cursors; one snapshot). */
async function emitBackup(q: Kysely<any>, engine: string, emit: Emit, now: Date): Promise<BackupSummary> {
  // Timestamps as UTC ISO text with all their digits, whatever the server's time zone.
  await sql`set local time zone 'UTC'`.execute(q);
  const migrations = await appliedMigrations(q);
  if (!migrations.length) throw new BackupError("the database has no UPR Monitor schema yet (no migration has been applied), so there is nothing to back up");
  const tables = await appTables(q);
  const rows: Record<string, number> = {};
  for (const t of tables) rows[t.name] = await countRows(q, t.name);
  const sequences: BackupHeader["sequences"] = [];
  for (const s of await serialSequences(q, tables.map((t) => t.name))) {
    const { rows: seq } = await sql<{ last_value: number; is_called: boolean }>`select last_value, is_called from ${sql.raw(s.sequence)}`.execute(q);
    sequences.push({ table: s.table, column: s.column, lastValue: Number(seq[0]!.last_value), isCalled: seq[0]!.is_called });
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: migrations.at(-1)!,
    migrations,
    createdAt: now.toISOString(),
    engine,
    tables: tables.map((t) => ({ name: t.name, columns: t.columns.map(({ name, type }) => ({ name, type })), primaryKey: t.primaryKey, rows: rows[t.name]! })),
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
    await sql`declare ${sql.id(cursor)} no scroll cursor for select row_to_json(x)::text as j from ${sql.id(t.name)} x${order}`.execute(q);
    const prefix = `{"t":${JSON.stringify(t.name)},"r":`;
    let written = 0;
    for (;;) {
      const { rows: batch } = await sql<{ j: string }>`fetch forward ${sql.lit(FETCH_ROWS)} from ${sql.id(cursor)}`.execute(q);
      if (!batch.length) break;
      let chunk = "";
      // A raw line break can only be whitespace between JSON tokens (json columns keep their input text).
      for (const r of batch) chunk += `${prefix}${r.j.includes("\n") || r.j.includes("\r") ? r.j.replace(/[\r\n]/g, " ") : r.j}}\n`;
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

/** gzip to `out`, fed by `produce`; `out` is ended when done and destroyed on failure. */
async function gzipTo(out: Writable, produce: (emit: Emit) => Promise<BackupSummary>): Promise<BackupSummary> {
  const gzip = zlib.createGzip({ level: 6 });
  const piping = pipeline(gzip, out);
  piping.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  const emit: Emit = async (text) => {
    if (gzip.destroyed) throw new Error("the backup output was closed");
    if (!gzip.write(text)) await Promise.race([once(gzip, "drain"), piping.then(() => { throw new Error("the backup output was closed"); })]);
  };
  try {
    const summary = await produce(emit);
    gzip.end();
    await piping;
    return summary;
  } catch (error) {
    gzip.destroy(error as Error);
    await piping.catch(() => {});
    throw error;
  }
}

/**
 * Writes a backup of the whole database to `out` (gzip JSON Lines), from one consistent snapshot,
 * and ends `out`. On failure `out` is destroyed, so a reader sees a truncated (refused) file.
 */
export async function writeBackup(source: BackupSource, out: Writable, options: { now?: Date } = {}): Promise<BackupSummary> {
  const now = options.now ?? new Date();
  return gzipTo(out, (emit) =>
    source.db.transaction().execute(async (trx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(trx);
      return emitBackup(trx, source.engine, emit, now);
    }),
  );
}

/** Writes to FILE.partial, syncs, then renames: a file under the final name is always complete. */
async function writeFileAtomically(file: string, write: (out: Writable) => Promise<BackupSummary>): Promise<BackupSummary> {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose another file name`);
  try {
    await fsp.mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new BackupError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const partial = `${file}.partial`;
  try {
    const summary = await write(fs.createWriteStream(partial));
    const handle = await fsp.open(partial, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(partial, file);
    return summary;
  } catch (error) {
    await fsp.rm(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof BackupError || !code || code.startsWith("Z_")) throw error;
    throw new BackupError(`cannot write ${file}: ${code} ${(error as Error).message}`.trim());
  }
}

/** Writes a backup to a new file (refused if it exists). */
export async function writeBackupFile(source: BackupSource, file: string, options: { now?: Date } = {}): Promise<BackupSummary> {
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
  if (!schemaVersion) throw new BackupError("the database has no UPR Monitor schema yet (no migration has been applied), so there is nothing to back up");
  const file = freeBackupPath(dir, schemaVersion, now, options.kind);
  const summary = await writeBackupFile(source, file, { now });
  return { ...summary, file };
}

/** dir/<standard name>; when that exists (two in one second), the name of the next free second. */
function freeBackupPath(dir: string, schemaVersion: string, at: Date, kind?: BackupKind): string {
  for (let s = 0; ; s++) {
    const file = path.join(dir, backupFileName({ schemaVersion, at: new Date(at.getTime() + s * 1000), kind }));
    if (!fs.existsSync(file) && !fs.existsSync(`${file}.partial`)) return file;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and checking

interface Line {
  text: string;
  bytes: Buffer;
  number: number;
}

function describeFile(file: string): string {
  return path.basename(file);
}

/** The file's lines (each without its "\n"). Gzip or plain; refuses damaged compression and endless lines. */
async function* readLines(file: string): AsyncGenerator<Line> {
  const name = describeFile(file);
  let magic: Buffer;
  try {
    const handle = await fsp.open(file, "r");
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
      magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      if (bytesRead === 0) throw new BackupError(`${name} is empty: it is not a UPR Monitor backup`);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(code === "ENOENT" ? `${file}: no such file` : `cannot read ${file}: ${code ?? (error as Error).message}`);
  }
  const source = fs.createReadStream(file);
  let stream: AsyncIterable<Buffer> = source;
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    const gunzip = zlib.createGunzip();
    source.on("error", (error) => gunzip.destroy(error));
    stream = source.pipe(gunzip);
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const take = (last: Buffer): Line => {
    const bytes = pending.length ? Buffer.concat([...pending, last]) : last;
    pending = [];
    pendingBytes = 0;
    number += 1;
    return { bytes, text: bytes.toString("utf8"), number };
  };
  try {
    for await (const chunk of stream) {
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        yield take(chunk.subarray(start, nl));
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) {
          throw new BackupError(`${name} is not a UPR Monitor backup, or it is damaged (line ${number + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB)`);
        }
      }
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (e.code?.startsWith("Z_") || e.code === "ERR_ZLIB_INITIALIZATION_FAILED") {
      const truncated = /unexpected end/i.test(e.message);
      throw new BackupError(`${name} is ${truncated ? "truncated (incomplete)" : "damaged"}: its compressed data cannot be read (${e.message}); nothing was changed`);
    }
    throw new BackupError(`cannot read ${file}: ${e.code ?? e.message}`);
  } finally {
    source.destroy();
  }
  if (pendingBytes > 0) {
    // The last line lacks its "\n": the file was cut off (every line a backup writes ends with one).
    yield { ...take(Buffer.alloc(0)), number: -number };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses and checks a header line; `known` given: also whether this app can restore it. */
function checkHeader(name: string, line: Line | undefined, known?: string[]): BackupHeader {
  if (line && line.number < 0 && line.text.startsWith(`{"format":"${BACKUP_FORMAT}"`)) {
    throw new BackupError(`${name} is truncated (it ends inside its header); nothing was changed`);
  }
  const value = line && line.number > 0 ? parseJson(line.text) : undefined;
  if (!isObject(value) || value.format !== BACKUP_FORMAT) {
    throw new BackupError(`${name} is not a UPR Monitor backup (it does not start with a backup header); nothing was changed`);
  }
  if (typeof value.formatVersion === "number" && value.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(`${name}: ${restoreRefusal({ formatVersion: value.formatVersion, schemaVersion: "", migrations: [] }, known ?? [])}`);
  }
  const parsed = BackupHeaderSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(`${name} has a damaged header (${issue.path.join(".") || "header"}: ${issue.message}); nothing was changed`);
  }
  if (known) {
    const refusal = restoreRefusal(parsed.data, known);
    if (refusal) throw new BackupError(`${name}: ${refusal}; nothing was changed`);
  }
  return parsed.data;
}

/** Reads only the header (fast): what the file holds, and, with `known`, whether it can be restored. */
export async function readBackupHeader(file: string, options: { known?: string[] } = {}): Promise<BackupHeader> {
  const lines = readLines(file);
  try {
    const first = await lines.next();
    return checkHeader(describeFile(file), first.done ? undefined : first.value, options.known);
  } finally {
    await lines.return(undefined);
  }
}

/**
 * Reads the whole file and checks it: header, every row line, the trailer's row counts and
 * checksum. `onRow` (the restore's load) gets each row's JSON text as written; when it is given
 * the caller must still treat a throw at the end (bad checksum) as "roll back".
 */
async function scanBackup(
  file: string,
  options: { known?: string[]; onRow?: (table: string, rowJson: string) => Promise<void> } = {},
): Promise<BackupSummary> {
  const name = describeFile(file);
  const damaged = (what: string) => new BackupError(`${name} is damaged (${what}); nothing was changed`);
  const lines = readLines(file);
  try {
    const first = await lines.next();
    const header = checkHeader(name, first.done ? undefined : first.value, options.known);
    const hash = createHash("sha256");
    hash.update(first.value!.bytes).update("\n");
    const order = new Map(header.tables.map((t, i) => [t.name, i]));
    const counted: Record<string, number> = Object.fromEntries(header.tables.map((t) => [t.name, 0]));
    const prefixes = new Map(header.tables.map((t) => [t.name, `{"t":${JSON.stringify(t.name)},"r":`]));
    let current = 0;
    let trailer: ReturnType<typeof BackupTrailerSchema.parse> | null = null;
    let last = 1;
    for await (const line of lines) {
      if (line.number < 0) throw new BackupError(`${name} is truncated (it ends in the middle of line ${-line.number}); nothing was changed`);
      last = line.number;
      if (trailer) throw damaged(`there is more after the end marker, at line ${line.number}`);
      const value = parseJson(line.text);
      if (!isObject(value)) throw damaged(`line ${line.number} is not JSON`);
      if ("end" in value) {
        const parsed = BackupTrailerSchema.safeParse(value);
        if (!parsed.success) throw damaged(`the end marker at line ${line.number} is malformed`);
        trailer = parsed.data;
        continue;
      }
      const table = value.t;
      if (typeof table !== "string" || !isObject(value.r)) throw damaged(`line ${line.number} is not a row`);
      const at = order.get(table);
      if (at === undefined) throw damaged(`line ${line.number} holds a row of table ${table}, which the header does not list`);
      if (at < current) throw damaged(`line ${line.number}: rows of table ${table} are out of order`);
      current = at;
      hash.update(line.bytes).update("\n");
      counted[table]! += 1;
      if (options.onRow) {
        const prefix = prefixes.get(table)!;
        const raw = line.text.startsWith(prefix) && line.text.endsWith("}") ? line.text.slice(prefix.length, -1) : JSON.stringify(value.r);
        await options.onRow(table, raw);
      }
    }
    if (!trailer) throw new BackupError(`${name} is truncated (incomplete): it ends after line ${last} without its end marker; nothing was changed`);
    if (hash.digest("hex") !== trailer.sha256) throw damaged("its checksum does not match its content");
    for (const t of header.tables) {
      if (counted[t.name] !== t.rows || trailer.rows[t.name] !== t.rows) {
        throw damaged(`table ${t.name}: the header says ${t.rows} rows, the end marker ${trailer.rows[t.name] ?? "none"}, the file holds ${counted[t.name]}`);
      }
    }
    const totalRows = Object.values(counted).reduce((a, b) => a + b, 0);
    if (trailer.totalRows !== totalRows) throw damaged(`the end marker says ${trailer.totalRows} rows, the file holds ${totalRows}`);
    return { header, rows: counted, totalRows };
  } finally {
    await lines.return(undefined);
  }
}

/**
 * Checks a whole backup file without touching any database: readable, complete, checksum right
 * and, with `known` (default: this app's migrations), made by this version of the app or an older one.
 */
export async function verifyBackup(file: string, options: { known?: string[] | null } = {}): Promise<BackupSummary> {
  return scanBackup(file, { known: options.known === null ? undefined : (options.known ?? knownMigrations()) });
}

// ---------------------------------------------------------------------------------------------
// Restoring

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
  const migrator = new Migrator({ db: conn, provider: { getMigrations: async () => guarded }, disableTransactions: true });
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
    sql.raw(`not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`);
  const { rows: relations } = await sql<{ name: string; kind: string }>`
    select c.relname as name, c.relkind::text as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and not c.relispartition
      and ${notInExtension("pg_class", "c.oid")}
    order by c.relkind desc, c.relname`.execute(conn);
  const dropRelation: Record<string, string> = { v: "view", m: "materialized view", r: "table", p: "table", f: "foreign table", S: "sequence" };
  for (const r of relations) await sql`drop ${sql.raw(dropRelation[r.kind]!)} if exists ${sql.id(r.name)} cascade`.execute(conn);
  const { rows: routines } = await sql<{ signature: string; kind: string }>`
    select p.oid::regprocedure::text as signature, p.prokind::text as kind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = current_schema() and ${notInExtension("pg_proc", "p.oid")}`.execute(conn);
  for (const r of routines) await sql`drop ${sql.raw(r.kind === "a" ? "aggregate" : "routine")} if exists ${sql.raw(r.signature)} cascade`.execute(conn);
  const { rows: types } = await sql<{ name: string; kind: string }>`
    select t.oid::regtype::text as name, t.typtype::text as kind from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = current_schema() and t.typtype in ('e', 'd', 'r', 'c')
      and (t.typtype <> 'c' or exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
      and ${notInExtension("pg_type", "t.oid")}`.execute(conn);
  for (const t of types) await sql`drop ${sql.raw(t.kind === "d" ? "domain" : "type")} if exists ${sql.raw(t.name)} cascade`.execute(conn);
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
export async function restoreBackup(target: BackupSource, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const known = knownMigrations();
  const verified = options.verified ?? (await verifyBackup(file, { known }));
  const { header } = verified;
  const name = describeFile(file);
  const log = options.log ?? (() => {});
  let safetyFile: string | null = null;
  return (target.db as Kysely<any>).connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`set local time zone 'UTC'`.execute(conn);
      // 1. What the target holds now.
      const applied = await appliedMigrations(conn);
      const unknown = applied.find((m) => !known.includes(m));
      if (unknown) {
        throw new BackupError(`the database was made by a newer version of UPR Monitor (schema ${applied.at(-1)}); upgrade the app first; nothing was changed`);
      }
      const before = await appTables(conn);
      const counts = await Promise.all(before.map(async (t) => ({ name: t.name, rows: await countRows(conn, t.name) })));
      const held = counts.filter((c) => c.rows > 0);
      let replaced: RestoreResult["replaced"] = null;
      if (held.length) {
        if (!options.replace) {
          throw new BackupError(`the database already holds data (${describeCounts(counts)}); nothing was restored. To replace it, restore with --replace: a backup of what it holds is kept first`);
        }
        if (!applied.length) throw new BackupError("the database holds tables that UPR Monitor did not make; nothing was restored");
        if (!options.safetyBackupDir) throw new BackupError("replacing data needs a folder for the backup of what is replaced");
        // 2. Keep what is replaced: no one may write while it is read and removed.
        await sql`lock table ${sql.join(before.map((t) => sql.id(t.name)))} in exclusive mode`.execute(conn);
        const now = options.now ?? new Date();
        const file = freeBackupPath(options.safetyBackupDir, applied.at(-1)!, now, "before-restore");
        const kept = await writeFileAtomically(file, (out) => gzipTo(out, (emit) => emitBackup(conn, target.engine, emit, now)));
        safetyFile = file;
        replaced = { totalRows: kept.totalRows, backupFile: file };
        log(`kept a backup of the replaced data (${formatCount(kept.totalRows, "row")}): ${file}`);
      }
      if (before.length) await sql`truncate table ${sql.join(before.map((t) => sql.id(t.name)))} restart identity cascade`.execute(conn);

      // 3. The schema the backup was made with. A database at a newer schema (an older backup
      // restored after an upgrade) is emptied of the app's schema and built again from the first
      // migration: that does not depend on any migration's down step being complete.
      if (applied.some((m, i) => header.migrations[i] !== m)) {
        await dropAppSchema(conn);
        log(`the database was at a newer schema (${applied.at(-1)}) than the backup: its tables were rebuilt from the first migration`);
      }
      await migrateWithin(conn, (m) => m.migrateTo(header.schemaVersion));
      const tables = await appTables(conn);
      // Rows that migrations themselves insert are in the backup too: start from empty tables.
      if (tables.length) await sql`truncate table ${sql.join(tables.map((t) => sql.id(t.name)))} restart identity cascade`.execute(conn);
      const byName = new Map(tables.map((t) => [t.name, t]));
      const insertColumns = new Map<string, string[]>();
      for (const t of header.tables) {
        const here = byName.get(t.name);
        if (!here) throw new BackupError(`${name} holds table ${t.name}, which schema ${header.schemaVersion} of this app does not have; nothing was changed`);
        const missing = t.columns.find((c) => !here.columns.some((h) => h.name === c.name));
        if (missing) throw new BackupError(`${name} holds column ${t.name}.${missing.name}, which schema ${header.schemaVersion} of this app does not have; nothing was changed`);
        insertColumns.set(t.name, t.columns.filter((c) => !here.columns.find((h) => h.name === c.name)!.generated).map((c) => c.name));
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
      for (const tr of triggers) await sql`alter table ${sql.id(tr.table)} disable trigger ${sql.id(tr.trigger)}`.execute(conn);
      let batch: string[] = [];
      let batchBytes = 0;
      let batchTable = "";
      let tableRows = 0;
      const flush = async () => {
        if (!batch.length) return;
        const columns = sql.join(insertColumns.get(batchTable)!.map((c) => sql.id(c)));
        const json = `[${batch.join(",")}]`;
        await sql`insert into ${sql.id(batchTable)} (${columns}) overriding system value
                  select ${columns} from json_populate_recordset(null::${sql.id(batchTable)}, ${json}::text::json)`.execute(conn);
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
      for (const tr of triggers) await sql`alter table ${sql.id(tr.table)} enable trigger ${sql.id(tr.trigger)}`.execute(conn);
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
      for (const tr of triggers) await sql`alter table ${sql.id(tr.table)} enable trigger ${sql.id(tr.trigger)}`.execute(conn);

      // 5. Sequences: past the highest id, and no lower than they were (ids of deleted rows stay unused).
      for (const s of await serialSequences(conn, tables.map((t) => t.name))) {
        const saved = header.sequences.find((x) => x.table === s.table && x.column === s.column);
        const floor = saved?.isCalled ? saved.lastValue : null;
        await sql`select setval(${s.sequence}::regclass, v, true) from (select greatest((select max(${sql.id(s.column)}) from ${sql.id(s.table)})::bigint, ${floor}::bigint) as v) m where v is not null`.execute(conn);
      }

      // 6. This app's latest schema.
      const upgradedWith = await migrateWithin(conn, (m) => m.migrateToLatest());
      await sql`commit`.execute(conn);
      return { backup: loaded, schemaVersion: known.at(-1)!, upgradedWith, replaced };
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => {});
      // A migration that failed may have left Kysely's session-level lock behind: let go of it.
      await sql`select pg_advisory_unlock_all()`.execute(conn).catch(() => {});
      if (safetyFile) await fsp.rm(safetyFile, { force: true });
      if (error instanceof BackupError) throw error;
      throw new BackupError(`restoring ${name} failed, nothing was changed: ${(error as Error).message ?? String(error)}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Rolling backups (embedded mode) and what the admin page shows

export interface RollingBackupOptions {
  dir: string;
  keep: number;
  intervalMs: number;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface RollingBackups {
  /** Makes a rolling backup now and deletes the ones beyond `keep`; resolves to its path. */
  runNow(): Promise<string>;
  /** No more backups; waits for one in progress. */
  stop(): Promise<void>;
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Backs the database up into `dir` every `intervalMs` (the first one at once when the newest there
 * is older than that) and keeps the newest `keep`. Timers do not keep the process alive.
 */
export function startRollingBackups(source: BackupSource, options: RollingBackupOptions): RollingBackups {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string> | null = null;
  let stopped = false;

  const runNow = (): Promise<string> => {
    if (running) return running;
    running = (async () => {
      try {
        const { file, totalRows } = await writeBackupToDir(source, options.dir, { kind: "auto", now: now() });
        const names = listDir(options.dir);
        for (const old of rollingBackupsToDelete(names, options.keep)) await fsp.rm(path.join(options.dir, old), { force: true });
        // Left by a crash in the middle of writing.
        for (const partial of names.filter((n) => n.endsWith(".partial") && parseBackupFileName(n.slice(0, -".partial".length))?.kind === "auto")) {
          await fsp.rm(path.join(options.dir, partial), { force: true });
        }
        log(`rolling backup: ${file} (${formatCount(totalRows, "row")})`);
        return file;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      runNow()
        .catch((error) => log(`rolling backup failed: ${(error as Error).message}`))
        .finally(() => schedule(options.intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(nextRollingBackupDelay(listDir(options.dir), options.intervalMs, now()));

  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

export interface BackupOverview {
  engine: Engine;
  schemaVersion: string | null;
  tables: { name: string; rows: number }[];
  totalRows: number;
  /** Embedded mode: the rolling backups, newest first; null on PostgreSQL. */
  rolling: { dir: string; keep: number; intervalHours: number; files: { name: string; bytes: number; createdAt: string }[] } | null;
}

/** What the admin backup page shows: what a backup would hold, and the rolling backups. */
export async function getBackupOverview(
  source: BackupSource,
  rolling: { dir: string; keep: number; intervalHours: number } | null,
): Promise<BackupOverview> {
  const db = source.db as Kysely<any>;
  const schemaVersion = await schemaVersionOf(db);
  const tables = await Promise.all((await appTables(db)).map(async (t) => ({ name: t.name, rows: await countRows(db, t.name) })));
  const files: { name: string; bytes: number; createdAt: string }[] = [];
  for (const name of rolling ? listDir(rolling.dir) : []) {
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
 * not hold the database), recorded in the audit log, then streamed; the file goes when the stream
 * closes.
 */
export async function prepareBackupDownload(
  source: BackupSource,
  actor: { userId: number },
  options: { now?: Date } = {},
): Promise<{ fileName: string; bytes: number; body: ReadableStream<Uint8Array>; summary: BackupSummary }> {
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
      after: { schemaVersion: written.header.schemaVersion, totalRows: written.totalRows, file: path.basename(written.file) },
    });
    const bytes = (await fsp.stat(written.file)).size;
    const stream = fs.createReadStream(written.file);
    stream.once("close", () => void cleanup());
    return { fileName: path.basename(written.file), bytes, body: createReadableStreamFromReadable(stream), summary: written };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Where backups go unless told otherwise: DATA_DIR/backups in embedded mode (beside the data, where
 * the rolling backups are), ./backups (from the current folder) with DATABASE_URL.
 */
export function defaultBackupDir(e: { DATABASE_URL?: string; DATA_DIR: string }): string {
  return e.DATABASE_URL ? path.resolve("backups") : path.join(path.resolve(e.DATA_DIR), "backups");
}
