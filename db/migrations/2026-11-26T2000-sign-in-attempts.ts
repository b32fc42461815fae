// Frozen: sign-in attempts, kept in the database so the limits hold across server processes.
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
    `
    CREATE TABLE sign_in_attempt (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      email text NOT NULL CHECK (length(email) <= 254),
      address text CHECK (length(address) <= 100),
      succeeded boolean NOT NULL
    );
    CREATE INDEX sign_in_attempt_email_at_idx ON sign_in_attempt (email, at);
    CREATE INDEX sign_in_attempt_address_at_idx ON sign_in_attempt (address, at) WHERE NOT succeeded;
    CREATE INDEX sign_in_attempt_at_idx ON sign_in_attempt (at);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, `DROP TABLE sign_in_attempt;`);
}
