// Frozen. Editors' decisions on suggested issue links (a rejected suggestion never comes back), and
// follow-ups across cycles: pairs of recommendations to the same state where the later one repeats or
// continues the earlier one, found by trigram similarity of their texts and confirmed or rejected by an
// editor. The comparable form of a text (followup_text) lives in the database, next to pg_trgm which
// compares it.
import { type Kysely, sql } from "kysely";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `CREATE TABLE issue_suggestion_decision (
       issue_id integer NOT NULL REFERENCES coalition_issue (id) ON DELETE CASCADE,
       recommendation_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
       decision text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
       decided_by integer REFERENCES app_user (id),
       decided_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (issue_id, recommendation_id)
     )`,
    `CREATE INDEX issue_suggestion_decision_recommendation_idx ON issue_suggestion_decision (recommendation_id)`,
    // The text as compared across cycles: without the recommending states' attributions that UN reports
    // put in brackets before a semicolon or full stop ("... (Denmark);", "... (Ireland, Austria, Germany);"),
    // lower case, whitespace collapsed. Trigram similarity ignores punctuation by itself.
    `CREATE FUNCTION followup_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
       SELECT btrim(regexp_replace(lower(regexp_replace(t, '\\s*\\([^()]*\\)\\s*([;.]|$)', ' ', 'g')), '\\s+', ' ', 'g'))
     $$`,
    `CREATE TABLE recommendation_followup (
       earlier_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
       later_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
       similarity real NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
       status text NOT NULL DEFAULT 'detected' CHECK (status IN ('detected', 'confirmed', 'rejected')),
       decided_by integer REFERENCES app_user (id),
       decided_at timestamptz,
       detected_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (earlier_id, later_id),
       CHECK (earlier_id <> later_id),
       CHECK ((status = 'detected') = (decided_at IS NULL))
     )`,
    `CREATE INDEX recommendation_followup_later_idx ON recommendation_followup (later_id)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [
    `DROP TABLE recommendation_followup`,
    `DROP FUNCTION followup_text(text)`,
    `DROP TABLE issue_suggestion_decision`,
  ]);
}
