// The one database handle of the running app, created once per process. server/serve.ts (npm start) opens it
// (and migrates and seeds) before serving; the server bundle finds it here through globalThis.
import { createDb, type Db } from "../db/client";
import { env } from "./env.server";

declare global {
  var __uprDb: Promise<Db> | undefined;
}

export function setDb(db: Promise<Db>): void {
  globalThis.__uprDb = db;
}

export function getDbHandle(): Promise<Db> {
  if (!globalThis.__uprDb) {
    const e = env();
    globalThis.__uprDb = e.DATABASE_URL
      ? createDb({ databaseUrl: e.DATABASE_URL, prepare: e.DATABASE_PREPARE })
      : createDb({ dataDir: e.DATA_DIR });
  }
  return globalThis.__uprDb;
}

export async function getDb() {
  return (await getDbHandle()).db;
}
