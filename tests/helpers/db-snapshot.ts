// A fingerprint of a whole database, to show that something wrote nothing: for every table of the
// public schema, its row count and a hash of all its rows (as text, in a stable order). Sequences
// are left out: PostgreSQL does not roll them back; so are the transient tables (the uploads waiting
// between a preview and its import, set-up tokens), which hold what a request in progress needs, not data.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

export type DbSnapshot = Record<string, { rows: number; hash: string }>;

export async function snapshotDb(db: Kysely<Database>): Promise<DbSnapshot> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('setup_token', 'pending_upload', 'pending_upload_part')
    order by table_name
  `.execute(db);
  const snapshot: DbSnapshot = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ rows: number; hash: string }>`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as hash from ${sql.table(name)} t
    `.execute(db);
    snapshot[name] = rows[0];
  }
  return snapshot;
}
