// The database's snapshot: which transactions are visible to a statement that starts now, as text
// (`xmin:xmax:in-progress ids`). Two reads that see the same snapshot see the same data: the page
// cache (server/page-cache.ts) serves a stored page again only while it has not changed.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

export async function databaseSnapshot(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(db);
  return rows[0]!.snapshot;
}
