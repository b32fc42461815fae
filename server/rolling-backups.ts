// Rolling backups of the embedded database while the server runs: one every BACKUP_INTERVAL_HOURS
// into DATA_DIR/backups, the newest BACKUP_KEEP kept (server/serve.ts starts them).
import fsp from "node:fs/promises";
import path from "node:path";
import { listFolder } from "../app/lib/backup-file.server";
import {
  formatCount,
  nextRollingBackupDelay,
  parseBackupFileName,
  rollingBackupsToDelete,
} from "../app/lib/backup-format";
import { type BackupSource, writeBackupToDir } from "../app/models/backup.server";

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
        const names = listFolder(options.dir);
        for (const old of rollingBackupsToDelete(names, options.keep))
          await fsp.rm(path.join(options.dir, old), { force: true });
        // Left by a crash in the middle of writing.
        for (const partial of names.filter(
          (n) => n.endsWith(".partial") && parseBackupFileName(n.slice(0, -".partial".length))?.kind === "auto",
        )) {
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
  schedule(nextRollingBackupDelay(listFolder(options.dir), options.intervalMs, now()));

  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
