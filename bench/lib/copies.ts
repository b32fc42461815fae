// Throw-away copies of the seeded bench databases for a load test that writes (bench:load --writers,
// --pglite): the editors' users and assessments go into the copy, and the seeded world stays exactly as
// bench:seed made it, so every run starts from the same data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { redactUrl, StartupError } from "../../db/client";

/**
 * A fresh copy of the PostgreSQL database of `url` (CREATE DATABASE ... TEMPLATE: a file copy on
 * the server) named `<name>_load`, replacing an older copy of that name; its URL, and a drop.
 * The source database must have no other connections while it is copied.
 */
export async function copyPostgresDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const source = decodeURIComponent(new URL(url).pathname.slice(1));
  const copy = `${source}_load`;
  if (!/^[a-z_][a-z0-9_]*$/.test(source))
    throw new StartupError(
      `will not copy a database named ${JSON.stringify(source)}: use lower-case letters, digits and _`,
    );
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`drop database if exists ${copy} with (force)`);
    await admin.unsafe(`create database ${copy} template ${source} strategy file_copy`);
  } catch (error) {
    throw new StartupError(`cannot copy ${redactUrl(url)} to ${copy}: ${(error as Error).message}`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  const copyUrl = new URL(url);
  copyUrl.pathname = `/${copy}`;
  return {
    url: copyUrl.toString(),
    drop: async () => {
      const again = postgres(adminUrl.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        await again.unsafe(`drop database if exists ${copy} with (force)`);
      } finally {
        await again.end({ timeout: 1 });
      }
    },
  };
}

/**
 * A copy of a closed PGlite data directory in the system's temporary folder (without its lock file
 * and backups); its path, and a removal.
 */
export function copyPgliteDir(dir: string): { dir: string; remove: () => void } {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "upr-bench-load-"));
  fs.cpSync(dir, copy, {
    recursive: true,
    filter: (src) => !["upr-monitor.lock", "backups"].includes(path.relative(dir, src)),
  });
  return { dir: copy, remove: () => fs.rmSync(copy, { recursive: true, force: true }) };
}
