// Backup files, apart from any database: reading, checking and writing them whole or not at all, and
// where they go. The format and its pure rules are in app/lib/backup-format.ts; the database side
// (what is written, the restore) is in app/models/backup.server.ts. Node streams and files: server only.
import { createHash } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupHeader,
  BackupHeaderSchema,
  type BackupKind,
  BackupTrailerSchema,
  backupFileName,
  restoreRefusal,
} from "./backup-format";

/** A backup or restore that cannot be done: the message is one line for the user; nothing was changed. */
export class BackupError extends Error {
  override name = "BackupError";
}

export interface BackupSummary {
  header: BackupHeader;
  /** Rows per table, as counted in the file. */
  rows: Record<string, number>;
  totalRows: number;
}

const MAX_LINE_BYTES = 64 * 1024 * 1024;
export type Emit = (text: string) => Promise<void>;

/** gzip to `out`, fed by `produce`; `out` is ended when done and destroyed on failure. */
export async function gzipTo(out: Writable, produce: (emit: Emit) => Promise<BackupSummary>): Promise<BackupSummary> {
  const gzip = zlib.createGzip({ level: 6 });
  const piping = pipeline(gzip, out);
  piping.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  const emit: Emit = async (text) => {
    if (gzip.destroyed) throw new Error("the backup output was closed");
    if (!gzip.write(text))
      await Promise.race([
        once(gzip, "drain"),
        piping.then(() => {
          throw new Error("the backup output was closed");
        }),
      ]);
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

/** Writes to FILE.partial, syncs, then renames: a file under the final name is always complete. */
export async function writeFileAtomically(
  file: string,
  write: (out: Writable) => Promise<BackupSummary>,
): Promise<BackupSummary> {
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

/** dir/<standard name>; when that exists (two in one second), the name of the next free second. */
export function freeBackupPath(dir: string, schemaVersion: string, at: Date, kind?: BackupKind): string {
  for (let s = 0; ; s++) {
    const file = path.join(dir, backupFileName({ schemaVersion, at: new Date(at.getTime() + s * 1000), kind }));
    if (!fs.existsSync(file) && !fs.existsSync(`${file}.partial`)) return file;
  }
}

export function listFolder(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and checking

interface Line {
  text: string;
  bytes: Buffer;
  number: number;
}

export function describeFile(file: string): string {
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
    throw new BackupError(
      code === "ENOENT" ? `${file}: no such file` : `cannot read ${file}: ${code ?? (error as Error).message}`,
    );
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
          throw new BackupError(
            `${name} is not a UPR Monitor backup, or it is damaged (line ${number + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB)`,
          );
        }
      }
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (e.code?.startsWith("Z_") || e.code === "ERR_ZLIB_INITIALIZATION_FAILED") {
      const truncated = /unexpected end/i.test(e.message);
      throw new BackupError(
        `${name} is ${truncated ? "truncated (incomplete)" : "damaged"}: its compressed data cannot be read (${e.message}); nothing was changed`,
      );
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
    throw new BackupError(
      `${name} is not a UPR Monitor backup (it does not start with a backup header); nothing was changed`,
    );
  }
  if (typeof value.formatVersion === "number" && value.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `${name}: ${restoreRefusal({ formatVersion: value.formatVersion, schemaVersion: "", migrations: [] }, known ?? [])}`,
    );
  }
  const parsed = BackupHeaderSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(
      `${name} has a damaged header (${issue.path.join(".") || "header"}: ${issue.message}); nothing was changed`,
    );
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
export async function scanBackup(
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
      if (line.number < 0)
        throw new BackupError(
          `${name} is truncated (it ends in the middle of line ${-line.number}); nothing was changed`,
        );
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
      if (at === undefined)
        throw damaged(`line ${line.number} holds a row of table ${table}, which the header does not list`);
      if (at < current) throw damaged(`line ${line.number}: rows of table ${table} are out of order`);
      current = at;
      hash.update(line.bytes).update("\n");
      counted[table]! += 1;
      if (options.onRow) {
        const prefix = prefixes.get(table)!;
        const raw =
          line.text.startsWith(prefix) && line.text.endsWith("}")
            ? line.text.slice(prefix.length, -1)
            : JSON.stringify(value.r);
        await options.onRow(table, raw);
      }
    }
    if (!trailer)
      throw new BackupError(
        `${name} is truncated (incomplete): it ends after line ${last} without its end marker; nothing was changed`,
      );
    if (hash.digest("hex") !== trailer.sha256) throw damaged("its checksum does not match its content");
    for (const t of header.tables) {
      if (counted[t.name] !== t.rows || trailer.rows[t.name] !== t.rows) {
        throw damaged(
          `table ${t.name}: the header says ${t.rows} rows, the end marker ${trailer.rows[t.name] ?? "none"}, the file holds ${counted[t.name]}`,
        );
      }
    }
    const totalRows = Object.values(counted).reduce((a, b) => a + b, 0);
    if (trailer.totalRows !== totalRows)
      throw damaged(`the end marker says ${trailer.totalRows} rows, the file holds ${totalRows}`);
    return { header, rows: counted, totalRows };
  } finally {
    await lines.return(undefined);
  }
}

/**
 * Where backups go unless told otherwise: DATA_DIR/backups in embedded mode (beside the data, where
 * the rolling backups are), ./backups (from the current folder) with DATABASE_URL.
 */
export function defaultBackupDir(e: { DATABASE_URL?: string; DATA_DIR: string }): string {
  return e.DATABASE_URL ? path.resolve("backups") : path.join(path.resolve(e.DATA_DIR), "backups");
}
