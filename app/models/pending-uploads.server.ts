// Files uploaded at /import, waiting between the preview and the import (tables pending_upload and
// pending_upload_part): what any app server needs to find an upload another server received. The bytes
// are parts of at most PART_BYTES (bytea, in order) on PostgreSQL; on the embedded database only the row
// is kept here and the bytes stay in a file (app/import/uploads.server.ts decides, decision
// docs/decisions/2026-12-07-stateless-servers.md). Expiry is by the database's clock, the same for
// every server.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface PendingUpload {
  id: string;
  ownerId: number;
  fileName: string;
  size: number;
}

/**
 * Records a new upload of `ownerId` (its bytes from `parts`, when given, stored in order) and deletes
 * the owner's other uploads (one pending upload per user), in one transaction. Returns the ids deleted.
 */
export async function recordUpload(
  db: Kysely<Database>,
  upload: PendingUpload,
  parts: AsyncIterable<Uint8Array> | null,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("pending_upload")
      .values({ id: upload.id, owner_id: upload.ownerId, file_name: upload.fileName, size: upload.size })
      .execute();
    if (parts) {
      let seq = 0;
      for await (const bytes of parts) {
        await trx.insertInto("pending_upload_part").values({ upload_id: upload.id, seq: seq++, bytes }).execute();
      }
    }
    const replaced = await trx
      .deleteFrom("pending_upload")
      .where("owner_id", "=", upload.ownerId)
      .where("id", "<>", upload.id)
      .returning("id")
      .execute();
    return replaced.map((r) => r.id);
  });
}

/** The upload, or null when it does not exist (any more). */
export async function findUpload(db: Kysely<Database>, id: string): Promise<PendingUpload | null> {
  const row = await db
    .selectFrom("pending_upload")
    .select(["id", "owner_id", "file_name", "size"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { id: row.id, ownerId: row.owner_id, fileName: row.file_name, size: Number(row.size) } : null;
}

/** The stored bytes of an upload, part by part (one part in memory at a time). */
export async function* uploadParts(db: Kysely<Database>, id: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const part = await db
      .selectFrom("pending_upload_part")
      .select("bytes")
      .where("upload_id", "=", id)
      .where("seq", "=", seq)
      .executeTakeFirst();
    if (!part) return;
    yield part.bytes;
  }
}

export async function deleteUploadRecord(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("pending_upload").where("id", "=", id).execute();
}

/** Deletes the uploads made more than `maxAgeMs` ago (by the database's clock); returns their ids. */
export async function deleteExpiredUploads(db: Kysely<Database>, maxAgeMs: number): Promise<string[]> {
  const rows = await db
    .deleteFrom("pending_upload")
    .where("created_at", "<", sql<Date>`now() - make_interval(secs => ${maxAgeMs / 1000})`)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Of `ids`, those that are still pending. */
export async function pendingAmong(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom("pending_upload").select("id").where("id", "in", ids).execute();
  return new Set(rows.map((r) => r.id));
}
