import { type Kysely, type Migration, Migrator, type MigrationResultSet, sql } from "kysely";
import { migrations } from "./migrations";

/**
 * Our own migration lock, scoped to the transaction that applies the migrations. Kysely's own lock is a
 * session-level advisory lock taken outside its transaction: behind PgBouncer in transaction mode the
 * lock and the unlock can land on different server connections, and the lock then stays held on one of
 * them for good. A transaction keeps its server connection through a pooler, so everything here (our
 * lock, Kysely's lock and unlock, the migrations) happens on one connection, within one transaction.
 */
const MIGRATIONS_LOCK = 7240572;

/**
 * Every migration runs inside a savepoint: when one fails, its statements are undone before Kysely
 * releases its lock (that query would be refused in an aborted transaction, and the error would hide
 * the migration's own).
 */
function guarded(all: Record<string, Migration>): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(all)) {
    const step = async (db: Kysely<any>, fn: ((db: Kysely<any>) => Promise<void>) | undefined) => {
      if (!fn) throw new Error(`migration ${name} cannot be undone (it has no down step)`);
      await sql`savepoint upr_migration`.execute(db);
      try {
        await fn(db);
        await sql`release savepoint upr_migration`.execute(db);
      } catch (error) {
        await sql`rollback to savepoint upr_migration`.execute(db);
        throw error;
      }
    };
    out[name] = { up: (db) => step(db, migration.up), down: (db) => step(db, migration.down) };
  }
  return out;
}

/**
 * Applies every pending migration, all in one transaction under a transaction-scoped advisory lock, so
 * that servers starting at once apply each migration once (the others wait, then find nothing pending);
 * throws with the failing name, and then nothing was applied.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`select pg_advisory_xact_lock(${MIGRATIONS_LOCK})`.execute(conn);
      await sql`savepoint upr_migrations`.execute(conn);
      const migrator = new Migrator({
        db: conn,
        provider: { getMigrations: async () => guarded(migrations) },
        disableTransactions: true, // this transaction is the one
      });
      const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === "Error");
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Migration ${failed?.migrationName ?? "(unknown)"} failed, nothing of it was applied: ${message}`,
        );
      }
      await sql`commit`.execute(conn);
      return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    } catch (error) {
      // Should Kysely's session-level lock still be held (its unlock refused by an aborted transaction),
      // let go of it on this same connection before the transaction ends.
      await sql`rollback to savepoint upr_migrations`.execute(conn).catch(() => {});
      await sql`select pg_advisory_unlock_all()`.execute(conn).catch(() => {});
      await sql`rollback`.execute(conn).catch(() => {});
      throw error;
    }
  });
}

/** The migrations not applied yet (by name); throws when the database cannot be read. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
