// Uploads waiting between the preview and the import live in the database (app/import/uploads.server.ts,
// app/models/pending-uploads.server.ts): on PostgreSQL an upload received by one app server is previewed
// or imported by another (each with its own temporary folder, as two machines have); on either engine an
// upload expires by the database's clock, and one server's clean-up never removes another's live upload.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { setDb } from "~/db.server";
import { getUpload, setUploadRootForTesting, UPLOAD_LIFETIME_MS } from "~/import/uploads.server";
import { createUser } from "~/models/users.server";
import * as importRoute from "~/routes/import";
import { createUserSession, setSessionSecretsForTesting } from "~/http/session.server";
import { createDb, type Db } from "../../db/client";
import { ORIGIN, run } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";
import { uploadAs } from "../helpers/uploads";

const SECRET = "test-secret-pending-uploads-0123456789abcdef";
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/import/uprinfo-kenya-session8-excerpt.csv");

function post(fields: Record<string, string>, cookie: string): Request {
  const headers = new Headers({ Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie });
  return new Request(`${ORIGIN}/import`, { method: "POST", body: new URLSearchParams(fields), headers });
}

describeEachEngine("uploads waiting for their import", (t) => {
  /** A second app server: its own database handle (on PostgreSQL) and its own temporary folder. */
  const servers: { handle: Db; root: string }[] = [];
  const users: { id: number; cookie: string }[] = [];
  const on = (i: number) => {
    setDb(Promise.resolve(servers[i]!.handle));
    setUploadRootForTesting(servers[i]!.root);
  };
  const act = (request: Request) => run(importRoute.action({ request, params: {}, context: {} }));
  const folders = (i: number) => fs.readdirSync(servers[i]!.root).sort();

  beforeAll(async () => {
    setSessionSecretsForTesting([SECRET]);
    const second = t.url ? await createDb({ databaseUrl: t.url }) : { ...t.handle, close: () => Promise.resolve() };
    for (const handle of [t.handle, second])
      servers.push({ handle, root: fs.mkdtempSync(path.join(os.tmpdir(), "upr-pending-uploads-")) });
    await seed(t.db);
    for (const email of ["one@example.org", "two@example.org", "three@example.org"]) {
      const made = await createUser(
        t.db,
        { email, password: "a long enough password", role: "editor", organisation: { name: "Stop the Traffik Kenya" } },
        { userId: null },
      );
      if (!made.ok) throw new Error(made.error);
      const session = await createUserSession({
        request: new Request(`${ORIGIN}/login`),
        userId: made.user.id,
        sessionVersion: 1,
      });
      users.push({ id: made.user.id, cookie: session.headers.get("Set-Cookie")!.split(";")[0]! });
    }
  });
  afterAll(async () => {
    setUploadRootForTesting(null);
    await servers[1]?.handle.close();
    for (const s of servers) fs.rmSync(s.root, { recursive: true, force: true });
  });

  it("an upload previewed through one server is imported through the other (PostgreSQL); embedded: a file beside the row", async () => {
    on(0);
    const id = await uploadAs(users[0]!.id, FIXTURE);
    const preview = await act(post({ intent: "preview", uploadId: id }, users[0]!.cookie));
    expect(preview.body).toMatchObject({ kind: "preview", summary: { rows: 13, errorCount: 0, committed: false } });
    const parts = await t.db
      .selectFrom("pending_upload_part")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    if (t.handle.engine === "pglite") {
      // The embedded database has one server: the bytes stay in the file, only the row is in the database.
      expect(parts.n).toBe(0);
      expect(folders(0)).toEqual([id]);
      return;
    }
    expect(parts.n).toBe(1); // the 2 KB file is one part
    on(1);
    expect(folders(1)).toEqual([]);
    const found = await getUpload(id);
    expect(found).toMatchObject({ id, ownerId: users[0]!.id, fileName: path.basename(FIXTURE) });
    expect(found!.path.startsWith(servers[1]!.root)).toBe(true);
    expect(fs.readFileSync(found!.path).equals(fs.readFileSync(FIXTURE))).toBe(true);
    const done = await act(post({ intent: "import", uploadId: id }, users[0]!.cookie));
    expect(done.body).toMatchObject({ kind: "imported", summary: { committed: true } });
    // Imported: gone from the database; the importing server's copy is gone too.
    expect(await t.db.selectFrom("pending_upload").selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom("pending_upload_part").selectAll().execute()).toEqual([]);
    expect(folders(1)).toEqual([]);
  });

  it("a file of several parts comes back byte for byte on the other server (PostgreSQL: 1 MB parts)", async () => {
    on(0);
    const big = path.join(servers[0]!.root, "big.bin");
    const bytes = Buffer.alloc(2.5 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    fs.writeFileSync(big, bytes);
    const id = await uploadAs(users[2]!.id, big);
    fs.rmSync(big);
    const parts = await t.db
      .selectFrom("pending_upload_part")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("upload_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(parts.n).toBe(t.handle.engine === "pglite" ? 0 : 3);
    on(t.handle.engine === "pglite" ? 0 : 1);
    const found = await getUpload(id);
    expect(found).toMatchObject({ id, size: bytes.length });
    expect(fs.readFileSync(found!.path).equals(bytes)).toBe(true);
  });

  it("an upload expires by the database's clock; a server's clean-up leaves the others' live uploads alone", async () => {
    on(0);
    const old = await uploadAs(users[0]!.id, FIXTURE);
    const live = await uploadAs(users[1]!.id, FIXTURE);
    const hours = UPLOAD_LIFETIME_MS / 3_600_000;
    await sql`update pending_upload set created_at = now() - make_interval(hours => ${hours}, mins => 1)
      where id = ${old}`.execute(t.db);
    // A third user's new upload, through the other server (PostgreSQL) or the same (embedded).
    on(t.handle.engine === "pglite" ? 0 : 1);
    const fresh = await uploadAs(users[2]!.id, FIXTURE);
    const ids = (await t.db.selectFrom("pending_upload").select("id").execute()).map((r) => r.id).sort();
    expect(ids).toEqual([live, fresh].sort());
    expect(await getUpload(old)).toBeNull();
    // Each server still finds the live uploads, with their bytes.
    for (const server of t.handle.engine === "pglite" ? [0] : [0, 1]) {
      on(server);
      for (const id of [live, fresh]) expect(fs.readFileSync((await getUpload(id))!.path).length).toBeGreaterThan(0);
    }
    on(0);
    // The server that received the expired upload drops its file on its next clean-up.
    await uploadAs(users[1]!.id, FIXTURE); // replaces user two's own upload, nobody else's
    expect(folders(0)).not.toContain(old);
    expect(folders(0)).not.toContain(live);
    expect(await getUpload(fresh)).not.toBeNull();
  });
});
