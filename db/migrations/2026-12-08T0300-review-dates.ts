// Frozen. Whether a review's dates are known or estimated: an imported review takes its date from the
// UPR session calendar (the day of its review where the calendar holds it, else the session's first
// day) and an adoption estimated by the rules; the pages say "estimated" until an admin corrects them.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE review
    ADD COLUMN review_date_estimated boolean NOT NULL DEFAULT false,
    ADD COLUMN adoption_date_estimated boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE review DROP COLUMN review_date_estimated, DROP COLUMN adoption_date_estimated`.execute(db);
}
