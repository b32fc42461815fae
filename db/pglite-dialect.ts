// A Kysely dialect for embedded PostgreSQL (PGlite). PGlite is one connection in one process, so the
// driver hands that connection to one user at a time: a transaction holds it from BEGIN to COMMIT,
// and concurrent requests wait instead of interleaving inside it.
//
// Who gets the connection next: work in the writer lane (db/lanes.ts; server/serve.ts puts every
// request that may change data in it) goes before queued reads, so a save waits for the one statement
// under way, not for the whole queue of page renders. So that readers still progress under steady
// writes, after WRITES_IN_A_ROW grants to the writer lane while reads wait, one read goes first
// (docs/decisions/2026-12-02-writer-lane.md).
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
import { copyStreamOf } from "./copy";
import { currentLane, type Lane } from "./lanes";

/** Grants to the writer lane in a row, while reads wait, before one read goes first. */
export const WRITES_IN_A_ROW = 4;

/**
 * A lock with two queues: the writer lane's waiters go first, each queue in arrival order, and after
 * `writesInARow` write grants while reads wait, the oldest read.
 */
export class LaneLock {
  #held = false;
  #writes: (() => void)[] = [];
  #reads: (() => void)[] = [];
  #writesInARow = 0;

  constructor(private readonly writesInARow = WRITES_IN_A_ROW) {}

  lock(lane: Lane): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => (lane === "write" ? this.#writes : this.#reads).push(resolve));
  }

  /**
   * The next waiter is chosen in the event loop's next turn (setImmediate), not at once: PGlite runs
   * in this thread and its queries resolve without waiting for I/O, so handing over at once would
   * run the whole queue before the server even reads a newly arrived request (such as a save).
   */
  unlock(): void {
    setImmediate(() => {
      const next = this.#next();
      if (next) next();
      else this.#held = false;
    });
  }

  /** Waiting in each lane (for tests and figures). */
  get waiting(): { write: number; read: number } {
    return { write: this.#writes.length, read: this.#reads.length };
  }

  #next(): (() => void) | undefined {
    if (this.#writes.length > 0 && (this.#reads.length === 0 || this.#writesInARow < this.writesInARow)) {
      this.#writesInARow = this.#reads.length === 0 ? 0 : this.#writesInARow + 1;
      return this.#writes.shift();
    }
    this.#writesInARow = 0;
    return this.#reads.shift();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const copy = copyStreamOf(compiled.parameters);
    if (copy) {
      // db/copy.ts: PGlite copies to a blob instead of the client's stream.
      const out = await this.pg.query(compiled.sql.replace(/ to stdout$/i, " to '/dev/blob'"));
      return { rows: [{ text: out.blob ? await out.blob.text() : "" } as R] };
    }
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
    const lock = new LaneLock();
    const connection = new PGliteConnection(this.pg);
    const pg = this.pg;
    return {
      async init() {
        await pg.waitReady;
      },
      async acquireConnection() {
        await lock.lock(currentLane());
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
        lock.unlock();
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
