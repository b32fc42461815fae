// Frozen: the first schema of UPR Monitor. Never edit after it has shipped; add a new migration.
import { type Kysely, sql } from "kysely";

// One statement per query: drivers run parameterised (extended protocol) queries one at a time.
async function run(db: Kysely<any>, ddl: string): Promise<void> {
  for (const statement of ddl
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    String.raw`
    CREATE TABLE state (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      iso3 char(3) UNIQUE CHECK (iso3 ~ '^[A-Z]{3}$'),
      regional_group text CHECK (regional_group IN ('African', 'Asia-Pacific', 'Eastern European', 'GRULAC', 'WEOG'))
    );

    CREATE TABLE review (
      id serial PRIMARY KEY,
      state_id integer NOT NULL REFERENCES state (id),
      cycle smallint NOT NULL CHECK (cycle BETWEEN 1 AND 10),
      session smallint NOT NULL CHECK (session BETWEEN 1 AND 200),
      review_date date,
      adoption_date date CHECK (adoption_date IS NULL OR review_date IS NULL OR adoption_date >= review_date),
      report_symbol text CHECK (length(report_symbol) <= 100),
      official_received integer CHECK (official_received >= 0),
      official_supported integer CHECK (official_supported >= 0),
      official_noted integer CHECK (official_noted >= 0),
      notes text CHECK (length(notes) <= 5000),
      UNIQUE (state_id, cycle),
      CHECK (official_supported IS NULL OR official_noted IS NULL OR official_received IS NULL
             OR official_supported + official_noted <= official_received)
    );

    CREATE TABLE recommendation (
      id serial PRIMARY KEY,
      review_id integer NOT NULL REFERENCES review (id),
      paragraph text CHECK (paragraph ~ '^[0-9]+(\.[0-9]+)*$'),
      text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 10000),
      response text NOT NULL DEFAULT 'pending' CHECK (response IN ('supported', 'noted', 'pending')),
      action_category smallint CHECK (action_category BETWEEN 1 AND 5),
      themes text[] NOT NULL DEFAULT '{}',
      kind text NOT NULL DEFAULT 'recommendation' CHECK (kind IN ('recommendation', 'pledge')),
      source_format text NOT NULL CHECK (source_format IN ('native', 'upr-info', 'uhri')),
      source_key text NOT NULL CHECK (length(source_key) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source_format, source_key)
    );
    CREATE INDEX recommendation_review_idx ON recommendation (review_id);

    CREATE TABLE recommendation_recommending_state (
      recommendation_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
      state_id integer NOT NULL REFERENCES state (id),
      PRIMARY KEY (recommendation_id, state_id)
    );
    CREATE INDEX recommendation_recommending_state_state_idx ON recommendation_recommending_state (state_id);

    CREATE TABLE organisation (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE app_user (
      id serial PRIMARY KEY,
      email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%' AND length(email) <= 254),
      display_name text CHECK (length(display_name) <= 200),
      password_hash text NOT NULL,
      organisation_id integer NOT NULL REFERENCES organisation (id),
      role text NOT NULL CHECK (role IN ('admin', 'editor')),
      active boolean NOT NULL DEFAULT true,
      session_version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (email)
    );

    CREATE TABLE coalition_issue (
      id serial PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
      title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      keywords text[] NOT NULL DEFAULT '{}',
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE recommendation_issue (
      recommendation_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
      issue_id integer NOT NULL REFERENCES coalition_issue (id) ON DELETE CASCADE,
      created_by integer REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (recommendation_id, issue_id)
    );
    CREATE INDEX recommendation_issue_issue_idx ON recommendation_issue (issue_id);

    CREATE TABLE assessment (
      id serial PRIMARY KEY,
      recommendation_id integer NOT NULL REFERENCES recommendation (id),
      organisation_id integer NOT NULL REFERENCES organisation (id),
      author_id integer REFERENCES app_user (id),
      status text NOT NULL CHECK (status IN ('not_assessed', 'no_action', 'in_progress', 'partially_implemented', 'fully_implemented')),
      as_of date NOT NULL,
      evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 20000),
      source_urls text[] NOT NULL DEFAULT '{}',
      is_sample boolean NOT NULL DEFAULT false,
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX assessment_recommendation_as_of_idx ON assessment (recommendation_id, as_of);

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      user_id integer REFERENCES app_user (id),
      action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
      entity text NOT NULL CHECK (length(entity) BETWEEN 1 AND 100),
      entity_id text,
      before jsonb,
      after jsonb
    );
    CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    DROP TABLE audit_log, assessment, recommendation_issue, coalition_issue, app_user, organisation,
      recommendation_recommending_state, recommendation, review, state;
  `,
  );
}
