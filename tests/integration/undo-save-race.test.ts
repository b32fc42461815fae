// An admin's undo of an import and an editor's save of an assessment on one of its recommendations
// take turns (issue #25): whichever comes second sees what the first did. A save after the undo is
// refused with a clear answer ("removed_by_undo", on the page: 410 with the sentence, the bulk form
// beside its field), never a foreign-key failure; an undo after the save keeps the assessed
// recommendation. On PostgreSQL both really run at once (held at a lock, released together, in each
// order, then raced freely); on PGlite, whose one connection runs transactions one at a time, in
// sequence both ways. After each: no assessment lost or orphaned, the audit log says what was
// written, and the maintained counts equal a recount.
import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { importFile } from "~/import/store/import.server";
import { undoImport } from "~/import/store/import-runs.server";
import { recordAssessment, recordAssessments, REMOVED_BY_UNDO } from "~/models/assessments.server";
import { createUser } from "~/models/users.server";
import * as bulk from "~/routes/assessments.bulk";
import * as recommendation from "~/routes/recommendations.$id";
import { createUserSession, setSessionSecretsForTesting } from "~/http/session.server";
import type { Database } from "../../db/schema";
import { args, ORIGIN, run, TEST_SESSION_SECRET } from "../helpers/requests";
import { maintained, recounted } from "../helpers/tally";
import { describeEachEngine } from "../helpers/test-db";

const FIELDS = { status: "in_progress" as const, asOf: "2024-03-01", evidence: "Race test evidence.", sourceUrls: [] };

/** A small file of our CSV template: `n` recommendations to `state`'s cycle 2 review (session 19), paragraphs `part`.1 on. */
function csv(state: string, n: number, part: number): Buffer {
  const header =
    "state_under_review,cycle,session,document_symbol,paragraph,recommending_states,recommendation,response,action_category,themes,issues\n";
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `${state},2,19,,${part}.${i + 1},Norway,"Ratify the convention (part ${part}, ${i + 1})",supported,2,Justice,\n`,
  );
  return Buffer.from(header + rows.join(""));
}

