// Frozen. A GIN index on recommendation themes, so that a search by theme (`themes @> array[theme]`)
// reads the recommendations with that theme instead of all of them.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX recommendation_themes_idx ON recommendation USING gin (themes)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX recommendation_themes_idx`.execute(db);
}
