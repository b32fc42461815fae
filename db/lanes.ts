// The writer lane: work that may change data takes a database connection before queued reads, on both
// engines, so that a save waits for the statements under way and not for a queue of page renders
// (docs/decisions/2026-12-02-writer-lane.md). The lane belongs to the work, not to the query: the
// server puts every request that may change data (any method but GET, HEAD and OPTIONS) in it, once,
// at the edge (server/serve.ts), and everything that request runs is in it. Models never name a lane.
//
// - PostgreSQL (db/client.ts): the writer lane has connections of its own (WRITER_CONNECTIONS) beside
//   the readers' pool, so a write never queues behind reads for a connection.
// - PGlite (db/pglite-dialect.ts): one connection; the writer lane's waiters go first, and after a
//   few writes in a row while reads wait, one read goes, so readers still progress.
import { AsyncLocalStorage } from "node:async_hooks";
import type { DatabaseConnection, Dialect, Driver, Kysely, QueryCompiler, TransactionSettings } from "kysely";

export type Lane = "write" | "read";

const writerLane = new AsyncLocalStorage<true>();

/** Runs `fn`, and everything it starts, in the writer lane. */
export function inWriterLane<T>(fn: () => T): T {
  return writerLane.run(true, fn);
}

/** The lane of the work now running: "write" inside inWriterLane, else "read". */
export function currentLane(): Lane {
  return writerLane.getStore() ? "write" : "read";
}

/** PostgreSQL connections kept for the writer lane, beside the readers' pool. */
export const WRITER_CONNECTIONS = 2;

/**
 * One dialect over two connection pools of the same database: work in the writer lane gets its
 * connections from `write`, everything else from `read`. Both must speak the same SQL (queries are
 * compiled by `read`'s compiler).
 */
export class LanedDialect implements Dialect {
  constructor(private readonly dialects: { read: Dialect; write: Dialect }) {}

  createDriver(): Driver {
    const read = this.dialects.read.createDriver();
    const write = this.dialects.write.createDriver();
    const owner = new WeakMap<DatabaseConnection, Driver>();
    const of = (connection: DatabaseConnection) => {
      const driver = owner.get(connection);
      if (!driver) throw new Error("a connection that no lane gave out");
      return driver;
    };
    return {
      init: async () => {
        await Promise.all([read.init(), write.init()]);
      },
      acquireConnection: async () => {
        const driver = currentLane() === "write" ? write : read;
        const connection = await driver.acquireConnection();
        owner.set(connection, driver);
        return connection;
      },
      beginTransaction: (c: DatabaseConnection, settings: TransactionSettings) => of(c).beginTransaction(c, settings),
      commitTransaction: (c: DatabaseConnection) => of(c).commitTransaction(c),
      rollbackTransaction: (c: DatabaseConnection) => of(c).rollbackTransaction(c),
      savepoint: (c: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) =>
        of(c).savepoint!(c, name, compile),
      rollbackToSavepoint: (c: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) =>
        of(c).rollbackToSavepoint!(c, name, compile),
      releaseSavepoint: (c: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) =>
        of(c).releaseSavepoint!(c, name, compile),
      releaseConnection: async (c: DatabaseConnection) => {
        const driver = of(c);
        owner.delete(c);
        await driver.releaseConnection(c);
      },
      destroy: async () => {
        await Promise.all([read.destroy(), write.destroy()]);
      },
    };
  }

  createQueryCompiler() {
    return this.dialects.read.createQueryCompiler();
  }

  createAdapter() {
    return this.dialects.read.createAdapter();
  }

  createIntrospector(db: Kysely<any>) {
    return this.dialects.read.createIntrospector(db);
  }
}
