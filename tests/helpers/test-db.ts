// Integration tests run on embedded PGlite always, and on a real PostgreSQL server too when
// TEST_DATABASE_URL is set. Each test file gets a database of its own, created fresh and dropped after.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, type Db, type Engine } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";

export function enginesUnderTest(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDb {
  readonly handle: Db;
  readonly db: Kysely<Database>;
  /** For engine-level tests: a URL of this test's own PostgreSQL database (postgres only), or null. */
  readonly url: string | null;
}

/** Creates an empty database on the given engine. Call `drop` when done. */
export async function createTestDatabase(
  engine: Engine,
): Promise<{ handle: Db; url: string | null; drop: () => Promise<void> }> {
  if (engine === "pglite") {
    const handle = await createDb({ dataDir: null });
    return { handle, url: null, drop: async () => {} };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `upr_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString() });
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A describe block per engine, each with its own migrated database. */
export function describeEachEngine(name: string, body: (t: TestDb) => void, options: { migrate?: boolean } = {}): void {
  for (const engine of enginesUnderTest()) {
    describe(`${name} [${engine}]`, () => {
      let handle: Db | undefined;
      let url: string | null = null;
      let drop = async () => {};
      beforeAll(async () => {
        ({ handle, url, drop } = await createTestDatabase(engine));
        if (options.migrate !== false) await migrateToLatest(handle.db);
      });
      afterAll(async () => {
        await handle?.close();
        await drop();
      });
      body({
        get handle() {
          return handle!;
        },
        get db() {
          return handle!.db;
        },
        get url() {
          return url;
        },
      });
    });
  }
}
