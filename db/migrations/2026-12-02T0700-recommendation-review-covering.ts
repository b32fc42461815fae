// Frozen. The index of recommendations by review also holds the columns that the counts of a filter
// read (kind, response, current status, action category, themes), so that the dashboard's and the
// search's counts over a state or a cycle are index-only scans instead of reading every matching row
// from the table (world scale, a cycle's noted recommendations: 3,193 -> 1,044 pages read).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX recommendation_review_covering_idx ON recommendation (review_id)
    INCLUDE (id, kind, response, current_status, action_category, themes)`.execute(db);
  await sql`DROP INDEX recommendation_review_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX recommendation_review_idx ON recommendation (review_id)`.execute(db);
  await sql`DROP INDEX recommendation_review_covering_idx`.execute(db);
}
