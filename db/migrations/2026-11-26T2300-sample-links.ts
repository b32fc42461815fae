// Frozen. Sample data (npm run seed:sample) can include links to coalition issues; they are marked so
// that they are labelled and removed exactly. A partial index makes "is there any sample data?" cheap.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE recommendation_issue ADD COLUMN is_sample boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX assessment_sample_idx ON assessment (recommendation_id) WHERE is_sample`.execute(db);
  await sql`CREATE INDEX recommendation_issue_sample_idx ON recommendation_issue (recommendation_id) WHERE is_sample`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX recommendation_issue_sample_idx`.execute(db);
  await sql`DROP INDEX assessment_sample_idx`.execute(db);
  await sql`ALTER TABLE recommendation_issue DROP COLUMN is_sample`.execute(db);
}
