// Frozen. A form that must not be saved twice (the bulk assessment page) carries a one-time key; the
// save stores it here in the same transaction, so a resubmitted form (back button, double click) finds
// its key and saves nothing again. `saved` is how many rows the first save wrote, to tell the user.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE form_submission (
    key text PRIMARY KEY CHECK (length(key) BETWEEN 16 AND 100),
    user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
    form text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    saved integer NOT NULL DEFAULT 0
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE form_submission`.execute(db);
}
