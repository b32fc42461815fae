// The one database handle of the running app, created once per process. server/serve.ts (npm start) opens it
// (and migrates and seeds) before serving; the server bundle finds it here through globalThis.
import type { Db } from "../db/client";
import { openDbFromEnv } from "../db/open";
import { env } from "./env.server";

declare global {
  var __uprDb: Promise<Db> | undefined;
}

export function setDb(db: Promise<Db>): void {
  globalThis.__uprDb = db;
}

export function getDbHandle(): Promise<Db> {
  if (!globalThis.__uprDb) {
    globalThis.__uprDb = openDbFromEnv(env());
  }
  return globalThis.__uprDb;
}

export async function getDb() {
  return (await getDbHandle()).db;
}
