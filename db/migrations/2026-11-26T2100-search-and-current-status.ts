// Frozen. Full-text and trigram search on recommendation texts, and each recommendation's current
// status kept by the database itself (latest assessment by as-of date), so that filtering and counting
// by status stays fast at 100,000 recommendations.
import { type Kysely, sql } from "kysely";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
    `ALTER TABLE recommendation ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`,
    `CREATE INDEX recommendation_search_idx ON recommendation USING gin (search_vector)`,
    `CREATE INDEX recommendation_text_trgm_idx ON recommendation USING gin (text gin_trgm_ops)`,
    `ALTER TABLE recommendation
       ADD COLUMN current_status text NOT NULL DEFAULT 'not_assessed'
         CHECK (current_status IN ('not_assessed', 'no_action', 'in_progress', 'partially_implemented', 'fully_implemented')),
       ADD COLUMN current_as_of date`,
    `CREATE INDEX recommendation_current_status_idx ON recommendation (current_status)`,
    `CREATE FUNCTION refresh_current_status(ids integer[]) RETURNS void LANGUAGE sql AS $$
       UPDATE recommendation r
       SET current_status = coalesce(l.status, 'not_assessed'), current_as_of = l.as_of
       FROM unnest(ids) AS x(id)
       LEFT JOIN LATERAL (
         SELECT a.status, a.as_of FROM assessment a
         WHERE a.recommendation_id = x.id
         ORDER BY a.as_of DESC, a.id DESC LIMIT 1
       ) l ON true
       WHERE r.id = x.id
         AND (r.current_status IS DISTINCT FROM coalesce(l.status, 'not_assessed') OR r.current_as_of IS DISTINCT FROM l.as_of)
     $$`,
    `CREATE FUNCTION assessment_current_status_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         PERFORM refresh_current_status(array(SELECT DISTINCT recommendation_id FROM new_rows));
       ELSIF TG_OP = 'DELETE' THEN
         PERFORM refresh_current_status(array(SELECT DISTINCT recommendation_id FROM old_rows));
       ELSE
         PERFORM refresh_current_status(array(
           SELECT recommendation_id FROM new_rows UNION SELECT recommendation_id FROM old_rows));
       END IF;
       RETURN NULL;
     END
     $$`,
    `CREATE TRIGGER assessment_current_status_insert AFTER INSERT ON assessment
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_current_status_trigger()`,
    `CREATE TRIGGER assessment_current_status_update AFTER UPDATE ON assessment
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_current_status_trigger()`,
    `CREATE TRIGGER assessment_current_status_delete AFTER DELETE ON assessment
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_current_status_trigger()`,
    `SELECT refresh_current_status(array(SELECT DISTINCT recommendation_id FROM assessment))`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    `DROP TRIGGER assessment_current_status_insert ON assessment`,
    `DROP TRIGGER assessment_current_status_update ON assessment`,
    `DROP TRIGGER assessment_current_status_delete ON assessment`,
    `DROP FUNCTION assessment_current_status_trigger()`,
    `DROP FUNCTION refresh_current_status(integer[])`,
    `ALTER TABLE recommendation DROP COLUMN current_status, DROP COLUMN current_as_of, DROP COLUMN search_vector`,
  ]);
}
