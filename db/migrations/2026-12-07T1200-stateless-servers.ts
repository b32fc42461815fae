// Frozen. State that a request needs, kept in the database so that any app server can answer it
// (docs/decisions/2026-12-07-stateless-servers.md):
// - setup_token: the SHA-256 (hex) of each one-time set-up address a server printed while no admin
//   exists; valid until it expires, all of them consumed in the transaction that creates the first admin.
// - pending_upload: a file uploaded at /import, waiting between the preview and the import: its owner,
//   name and size; its bytes in pending_upload_part (bytea, in order) on PostgreSQL, or in the data
//   directory's uploads/ folder on the embedded database (which has one server only). Deleted when old.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE setup_token (
    token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE pending_upload (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    owner_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    file_name text NOT NULL,
    size bigint NOT NULL CHECK (size >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX pending_upload_owner ON pending_upload (owner_id)`.execute(db);
  await sql`CREATE INDEX pending_upload_created ON pending_upload (created_at)`.execute(db);
  await sql`CREATE TABLE pending_upload_part (
    upload_id text NOT NULL REFERENCES pending_upload (id) ON DELETE CASCADE,
    seq integer NOT NULL CHECK (seq >= 0),
    bytes bytea NOT NULL,
    PRIMARY KEY (upload_id, seq)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE pending_upload_part`.execute(db);
  await sql`DROP TABLE pending_upload`.execute(db);
  await sql`DROP TABLE setup_token`.execute(db);
}
