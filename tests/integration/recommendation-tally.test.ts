// The counts the writes keep (recommendation_tally, migration 2026-12-02T0300, issue #17) against a
// recount of the rows themselves, after every kind of write: assessments (recorded, deleted,
// restored), links and unlinks, an import and its undo (recommendations deleted with their links), a
// change of kind and of a state's regional group, and a backup restored into another database. The
// unfiltered list's facets and the issues page read them: they must equal the counted ones. Both engines.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordAssessment, deleteAssessment, restoreAssessment, type Actor } from "~/models/assessments.server";
import { restoreBackup } from "~/models/backup-restore.server";
import { writeBackupFile } from "~/models/backup.server";
import { importFile } from "~/import/store/import.server";
import { undoImport } from "~/import/store/import-runs.server";
import { linkRecommendations, listIssues, unlinkRecommendations } from "~/models/issues.server";
import { countedFacetRows, searchRecommendations } from "~/models/search.server";
import { seed } from "~/models/seed.server";
import type { Database } from "../../db/schema";
import { maintained, recounted } from "../helpers/tally";
import { createTestDatabase, describeEachEngine } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MATRIX_EXCERPT = path.join(ROOT, "tests/fixtures/import/ohchr-matrix-slovenia-excerpt.docx");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "upr-tally-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function expectTrue(db: Kysely<Database>) {
  const kept = await maintained(db);
  expect(kept.length).toBeGreaterThan(0);
  expect(kept).toEqual(await recounted(db));
  // The pages that read them: the unfiltered list's facets and the issues page.
  for (const kind of ["recommendation", "pledge"] as const) {
    const read = await searchRecommendations(db, { kind }, { sort: "report", page: 1 });
    const counted = await countedFacetRows(db, { kind });
    const sortRows = (rows: { facet: string; value: string | null; count: number }[]) =>
      rows
        .filter((r) => r.facet === "total" || r.value !== null)
        .map((r) => `${r.facet}|${r.value}|${r.count}`)
        .sort();
    const fromRead = [
      `total|null|${read.total}`,
      ...Object.entries(read.facets).flatMap(([facet, list]) =>
        (list as { value: string | number; count: number }[]).map((f) => `${facet}|${f.value}|${f.count}`),
      ),
    ].sort();
    expect(fromRead).toEqual(sortRows(counted));
  }
  // The unfiltered list's pages (report order), read review by review: the same rows as one sort of all.
  const { rows: ordered } = await sql<{ id: number }>`select rec.id from recommendation rec
    join review r on r.id = rec.review_id join state s on s.id = r.state_id where rec.kind = 'recommendation'
    order by s.name, r.cycle, string_to_array(rec.paragraph, '.')::int[] nulls last, rec.id`.execute(db);
  const paged: number[] = [];
  for (let page = 1; page <= Math.ceil(ordered.length / 7); page++)
    paged.push(
      ...(await searchRecommendations(db, { kind: "recommendation" }, { sort: "report", page }, 7)).rows.map(
        (r) => r.id,
      ),
    );
  expect(paged).toEqual(ordered.map((r) => r.id));
  const issues = await listIssues(db);
  const { rows } = await sql<{
    id: number;
    status: string;
    n: number;
  }>`select ri.issue_id as id, r.current_status as status,
    count(*)::int as n from recommendation_issue ri join recommendation r on r.id = ri.recommendation_id group by 1, 2`.execute(
    db,
  );
  for (const issue of issues) {
    const mine = rows.filter((r) => r.id === issue.id);
    expect(issue.linkedRecommendations).toBe(mine.reduce((a, r) => a + r.n, 0));
    expect(issue.byStatus).toEqual(Object.fromEntries(mine.map((r) => [r.status, r.n])));
  }
}

