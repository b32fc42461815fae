// Shared start-up for command-line scripts: validated env, one database, one clear line on failure.
import { EnvError, parseEnv, type Env } from "../../app/env.server";
import { createDb, StartupError, type Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

export function openDbFromEnv(e: Env): Promise<Db> {
  return e.DATABASE_URL ? createDb({ databaseUrl: e.DATABASE_URL }) : createDb({ dataDir: e.DATA_DIR });
}

/** Opens the database and applies pending migrations; prints what was applied. */
export async function openMigratedDb(e: Env): Promise<Db> {
  const handle = await openDbFromEnv(e);
  try {
    const applied = await migrateToLatest(handle.db);
    for (const name of applied) console.log(`migrated: ${name}`);
  } catch (error) {
    await handle.close();
    throw new StartupError((error as Error).message);
  }
  return handle;
}

/** Runs a script's main; known problems print one line (no stack trace) and exit 1. */
export function runMain(main: (env: Env) => Promise<void | number>): void {
  let e: Env;
  try {
    e = parseEnv();
  } catch (error) {
    fail(error);
    return;
  }
  main(e).then(
    (code) => {
      if (typeof code === "number") process.exitCode = code;
    },
    (error) => fail(error),
  );
}

function fail(error: unknown): void {
  if (error instanceof StartupError || error instanceof EnvError) {
    console.error(`upr-monitor: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
