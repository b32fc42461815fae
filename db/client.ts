// The one way to open the database: PostgreSQL through postgres.js when a URL is given, embedded
// PGlite in a data directory otherwise. Both get the same type parsing, so queries see the same values.
import fs from "node:fs";
import path from "node:path";
// PGlite is loaded only when the embedded database is opened (about 35 MB of memory that a server on
// PostgreSQL does not need).
import type { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { copyStreamOf } from "./copy";
import { LanedDialect, WRITER_CONNECTIONS } from "./lanes";
import { PGliteDialect } from "./pglite-dialect";
import type { Database } from "./schema";

export type Engine = "postgres" | "pglite";

export interface Db {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, for messages: a redacted URL or the data directory. */
  location: string;
  /** The embedded instance, for engine-specific work (COPY, dumps); null on PostgreSQL. */
  pglite: PGlite | null;
  close(): Promise<void>;
}

/** A problem the user must fix before the app can run: printed as one line, no stack trace. */
export class StartupError extends Error {
  override name = "StartupError";
}

// Dates stay 'YYYY-MM-DD' text (no time zone shifts); counts come back as numbers.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * `prepare: false` (DATABASE_PREPARE=false): no named prepared statements, for a pooler in transaction
 * mode (PgBouncer before 1.21 cannot keep them; docs/deployment.md). Queries then use unnamed ones.
 */
export type DbConfig =
  | { databaseUrl: string; prepare?: boolean; dataDir?: undefined }
  | { databaseUrl?: undefined; prepare?: undefined; dataDir: string | null };

export async function createDb(config: DbConfig): Promise<Db> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.prepare ?? true)
    : openPglite(config.dataDir ?? null);
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function openPostgres(url: string, prepare: boolean): Promise<Db> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StartupError(`DATABASE_URL is not a valid URL; expected postgres://user@host:5432/database`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new StartupError(`DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  const options = {
    connect_timeout: 10,
    prepare,
    onnotice: () => {},
    types: {
      date: { to: DATE_OID, from: [DATE_OID], serialize: (x: string) => x, parse: (x: string) => x },
      int8: { to: INT8_OID, from: [INT8_OID], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
      numeric: {
        to: NUMERIC_OID,
        from: [NUMERIC_OID],
        serialize: (x: number) => String(x),
        parse: (x: string) => Number(x),
      },
    },
  };
  const sql = withCopy(postgres(url, { ...options, max: 10 }));
  // The writer lane's own connections (db/lanes.ts), opened when first used.
  const writerSql = withCopy(postgres(url, { ...options, max: WRITER_CONNECTIONS }));
  const where = `${parsed.hostname || "localhost"}:${parsed.port || 5432}${parsed.pathname}`;
  try {
    await sql`select 1`;
  } catch (error) {
    await Promise.all([sql.end({ timeout: 1 }), writerSql.end({ timeout: 1 })]).catch(() => {});
    const e = error as { code?: string; message?: string };
    throw new StartupError(
      `Cannot connect to PostgreSQL at ${where}: ${e.code ?? ""} ${e.message ?? String(error)}`.replace(/\s+/g, " "),
    );
  }
  const db = new Kysely<Database>({
    dialect: new LanedDialect({
      read: new PostgresJSDialect({ postgres: sql }),
      write: new PostgresJSDialect({ postgres: writerSql }),
    }),
  });
  return {
    db,
    engine: "postgres",
    location: redactUrl(url),
    pglite: null,
    close: () => db.destroy(),
  };
}

/**
 * The pool, with the connections it reserves for Kysely running our COPY statements (db/copy.ts):
 * a statement whose one parameter is a CopyStream is sent as a COPY on that same connection.
 */
function withCopy(sql: postgres.Sql): postgres.Sql {
  const reserve = sql.reserve.bind(sql);
  sql.reserve = async () => {
    const reserved = await reserve();
    const unsafe = reserved.unsafe.bind(reserved);
    reserved.unsafe = ((query: string, parameters?: unknown[], queryOptions?: postgres.UnsafeQueryOptions) => {
      const copy = parameters ? copyStreamOf(parameters) : null;
      if (!copy) return unsafe(query, parameters as postgres.ParameterOrJSON<never>[], queryOptions);
      return copyOutOf(unsafe(query));
    }) as typeof reserved.unsafe;
    return reserved;
  };
  return sql;
}

/**
 * A COPY TO STDOUT's output, read whole, as the one row of a result (db/copy.ts CopyResult).
 * postgres.js pauses the connection's socket whenever the COPY stream's buffer is full and resumes it
 * only when the stream asks for more; a short COPY can arrive whole, end the stream while the socket
 * is paused, and leave the connection's next statement (the commit) without its answer. So the
 * stream is asked for more once more after its end.
 */
async function copyOutOf(query: postgres.PendingQuery<postgres.Row[]>) {
  const stream = await query.readable();
  const chunks: Buffer[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", resolve);
      stream.on("error", reject);
    });
  } finally {
    (stream as unknown as { _read(size: number): void })._read(0); // postgres.js: socket.resume()
  }
  return Object.assign([{ text: Buffer.concat(chunks).toString("utf8") }], { command: "COPY", count: 1 });
}

async function pgliteOptions() {
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return {
    parsers: {
      [DATE_OID]: (x: string) => x,
      [INT8_OID]: (x: string) => Number(x),
      [NUMERIC_OID]: (x: string) => Number(x),
    },
    extensions: { pg_trgm },
  };
}

/** dataDir null: in memory (tests). Otherwise a directory this process alone may use. */
async function openPglite(dataDir: string | null): Promise<Db> {
  let releaseLock = () => {};
  let dir: string | undefined;
  if (dataDir) {
    dir = path.resolve(dataDir);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (error) {
      throw new StartupError(
        `DATA_DIR ${dir} cannot be used: ${(error as NodeJS.ErrnoException).code ?? String(error)} (it must be a writable folder)`,
      );
    }
    releaseLock = lockDataDir(dir);
  }
  let pg: PGlite;
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    pg = await PGlite.create(dir ? path.join(dir, "pgdata") : undefined, await pgliteOptions());
  } catch (error) {
    releaseLock();
    throw new StartupError(`Cannot open the embedded database in ${dir ?? "memory"}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  return {
    db,
    engine: "pglite",
    location: dir ?? "memory",
    pglite: pg,
    close: async () => {
      await db.destroy();
      releaseLock();
    },
  };
}

/** One process per data directory: a lock file holding the owner's pid. A stale lock is taken over. */
function lockDataDir(dir: string): () => void {
  const lockPath = path.join(dir, "upr-monitor.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(lockPath, "utf8"));
      if (pid && isAlive(pid)) {
        throw new StartupError(
          `DATA_DIR ${dir} is in use by another process (pid ${pid}); stop it or set DATA_DIR to another folder`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new StartupError(`DATA_DIR ${dir}: could not take the lock file ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