describeEachEngine("undo of an import and saves of assessments take turns", (t) => {
  let admin = 0;
  let editor = { id: 0, role: "editor" as const };
  let organisationId = 0;
  let editorCookie = "";
  let imports = 0;

  /** Imports a new file of `n` recommendations; returns the import's id and its recommendations. */
  async function importSome(n = 3): Promise<{ importId: number; ids: number[] }> {
    imports++;
    const summary = await importFile(t.db, csv("KEN", n, 100 + imports), {}, { userId: admin });
    expect(summary.committed, JSON.stringify(summary.errors)).toBe(true);
    const ids = (
      await t.db
        .selectFrom("import_change")
        .select("recommendation_id")
        .where("import_id", "=", summary.importId!)
        .where("action", "=", "inserted")
        .orderBy("recommendation_id")
        .execute()
    ).map((r) => r.recommendation_id);
    expect(ids).toHaveLength(n);
    return { importId: summary.importId!, ids };
  }

  const assessmentsOf = async (id: number) =>
    (await t.db.selectFrom("assessment").select("id").where("recommendation_id", "=", id).execute()).length;
  const exists = async (id: number) =>
    (await t.db.selectFrom("recommendation").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  const createdAudits = async () =>
    (await t.db.selectFrom("audit_log").select("id").where("action", "=", "assessment.created").execute()).length;

  /** The data agree with themselves: every assessment's recommendation exists, the counts equal a recount. */
  async function expectConsistent(db: Kysely<Database>) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from assessment a
      where not exists (select 1 from recommendation r where r.id = a.recommendation_id)`.execute(db);
    expect(rows[0]!.n).toBe(0);
    expect(await maintained(db)).toEqual(await recounted(db));
  }

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    const a = await createUser(
      t.db,
      {
        email: "admin@race.example",
        password: "race admin password",
        role: "admin",
        organisation: { name: "Race Org" },
      },
      { userId: null },
    );
    const e = await createUser(
      t.db,
      {
        email: "editor@race.example",
        password: "race editor password",
        role: "editor",
        organisation: { name: "Race Org" },
      },
      { userId: null },
    );
    if (!a.ok || !e.ok) throw new Error("users");
    admin = a.user.id;
    editor = { id: e.user.id, role: "editor" };
    organisationId = e.user.organisationId;
    const session = await createUserSession({
      request: new Request(`${ORIGIN}/login`),
      userId: e.user.id,
      sessionVersion: 1,
    });
    editorCookie = session.headers.get("Set-Cookie")!.split(";")[0]!;
  });

  const fields = () => ({ ...FIELDS, organisationId });

  it("a save after the undo: refused as removed by the undo, nothing written", async () => {
    const { importId, ids } = await importSome();
    const audits = await createdAudits();
    expect(await undoImport(t.db, importId, admin)).toMatchObject({ kind: "undone", removed: 3, kept: 0 });
    expect(await recordAssessment(t.db, editor, ids[1]!, fields(), { basedOn: 0 })).toEqual({
      ok: false,
      kind: "removed_by_undo",
    });
    expect(await exists(ids[1]!)).toBe(false);
    expect(await assessmentsOf(ids[1]!)).toBe(0);
    expect(await createdAudits()).toBe(audits);
    await expectConsistent(t.db);
  });

  it("an undo after a save: the assessed recommendation is kept with its assessment, the others removed", async () => {
    const { importId, ids } = await importSome();
    const audits = await createdAudits();
    const saved = await recordAssessment(t.db, editor, ids[1]!, fields(), { basedOn: 0 });
    expect(saved.ok).toBe(true);
    expect(await undoImport(t.db, importId, admin)).toMatchObject({ kind: "undone", removed: 2, kept: 1 });
    expect([await exists(ids[0]!), await exists(ids[1]!), await exists(ids[2]!)]).toEqual([false, true, false]);
    expect(await assessmentsOf(ids[1]!)).toBe(1);
    expect(await createdAudits()).toBe(audits + 1);
    await expectConsistent(t.db);
  });

  it("a bulk save over an undone import and a standing one: nothing saved, how many were removed said", async () => {
    const standing = await importSome(2);
    const undone = await importSome(2);
    expect(await undoImport(t.db, undone.importId, admin)).toMatchObject({ kind: "undone", removed: 2 });
    const before = await t.db.selectFrom("assessment").select("id").execute();
    expect(await recordAssessments(t.db, editor, [...standing.ids, ...undone.ids], fields())).toEqual({
      ok: false,
      kind: "removed_by_undo",
      count: 2,
    });
    expect(await t.db.selectFrom("assessment").select("id").execute()).toEqual(before);
    await expectConsistent(t.db);
  });

  it("the pages say so: the recommendation's page answers 410 with the sentence, the bulk form beside its field", async () => {
    const { importId, ids } = await importSome(2);
    expect(await undoImport(t.db, importId, admin)).toMatchObject({ kind: "undone", removed: 2 });
    const form = (fields: Record<string, string>, ...extra: [string, string][]) => {
      const body = new URLSearchParams(fields);
      for (const [k, v] of extra) body.append(k, v);
      return body;
    };
    const values = {
      status: "in_progress",
      asOf: FIELDS.asOf,
      evidence: "x",
      sourceUrls: "",
      organisationId: String(organisationId),
    };
    const request = (path: string, body: URLSearchParams) =>
      new Request(ORIGIN + path, {
        method: "POST",
        body,
        headers: { Origin: ORIGIN, Cookie: editorCookie, "Content-Type": "application/x-www-form-urlencoded" },
      });
    const single = await run(
      recommendation.action(
        args(
          request(`/recommendations/${ids[0]}`, form({ intent: "record", basedOn: "0", ...values })),
          {},
          { id: String(ids[0]) },
        ),
      ),
    );
    expect({ status: single.status, body: single.body }).toEqual({ status: 410, body: REMOVED_BY_UNDO });
    expect(REMOVED_BY_UNDO).toBe("This recommendation was removed by an undo of its import; nothing was saved.");

    const many = await run(
      bulk.action(
        args(
          request(
            "/assessments/bulk",
            form({ formKey: "race-form-key-0123456789", ...values }, ["ids", String(ids[0])], ["ids", String(ids[1])]),
          ),
        ),
      ),
    );
    expect(many.status).toBe(409);
    expect(many.body.fieldErrors).toEqual({
      recommendationIds:
        "2 of the chosen recommendations were removed by an undo of their import; nothing was saved. Reload the list and choose again.",
    });
    const one = await run(
      bulk.action(
        args(
          request(
            "/assessments/bulk",
            form({ formKey: "race-form-key-abcdefghij", ...values }, ["ids", String(ids[0])]),
          ),
        ),
      ),
    );
    expect({ status: one.status, message: one.body.fieldErrors.recommendationIds }).toEqual({
      status: 409,
      message: REMOVED_BY_UNDO,
    });
    await expectConsistent(t.db);
  });

  // ---- PostgreSQL: at the same moment ------------------------------------------------------------

  /** Transactions of this database now waiting for a lock. */
  const waiting = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db)
    ).rows[0]!.n;
  async function until(n: number) {
    const deadline = Date.now() + 20_000;
    while ((await waiting()) < n) {
      if (Date.now() > deadline) throw new Error(`${n} transactions never waited for the lock`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Holds recommendation `id` locked, starts `first` and then `second` (each waits for the lock, in
   * that order), and lets them go together: both run at once, and the lock decides their turns.
   */
  async function atOnce<A, B>(id: number, first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let locked = () => {};
    const holding = new Promise<void>((r) => (locked = r));
    const blocker = t.db.transaction().execute(async (trx) => {
      await sql`select id from recommendation where id = ${id} for update`.execute(trx);
      locked();
      await released;
    });
    await holding;
    const a = first();
    await until(1);
    const b = second();
    await until(2);
    release();
    await blocker;
    return Promise.all([a, b]);
  }

  it("on PostgreSQL, a save and an undo at once, the save first: saved, the undo keeps that recommendation", async (ctx) => {
    if (t.handle.engine !== "postgres") return ctx.skip();
    const { importId, ids } = await importSome();
    const [saved, undone] = await atOnce(
      ids[1]!,
      () => recordAssessment(t.db, editor, ids[1]!, fields(), { basedOn: 0 }),
      () => undoImport(t.db, importId, admin),
    );
    expect(saved.ok).toBe(true);
    expect(undone).toMatchObject({ kind: "undone", removed: 2, kept: 1 });
    expect(await exists(ids[1]!)).toBe(true);
    expect(await assessmentsOf(ids[1]!)).toBe(1);
    await expectConsistent(t.db);
  });

  it("on PostgreSQL, a save and an undo at once, the undo first: removed, the save refused as removed by the undo", async (ctx) => {
    if (t.handle.engine !== "postgres") return ctx.skip();
    const { importId, ids } = await importSome();
    const audits = await createdAudits();
    const [undone, saved] = await atOnce(
      ids[1]!,
      () => undoImport(t.db, importId, admin),
      () => recordAssessment(t.db, editor, ids[1]!, fields(), { basedOn: 0 }),
    );
    expect(undone).toMatchObject({ kind: "undone", removed: 3, kept: 0 });
    expect(saved).toEqual({ ok: false, kind: "removed_by_undo" });
    expect(await exists(ids[1]!)).toBe(false);
    expect(await createdAudits()).toBe(audits);
    await expectConsistent(t.db);
  });

  it("on PostgreSQL, bulk saves racing undos freely: one of the two outcomes each time, never a failure", async (ctx) => {
    if (t.handle.engine !== "postgres") return ctx.skip();
    const outcomes = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const { importId, ids } = await importSome();
      const mine = [ids[0]!, ids[2]!];
      const save = () => recordAssessments(t.db, editor, mine, fields());
      const undo = () => undoImport(t.db, importId, admin);
      // Started in one order or the other, both in flight at once.
      const [saved, undone] =
        round % 2 === 0
          ? await Promise.all([save(), undo()])
          : await (async () => {
              const u = undo();
              const s = save();
              return [await s, await u] as const;
            })();
      if (saved.ok) {
        expect(saved.count).toBe(2);
        expect(undone).toMatchObject({ kind: "undone", removed: 1, kept: 2 });
        for (const id of mine) expect(await assessmentsOf(id)).toBe(1);
        outcomes.add("save first");
      } else {
        expect(saved).toEqual({ ok: false, kind: "removed_by_undo", count: 2 });
        expect(undone).toMatchObject({ kind: "undone", removed: 3, kept: 0 });
        for (const id of mine) expect(await exists(id)).toBe(false);
        outcomes.add("undo first");
      }
      await expectConsistent(t.db);
    }
    console.log(`undo and bulk save raced 6 times on PostgreSQL: ${[...outcomes].join(", ")}`);
  });
});