describeEachEngine("recommendation_tally: the counts the writes keep equal a recount", (t) => {
  let admin: Actor;
  let org: number;
  let recs: number[] = [];
  let issues: number[] = [];

  beforeAll(async () => {
    await seed(t.db);
    org = (
      await t.db.insertInto("organisation").values({ name: "Tally Org" }).returning("id").executeTakeFirstOrThrow()
    ).id;
    admin = {
      id: (
        await t.db
          .insertInto("app_user")
          .values({ email: "admin@example.org", role: "admin", organisation_id: org, password_hash: "x" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
      role: "admin",
    };
    recs = (await t.db.selectFrom("recommendation").select("id").orderBy("id").execute()).map((r) => r.id);
    issues = (await t.db.selectFrom("coalition_issue").select("id").orderBy("id").execute()).map((r) => r.id);
  });

  it("after the migration and the seed", async () => {
    await expectTrue(t.db);
  });

  it("after links and unlinks (a linked recommendation's status change moves its issue counts)", async () => {
    expect((await linkRecommendations(t.db, admin, issues[0]!, recs.slice(0, 40))).ok).toBe(true);
    expect((await linkRecommendations(t.db, admin, issues[1]!, recs.slice(20, 60))).ok).toBe(true);
    await expectTrue(t.db);
    expect((await unlinkRecommendations(t.db, admin, issues[0]!, recs.slice(0, 10))).ok).toBe(true);
    await expectTrue(t.db);
  });

  it("after assessments recorded, deleted and restored", async () => {
    const fields = (status: "in_progress" | "fully_implemented", asOf: string) => ({
      status,
      asOf,
      evidence: "Tally test.",
      sourceUrls: [],
      organisationId: org,
    });
    const saved = [];
    for (const [i, id] of recs.slice(15, 30).entries()) {
      const r = await recordAssessment(
        t.db,
        admin,
        id,
        fields(i % 2 ? "in_progress" : "fully_implemented", "2024-01-0" + (1 + (i % 9))),
      );
      expect(r.ok).toBe(true);
      if (r.ok) saved.push(r.assessment);
    }
    await expectTrue(t.db);
    const first = saved[0]!;
    const deleted = await deleteAssessment(t.db, admin, first.id, first.version);
    expect(deleted.ok).toBe(true);
    await expectTrue(t.db);
    if (deleted.ok) expect((await restoreAssessment(t.db, admin, deleted.auditId)).ok).toBe(true);
    await expectTrue(t.db);
  });

  it("after an import (with recommending states) and its undo (recommendations deleted with their links)", async () => {
    const s = await importFile(t.db, MATRIX_EXCERPT, {}, { fileName: "matrix.docx" });
    expect(s).toMatchObject({ committed: true, errorCount: 0 });
    expect(s.inserted).toBeGreaterThan(0);
    await expectTrue(t.db);
    const imported = (
      await t.db.selectFrom("import_change").select("recommendation_id").where("import_id", "=", s.importId!).execute()
    )
      .map((r) => r.recommendation_id)
      .filter((id): id is number => id !== null);
    expect((await linkRecommendations(t.db, admin, issues[2]!, imported.slice(0, 5))).ok).toBe(true);
    await expectTrue(t.db);
    const undone = await undoImport(t.db, s.importId!, null);
    expect(undone).toMatchObject({ kind: "undone" });
    await expectTrue(t.db);
  });

  it("after a change of kind and of a state's regional group, and a multi-row delete of links", async () => {
    await sql`update recommendation set kind = 'pledge' where id = any(${recs.slice(18, 24)})`.execute(t.db);
    await expectTrue(t.db);
    await sql`update state set regional_group = 'WEOG' where id in (select state_id from recommendation_recommending_state limit 3)`.execute(
      t.db,
    );
    await expectTrue(t.db);
    await sql`delete from recommendation_recommending_state where recommendation_id = any(${recs.slice(0, 30)})`.execute(
      t.db,
    );
    await sql`delete from coalition_issue where id = ${issues[1]!}`.execute(t.db);
    await expectTrue(t.db);
  });

  it("after a backup is restored into another database", async () => {
    const file = path.join(tmp, `${t.handle.engine}.jsonl.gz`);
    await writeBackupFile(t.handle, file);
    const target = await createTestDatabase(t.handle.engine);
    try {
      await restoreBackup(target.handle, file);
      await expectTrue(target.handle.db);
      expect(await maintained(target.handle.db)).toEqual(await maintained(t.db));
    } finally {
      await target.handle.close();
      await target.drop();
    }
  });
});
