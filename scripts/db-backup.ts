// `npm run db:backup -- [--out FILE]`: the whole database (embedded in DATA_DIR, or DATABASE_URL) in
// one file that any UPR Monitor of this version or newer restores, on either engine (db:restore).
// Default file: DATA_DIR/backups/ in embedded mode, backups/ (in the current folder: the app's
// folder under npm) with DATABASE_URL, named
// upr-monitor-<UTC time>-<schema version>.jsonl.gz. The database is read as it is (not migrated).
// Exit codes: 0 written, 1 not written (the reason in one line), 2 bad arguments.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatCount } from "../app/lib/backup-format";
import { BackupError, defaultBackupDir } from "../app/lib/backup-file.server";
import { writeBackupFile, writeBackupToDir } from "../app/models/backup.server";
import { StartupError } from "../db/client";
import { type Io, isEntryPoint, type Main, openDbFromEnv, runMain } from "./lib/cli";

const USAGE = `usage: npm run db:backup -- [--out FILE]
  Writes the whole database to one compressed file: the embedded database in DATA_DIR, or the
  PostgreSQL database of DATABASE_URL. Without --out the file goes to DATA_DIR/backups (embedded)
  or backups/ in the app's folder (PostgreSQL), named after the time and the schema version.
  While the server runs on an embedded database, use its rolling backups (DATA_DIR/backups) or
  download one at /admin/backup instead.`;

function bad(io: Io, message: string): number {
  io.error(`db:backup: ${message}`);
  io.error(USAGE);
  return 2;
}

export const main: Main = async (env, args, io) => {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return bad(io, (error as Error).message);
  }
  if (values.help) {
    io.log(USAGE);
    return 0;
  }
  if (values.out !== undefined && values.out.trim() === "") return bad(io, "--out needs a file name");
  if (values.out && fs.existsSync(values.out)) {
    io.error(`db:backup: ${path.resolve(values.out)} already exists; choose another file name (nothing was written)`);
    return 1;
  }

  let handle;
  try {
    handle = await openDbFromEnv(env);
  } catch (error) {
    if (error instanceof StartupError && /in use by another process/.test(error.message)) {
      throw new StartupError(
        `${error.message}; while the server runs, download a backup at /admin/backup or use the rolling backups in ${defaultBackupDir(env)}`,
      );
    }
    throw error;
  }
  try {
    const written = values.out
      ? { ...(await writeBackupFile(handle, path.resolve(values.out))), file: path.resolve(values.out) }
      : await writeBackupToDir(handle, defaultBackupDir(env));
    const tables = Object.values(written.rows).filter((n) => n > 0).length;
    io.log(
      `backup written: ${written.file} (schema ${written.header.schemaVersion}; ${formatCount(written.totalRows, "row")} in ${formatCount(tables, "table")}; ${handle.engine}: ${handle.location})`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.error(`db:backup: ${error.message}`);
    return 1;
  } finally {
    await handle.close();
  }
};

if (isEntryPoint(import.meta.url)) runMain(main);
