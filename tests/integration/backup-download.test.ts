// The admin backup page and download: admins only; the file an admin gets restores row for row.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { recordAssessment } from "~/models/assessments.server";
import { restoreBackup } from "~/models/backup-restore.server";
import { verifyBackup } from "~/models/backup.server";
import { createUser } from "~/models/users.server";
import * as backupPage from "~/routes/admin.backup";
import * as backupDownload from "~/routes/admin.backup.download";
import * as login from "~/routes/login";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { seed } from "~/models/seed.server";
import { snapshotTables } from "../helpers/first-schema-fixture";
import { args, get, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { createTestDatabase, describeEachEngine } from "../helpers/test-db";

const ADMIN = { email: "admin@stopthetraffik.example", password: "admin password 1" };
const EDITOR = { email: "editor@stopthetraffik.example", password: "editor password 1" };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upr-download-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function signInAs(who: { email: string; password: string }): Promise<string> {
  const o = await run(login.action(args(post("/login", who))));
  expect(o.status).toBe(302);
  return sessionCookie(o);
}

describeEachEngine("admin backup download", (t) => {
  let admin: string;
  let editor: string;

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    await seed(t.db);
    const a = await createUser(
      t.db,
      { ...ADMIN, role: "admin", organisation: { name: "Stop the Traffik Kenya" } },
      { userId: null },
    );
    if (!a.ok) throw new Error("admin not created");
    const e = await createUser(
      t.db,
      { ...EDITOR, role: "editor", organisation: { id: a.user.organisationId } },
      { userId: a.user.id },
    );
    if (!e.ok) throw new Error("editor not created");
    const rec = await t.db.selectFrom("recommendation").select("id").orderBy("id").executeTakeFirstOrThrow();
    const recorded = await recordAssessment(t.db, { id: e.user.id, role: "editor" }, rec.id, {
      status: "in_progress",
      asOf: "2024-06-30",
      evidence: "Test evidence recorded for the download test.",
      sourceUrls: [],
      organisationId: a.user.organisationId,
    });
    expect(recorded.ok).toBe(true);
    admin = await signInAs(ADMIN);
    editor = await signInAs(EDITOR);
  });

  it("is for admins only", async () => {
    for (const route of [backupPage, backupDownload]) {
      const anonymous = await run(route.loader(args(get("/admin/backup/download"))));
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fbackup%2Fdownload");
      expect((await run(route.loader(args(get("/admin/backup/download", editor))))).status).toBe(403);
    }
  });

  it("shows an admin what a backup holds", async () => {
    const o = await run(backupPage.loader(args(get("/admin/backup", admin))));
    expect(o.status).toBe(200);
    expect(o.body).toMatchObject({ engine: t.handle.engine, schemaVersion: expect.any(String) });
    expect(o.body.tables.find((x: { name: string }) => x.name === "recommendation").rows).toBe(150);
    expect(o.body.tables.find((x: { name: string }) => x.name === "assessment").rows).toBe(1);
  });

  // A backup written, downloaded, then restored into a new embedded database: 40 s beside another test run.
  it("gives an admin a file that restores row for row, and records the download", { timeout: 180_000 }, async () => {
    const before = await snapshotTables(t.db);
    const response = (await backupDownload.loader(args(get("/admin/backup/download", admin)))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/gzip");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="upr-monitor-\d{8}T\d{6}Z-[\w-]+\.jsonl\.gz"$/,
    );
    const file = path.join(tmp, `download-${t.handle.engine}.jsonl.gz`);
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    expect(fs.statSync(file).size).toBe(Number(response.headers.get("Content-Length")));
    expect((await verifyBackup(file)).rows).toMatchObject({ recommendation: 150, assessment: 1, app_user: 2 });

    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "backup.downloaded").execute();
    expect(audit).toHaveLength(1);

    const target = await createTestDatabase(t.handle.engine);
    try {
      await restoreBackup(target.handle, file);
      expect(await snapshotTables(target.handle.db)).toEqual(before);
    } finally {
      await target.handle.close();
      await target.drop();
    }
  });
});
