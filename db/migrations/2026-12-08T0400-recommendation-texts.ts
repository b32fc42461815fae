// Frozen. A recommendation's text in several languages (issue #29): `recommendation.text` is the text as
// first imported, in `text_language` (an ISO 639-1 code; the texts held before this migration are all
// English: Working Group reports, UPR Info and UHRI exports in English); `recommendation_text` holds the
// same recommendation's text in other languages (UHRI exports in French or Spanish, OHCHR matrices in
// other languages), each from the import that brought it (undo removes it with the import).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE recommendation ADD COLUMN text_language text NOT NULL DEFAULT 'en'
    CHECK (text_language ~ '^[a-z]{2}$')`.execute(db);
  await sql`CREATE TABLE recommendation_text (
    recommendation_id integer NOT NULL REFERENCES recommendation (id) ON DELETE CASCADE,
    language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    text text NOT NULL,
    import_id integer REFERENCES import_run (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (recommendation_id, language)
  )`.execute(db);
  await sql`CREATE INDEX recommendation_text_import_idx ON recommendation_text (import_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE recommendation_text`.execute(db);
  await sql`ALTER TABLE recommendation DROP COLUMN text_language`.execute(db);
}
