// Frozen. The advocacy loop (docs/domain.md, "The advocacy loop"): a coalition's submission for a review
// (by state under review and cycle, so that it can be written before the review's recommendations are
// held), its asks (the recommendations it proposed, each under one of its issues), the uptake of each
// ask (recommendations of that review that take it up: suggested by text similarity, then confirmed or
// rejected by an editor), and the real dates of a review's milestones where they differ from the rules.
import { type Kysely, sql } from "kysely";

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, [
    `CREATE TABLE submission (
       id serial PRIMARY KEY,
       state_id integer NOT NULL REFERENCES state (id),
       cycle integer NOT NULL CHECK (cycle BETWEEN 1 AND 20),
       title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
       kind text NOT NULL CHECK (kind IN ('joint', 'individual')),
       organisations text[] NOT NULL DEFAULT '{}',
       body text NOT NULL DEFAULT '' CHECK (length(body) <= 400000),
       footnotes text NOT NULL DEFAULT '' CHECK (length(footnotes) <= 200000),
       is_public boolean NOT NULL DEFAULT false,
       is_sample boolean NOT NULL DEFAULT false,
       created_by integer REFERENCES app_user (id),
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX submission_state_cycle_idx ON submission (state_id, cycle)`,
    `CREATE TABLE ask (
       id serial PRIMARY KEY,
       submission_id integer NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
       issue_id integer REFERENCES coalition_issue (id),
       text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
       position integer NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX ask_submission_idx ON ask (submission_id, position)`,
    `CREATE TABLE ask_uptake (
       ask_id integer NOT NULL REFERENCES ask (id) ON DELETE CASCADE,
       recommendation_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
       similarity real NOT NULL,
       status text NOT NULL DEFAULT 'suggested' CHECK (status IN ('suggested', 'confirmed', 'rejected')),
       decided_by integer REFERENCES app_user (id),
       decided_at timestamptz,
       PRIMARY KEY (ask_id, recommendation_id)
     )`,
    `CREATE INDEX ask_uptake_recommendation_idx ON ask_uptake (recommendation_id)`,
    `CREATE TABLE review_milestone (
       state_id integer NOT NULL REFERENCES state (id),
       cycle integer NOT NULL CHECK (cycle BETWEEN 1 AND 20),
       kind text NOT NULL CHECK (kind IN ('submission', 'pre_session', 'review', 'adoption', 'midterm')),
       date date NOT NULL,
       updated_by integer REFERENCES app_user (id),
       updated_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (state_id, cycle, kind)
     )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, [`DROP TABLE review_milestone`, `DROP TABLE ask_uptake`, `DROP TABLE ask`, `DROP TABLE submission`]);
}
