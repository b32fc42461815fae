// Frozen. Every committed import is recorded (who, when, which file, counts) with what it did to each
// recommendation, so that an admin can undo it: import_change keeps the recommendations it inserted and
// the rows as they were before it updated or enriched them. A recommendation can come from several
// sources (a Working Group report, then the OHCHR matrix and a UPR Info export of the same review):
// recommendation_source keeps the identities of the other sources merged into it, so that importing
// one of them again finds it. Two more source formats: the OHCHR matrix and the report's text.
import { type Kysely, sql } from "kysely";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const FORMATS = "'native', 'upr-info', 'uhri', 'ohchr-matrix', 'wg-report'";

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `ALTER TABLE recommendation DROP CONSTRAINT recommendation_source_format_check`,
    `ALTER TABLE recommendation ADD CONSTRAINT recommendation_source_format_check CHECK (source_format IN (${FORMATS}))`,
    `CREATE TABLE import_run (
       id serial PRIMARY KEY,
       at timestamptz NOT NULL DEFAULT now(),
       user_id integer REFERENCES app_user (id),
       file_name text,
       format text NOT NULL,
       counts jsonb NOT NULL DEFAULT '{}',
       created_state_ids integer[] NOT NULL DEFAULT '{}',
       created_review_ids integer[] NOT NULL DEFAULT '{}',
       undone_at timestamptz,
       undone_by integer REFERENCES app_user (id)
     )`,
    `CREATE TABLE import_change (
       import_id integer NOT NULL REFERENCES import_run (id) ON DELETE CASCADE,
       recommendation_id integer NOT NULL,
       action text NOT NULL CHECK (action IN ('inserted', 'updated')),
       before jsonb,
       PRIMARY KEY (import_id, recommendation_id)
     )`,
    `CREATE INDEX import_change_recommendation_idx ON import_change (recommendation_id)`,
    `CREATE TABLE recommendation_source (
       recommendation_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
       source_format text NOT NULL CHECK (source_format IN (${FORMATS})),
       source_key text NOT NULL CHECK (length(source_key) BETWEEN 1 AND 200),
       import_id integer REFERENCES import_run (id) ON DELETE SET NULL,
       PRIMARY KEY (source_format, source_key)
     )`,
    `CREATE INDEX recommendation_source_recommendation_idx ON recommendation_source (recommendation_id)`,
    `CREATE INDEX recommendation_source_import_idx ON recommendation_source (import_id)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    `DROP TABLE recommendation_source`,
    `DROP TABLE import_change`,
    `DROP TABLE import_run`,
    `ALTER TABLE recommendation DROP CONSTRAINT recommendation_source_format_check`,
    `ALTER TABLE recommendation ADD CONSTRAINT recommendation_source_format_check CHECK (source_format IN ('native', 'upr-info', 'uhri'))`,
  ]);
}
