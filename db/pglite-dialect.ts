// A Kysely dialect for embedded PostgreSQL (PGlite). PGlite is one connection in one process, so the
// driver hands that connection to one user at a time: a transaction holds it from BEGIN to COMMIT,
// and concurrent requests wait instead of interleaving inside it.
import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from "kysely";

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(compiled.sql, [...compiled.parameters]);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows !== undefined ? BigInt(result.affectedRows) : undefined,
    };
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no cursors over its wire; page through the result in memory-bounded chunks.
    const result = await this.pg.query<R>(compiled.sql, [...compiled.parameters]);
    for (let i = 0; i < result.rows.length; i += chunkSize) {
      yield { rows: result.rows.slice(i, i + chunkSize) };
    }
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}

  createDriver(): Driver {
    const mutex = new Mutex();
    const connection = new PGliteConnection(this.pg);
    const pg = this.pg;
    return {
      async init() {
        await pg.waitReady;
      },
      async acquireConnection() {
        await mutex.lock();
        return connection;
      },
      async beginTransaction(conn) {
        await conn.executeQuery(CompiledQuery.raw("begin"));
      },
      async commitTransaction(conn) {
        await conn.executeQuery(CompiledQuery.raw("commit"));
      },
      async rollbackTransaction(conn) {
        await conn.executeQuery(CompiledQuery.raw("rollback"));
      },
      async releaseConnection() {
        mutex.unlock();
      },
      async destroy() {
        if (!pg.closed) await pg.close();
      },
    };
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
