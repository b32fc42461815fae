// `npm run db:restore -- FILE [--replace]`: restores a backup made by db:backup (or downloaded at
// /admin/backup) into the embedded database in DATA_DIR, or the PostgreSQL database of DATABASE_URL,
// whichever engine made it. The file is checked completely before anything is written; an older
// backup is upgraded to this version's schema. A database that holds data is refused unless
// --replace is given; then a backup of what it held is kept first (DATA_DIR/backups in embedded
// mode, backups/ in the current folder with DATABASE_URL). On any failure nothing is changed.
// Exit codes: 0 restored, 1 refused or failed (the reason in one line), 2 bad arguments.
import path from "node:path";
import { parseArgs } from "node:util";
import { formatCount } from "../app/lib/backup-format";
import { BackupError, defaultBackupDir } from "../app/lib/backup-file.server";
import { restoreBackup } from "../app/models/backup-restore.server";
import { knownMigrations } from "../app/models/backup.server";
import { CLI_LIMITS, ParseLimitError, runJobOnce } from "../app/parsing/pool.server";
import { type Io, isEntryPoint, type Main, openDbFromEnv, runMain } from "./lib/cli";

const USAGE = `usage: npm run db:restore -- FILE [--replace]
  Restores FILE (made by npm run db:backup or downloaded at /admin/backup) into the embedded
  database in DATA_DIR, or into the PostgreSQL database of DATABASE_URL. The database must be
  empty, unless --replace is given: then its data is first saved to DATA_DIR/backups (embedded)
  or backups/ in the app's folder (PostgreSQL) and replaced. Stop the server first.`;

function bad(io: Io, message: string): number {
  io.error(`db:restore: ${message}`);
  io.error(USAGE);
  return 2;
}

function refused(io: Io, message: string): number {
  io.error(`db:restore: ${message}`);
  return 1;
}

export const main: Main = async (env, args, io) => {
  let values: { replace?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { replace: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    return bad(io, (error as Error).message);
  }
  if (values.help) {
    io.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1)
    return bad(io, positionals.length ? "give one backup file" : "which backup file? give its path");
  const file = path.resolve(positionals[0]!);

  // The whole file is checked before the database is even opened, in a parsing worker (app/parsing)
  // with the command line's limits.
  let verified;
  try {
    verified = await runJobOnce("backup", { file, known: knownMigrations() }, { limits: CLI_LIMITS });
  } catch (error) {
    if (error instanceof BackupError || (error as Error).name === "BackupError")
      return refused(io, (error as Error).message);
    if (error instanceof ParseLimitError) return refused(io, error.message);
    throw error;
  }
  const h = verified.header;
  io.log(
    `checked ${file}: schema ${h.schemaVersion}, made ${h.createdAt} on ${h.engine}, ${formatCount(verified.totalRows, "row")}`,
  );

  const handle = await openDbFromEnv(env);
  try {
    const result = await restoreBackup(handle, file, {
      replace: values.replace,
      safetyBackupDir: defaultBackupDir(env),
      verified,
      log: (line) => io.log(line),
    });
    const tables = Object.values(result.backup.rows).filter((n) => n > 0).length;
    if (result.upgradedWith.length) io.log(`upgraded to this version's schema: ${result.upgradedWith.join(", ")}`);
    io.log(
      `restored ${formatCount(result.backup.totalRows, "row")} in ${formatCount(tables, "table")} into ${handle.engine}: ${handle.location} (schema ${result.schemaVersion})`,
    );
    if (result.replaced)
      io.log(
        `the ${formatCount(result.replaced.totalRows, "row")} it replaced are kept in ${result.replaced.backupFile}`,
      );
    return 0;
  } catch (error) {
    if (error instanceof BackupError) return refused(io, error.message);
    throw error;
  } finally {
    await handle.close();
  }
};

if (isEntryPoint(import.meta.url)) runMain(main);
