// Opening the database the environment names: PostgreSQL when DATABASE_URL is set, else the embedded
// database in DATA_DIR. Used by the server (server/serve.ts) and the command-line scripts.
import { createDb, StartupError, type Db } from "./client";
import { migrateToLatest } from "./migrate";

/** The settings that choose the database and how to reach it (app/env.server.ts validates them). */
export interface DbSettings {
  DATABASE_URL?: string;
  DATA_DIR: string;
  /** false: no named prepared statements (behind PgBouncer in transaction mode). Default true. */
  DATABASE_PREPARE?: boolean;
}

export function openDbFromEnv(e: DbSettings): Promise<Db> {
  return e.DATABASE_URL
    ? createDb({ databaseUrl: e.DATABASE_URL, prepare: e.DATABASE_PREPARE ?? true })
    : createDb({ dataDir: e.DATA_DIR });
}

/** Opens the database and applies pending migrations; prints what was applied. */
export async function openMigratedDb(e: DbSettings, log: (line: string) => void = console.log): Promise<Db> {
  const handle = await openDbFromEnv(e);
  try {
    const applied = await migrateToLatest(handle.db);
    for (const name of applied) log(`migrated: ${name}`);
  } catch (error) {
    await handle.close();
    throw new StartupError((error as Error).message);
  }
  return handle;
}
