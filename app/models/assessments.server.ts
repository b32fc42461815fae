// Implementation assessments: recorded with evidence, never silently overwritten. Every change is in
// the audit log with the row before and after; edits and deletes check the version the editor saw.
// A save locks its recommendations first (FOR UPDATE, FOR KEY SHARE for many), so that it and an undo
// of an import (which locks the recommendations it removes: import-runs.server.ts) take turns: a save
// that comes second finds its recommendation gone and says so ("removed_by_undo"), nothing saved.
import { type Kysely, type Selectable, sql } from "kysely";
import type { AssessmentTable, Database, Status } from "../../db/schema";
import { asOfProblem, type AssessmentFields, type FieldErrors } from "../lib/assessment-input";
import { todayUtc } from "../lib/dates";
import { writeAudit } from "./audit.server";

export interface Actor {
  id: number;
  role: "admin" | "editor";
}

export interface AssessmentView {
  id: number;
  recommendationId: number;
  status: Status;
  asOf: string;
  evidence: string;
  sourceUrls: string[];
  organisationId: number;
  organisationName: string;
  authorEmail: string | null;
  isSample: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type WriteResult =
  | { ok: true; assessment: AssessmentView }
  | { ok: false; kind: "invalid"; fieldErrors: FieldErrors }
  | { ok: false; kind: "not_found" }
  | { ok: false; kind: "removed_by_undo" }
  | { ok: false; kind: "conflict"; current: AssessmentView | null };

/** What a save says when an undo of an import removed its recommendation first. */
export const REMOVED_BY_UNDO = "This recommendation was removed by an undo of its import; nothing was saved.";

type Row = Selectable<AssessmentTable>;

function views(db: Kysely<Database>) {
  return db
    .selectFrom("assessment as a")
    .innerJoin("organisation as o", "o.id", "a.organisation_id")
    .leftJoin("app_user as u", "u.id", "a.author_id")
    .select([
      "a.id",
      "a.recommendation_id as recommendationId",
      "a.status",
      "a.as_of as asOf",
      "a.evidence",
      "a.source_urls as sourceUrls",
      "a.organisation_id as organisationId",
      "o.name as organisationName",
      "u.email as authorEmail",
      "a.is_sample as isSample",
      "a.version",
      "a.created_at as createdAt",
      "a.updated_at as updatedAt",
    ]);
}

export async function getAssessment(db: Kysely<Database>, id: number): Promise<AssessmentView | undefined> {
  return views(db).where("a.id", "=", id).executeTakeFirst();
}

/** Every assessment of a recommendation, newest first (by as-of date, then by when it was recorded). */
export async function listAssessmentHistory(db: Kysely<Database>, recommendationId: number): Promise<AssessmentView[]> {
  return views(db)
    .where("a.recommendation_id", "=", recommendationId)
    .orderBy("a.as_of", "desc")
    .orderBy("a.id", "desc")
    .execute();
}

/** The latest assessment of a recommendation: the one with the latest as-of date (ties: recorded last). */
export async function getCurrentAssessment(
  db: Kysely<Database>,
  recommendationId: number,
): Promise<AssessmentView | undefined> {
  return views(db)
    .where("a.recommendation_id", "=", recommendationId)
    .orderBy("a.as_of", "desc")
    .orderBy("a.id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Each organisation's latest assessment of a recommendation, and whether they disagree. */
export async function latestByOrganisation(
  db: Kysely<Database>,
  recommendationId: number,
): Promise<{ latest: AssessmentView[]; disagree: boolean }> {
  const history = await listAssessmentHistory(db, recommendationId);
  const latest = new Map<number, AssessmentView>();
  for (const a of history) if (!latest.has(a.organisationId)) latest.set(a.organisationId, a);
  const list = [...latest.values()];
  return { latest: list, disagree: new Set(list.map((a) => a.status)).size > 1 };
}

function auditRow(row: Row) {
  return {
    id: row.id,
    recommendation_id: row.recommendation_id,
    organisation_id: row.organisation_id,
    author_id: row.author_id,
    status: row.status,
    as_of: row.as_of,
    evidence: row.evidence,
    source_urls: row.source_urls,
    is_sample: row.is_sample,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** An assessment to write: the fields of the form, for one recommendation. */
export type NewAssessment = AssessmentFields & { recommendationId: number };

/**
 * The one insert of assessments, in the caller's transaction: 500 rows a statement, each followed by its
 * audit row ("assessment.created", with `note(i)` added to what it says) when an editor writes them.
 * Sample data (`actor: null`) is marked as sample and audited once by its caller for the whole sample.
 * Returns the rows in the order given.
 */
export async function insertAssessments(
  trx: Kysely<Database>,
  actor: Actor | null,
  items: readonly NewAssessment[],
  note: (i: number) => Record<string, unknown> = () => ({}),
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let at = 0; at < items.length; at += 500) {
    const part = items.slice(at, at + 500);
    const written = await trx
      .insertInto("assessment")
      .values(
        part.map((a) => ({
          recommendation_id: a.recommendationId,
          organisation_id: a.organisationId,
          author_id: actor?.id ?? null,
          status: a.status,
          as_of: a.asOf,
          evidence: a.evidence,
          source_urls: a.sourceUrls,
          is_sample: actor === null,
        })),
      )
      .returningAll()
      .execute();
    rows.push(...written);
  }
  if (actor)
    for (const [i, row] of rows.entries())
      await writeAudit(trx, {
        userId: actor.id,
        action: "assessment.created",
        entity: "assessment",
        entityId: row.id,
        before: null,
        after: { ...auditRow(row), ...note(i) },
      });
  return rows;
}

/**
 * Locks the recommendations (in id order, so that two savers never wait for each other in a circle)
 * and returns those that exist. FOR KEY SHARE is what the assessment's foreign key takes anyway: it
 * waits only for a delete (an undo of an import), not for an import's or a trigger's update.
 */
async function lockRecommendations(
  trx: Kysely<Database>,
  ids: number[],
  mode: "update" | "key share",
): Promise<Set<number>> {
  const query = trx
    .selectFrom("recommendation")
    .select("id")
    .where("id", "in", ids.length ? ids : [0])
    .orderBy("id");
  const rows = await (mode === "update" ? query.forUpdate() : query.forKeyShare()).execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of these recommendations an import inserted that was undone since: gone by an undo. */
async function removedByUndo(trx: Kysely<Database>, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("import_change as c")
    .innerJoin("import_run as r", "r.id", "c.import_id")
    .select("c.recommendation_id")
    .distinct()
    .where("c.recommendation_id", "in", ids)
    .where("c.action", "=", "inserted")
    .where("r.undone_at", "is not", null)
    .execute();
  return rows.map((r) => r.recommendation_id);
}

async function checkFields(db: Kysely<Database>, recommendationIds: number[], fields: AssessmentFields, today: string) {
  const recs = await db
    .selectFrom("recommendation as rec")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .select(["rec.id", "r.review_date"])
    .where("rec.id", "in", recommendationIds.length ? recommendationIds : [0])
    .execute();
  if (recs.length !== new Set(recommendationIds).size) return { kind: "not_found" as const };
  const fieldErrors: FieldErrors = {};
  const latestReview = recs.reduce<string | null>(
    (max, r) => (r.review_date && (!max || r.review_date > max) ? r.review_date : max),
    null,
  );
  const dateProblem = asOfProblem(fields.asOf, latestReview, today);
  if (dateProblem) fieldErrors.asOf = dateProblem;
  const org = await db
    .selectFrom("organisation")
    .select("id")
    .where("id", "=", fields.organisationId)
    .executeTakeFirst();
  if (!org) fieldErrors.organisationId = "There is no such organisation";
  return Object.keys(fieldErrors).length ? { kind: "invalid" as const, fieldErrors } : null;
}

export interface RecordOptions {
  /** The id of the latest assessment the editor saw when the page loaded (0: none). A newer one means a conflict. */
  basedOn?: number;
  today?: string;
}

/** Records a new assessment. Refused (nothing written) if another was recorded since the editor's page loaded. */
export async function recordAssessment(
  db: Kysely<Database>,
  actor: Actor,
  recommendationId: number,
  fields: AssessmentFields,
  options: RecordOptions = {},
): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    // Lock the recommendation row: concurrent saves for it queue here, so the check below is exact;
    // an undo of its import removing it waits for this save, or this save for the undo.
    const found = await lockRecommendations(trx, [recommendationId], "update");
    if (!found.has(recommendationId))
      return (await removedByUndo(trx, [recommendationId])).length
        ? { ok: false, kind: "removed_by_undo" }
        : { ok: false, kind: "not_found" };
    const problem = await checkFields(trx, [recommendationId], fields, options.today ?? todayUtc());
    if (problem) return { ok: false, ...problem };
    if (options.basedOn !== undefined) {
      const newest = await trx
        .selectFrom("assessment")
        .select((eb) => eb.fn.max("id").as("id"))
        .where("recommendation_id", "=", recommendationId)
        .executeTakeFirst();
      if ((newest?.id ?? 0) !== options.basedOn) {
        return { ok: false, kind: "conflict", current: (await getCurrentAssessment(trx, recommendationId)) ?? null };
      }
    }
    const [row] = await insertAssessments(trx, actor, [{ ...fields, recommendationId }]);
    return { ok: true, assessment: (await getAssessment(trx, row.id))! };
  });
}

/** One status with one evidence note for many recommendations: one assessment each, all or nothing. */
export async function recordAssessments(
  db: Kysely<Database>,
  actor: Actor,
  recommendationIds: number[],
  fields: AssessmentFields,
  options: { today?: string; formKey?: string } = {},
): Promise<
  | { ok: true; count: number }
  | { ok: false; kind: "invalid"; fieldErrors: FieldErrors }
  | { ok: false; kind: "not_found" }
  | { ok: false; kind: "removed_by_undo"; count: number }
  | { ok: false; kind: "duplicate"; count: number }
> {
  const ids = [...new Set(recommendationIds)];
  if (ids.length === 0)
    return { ok: false, kind: "invalid", fieldErrors: { recommendationIds: "Choose at least one recommendation" } };
  return db.transaction().execute(async (trx) => {
    const found = await lockRecommendations(trx, ids, "key share");
    if (found.size !== ids.length) {
      const removed = await removedByUndo(
        trx,
        ids.filter((id) => !found.has(id)),
      );
      return removed.length
        ? { ok: false, kind: "removed_by_undo", count: removed.length }
        : { ok: false, kind: "not_found" };
    }
    const problem = await checkFields(trx, ids, fields, options.today ?? todayUtc());
    if (problem) return { ok: false, ...problem };
    if (options.formKey) {
      // The form's one-time key, stored with the save: a second request with it (back button, double
      // click) waits for the first to commit, then finds the key and saves nothing.
      const claimed = await trx
        .insertInto("form_submission")
        .values({
          key: options.formKey,
          user_id: actor.id,
          form: "assessments.bulk",
          saved: ids.length,
        })
        .onConflict((oc) => oc.column("key").doNothing())
        .returning("key")
        .executeTakeFirst();
      if (!claimed) {
        const first = await trx
          .selectFrom("form_submission")
          .select("saved")
          .where("key", "=", options.formKey)
          .executeTakeFirstOrThrow();
        return { ok: false, kind: "duplicate", count: first.saved };
      }
    }
    const rows = await insertAssessments(
      trx,
      actor,
      ids.map((recommendationId) => ({ ...fields, recommendationId })),
      () => ({ bulk: true }),
    );
    return { ok: true, count: rows.length };
  });
}

/** Corrects an assessment. The editor's version must still be current; the previous version stays in the audit log. */
export async function editAssessment(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  expectedVersion: number,
  fields: AssessmentFields,
  options: { today?: string } = {},
): Promise<WriteResult> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("assessment").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) return { ok: false, kind: "not_found" };
    const problem = await checkFields(trx, [before.recommendation_id], fields, options.today ?? todayUtc());
    if (problem) return { ok: false, ...problem };
    if (before.version !== expectedVersion)
      return { ok: false, kind: "conflict", current: (await getAssessment(trx, id)) ?? null };
    const after = await trx
      .updateTable("assessment")
      .set({
        status: fields.status,
        as_of: fields.asOf,
        evidence: fields.evidence,
        source_urls: fields.sourceUrls,
        organisation_id: fields.organisationId,
        version: before.version + 1,
        updated_at: sql`now()`,
      })
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: "assessment.updated",
      entity: "assessment",
      entityId: id,
      before: auditRow(before),
      after: auditRow(after),
    });
    return { ok: true, assessment: (await getAssessment(trx, id))! };
  });
}

/** Admins only: deletes an assessment; the audit log keeps it whole so it can be restored. */
export async function deleteAssessment(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  expectedVersion: number,
): Promise<
  | { ok: true; auditId: number }
  | { ok: false; kind: "forbidden" | "not_found" }
  | { ok: false; kind: "conflict"; current: AssessmentView | null }
> {
  if (actor.role !== "admin") return { ok: false, kind: "forbidden" };
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("assessment").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) return { ok: false, kind: "not_found" };
    if (before.version !== expectedVersion)
      return { ok: false, kind: "conflict", current: (await getAssessment(trx, id)) ?? null };
    await trx.deleteFrom("assessment").where("id", "=", id).execute();
    await writeAudit(trx, {
      userId: actor.id,
      action: "assessment.deleted",
      entity: "assessment",
      entityId: id,
      before: auditRow(before),
      after: null,
    });
    const entry = await trx
      .selectFrom("audit_log")
      .select("id")
      .where("entity", "=", "assessment")
      .where("entity_id", "=", String(id))
      .where("action", "=", "assessment.deleted")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    return { ok: true, auditId: Number(entry.id) };
  });
}

/** Admins only: puts a deleted assessment back, exactly as it was, from its deletion's audit entry. */
export async function restoreAssessment(
  db: Kysely<Database>,
  actor: Actor,
  auditId: number,
): Promise<{ ok: true; assessmentId: number } | { ok: false; kind: "forbidden" | "not_found" | "already_present" }> {
  if (actor.role !== "admin") return { ok: false, kind: "forbidden" };
  return db.transaction().execute(async (trx) => {
    const entry = await trx
      .selectFrom("audit_log")
      .select(["before"])
      .where("id", "=", auditId)
      .where("action", "=", "assessment.deleted")
      .executeTakeFirst();
    if (!entry?.before) return { ok: false, kind: "not_found" };
    const row = entry.before as ReturnType<typeof auditRow>;
    const exists = await trx.selectFrom("assessment").select("id").where("id", "=", row.id).executeTakeFirst();
    if (exists) return { ok: false, kind: "already_present" };
    if (!(await lockRecommendations(trx, [row.recommendation_id], "key share")).has(row.recommendation_id))
      return { ok: false, kind: "not_found" };
    // The deletion's entry holds every column of the row, so the row comes back exactly as it was.
    const restored = await trx
      .insertInto("assessment")
      .values(row as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: "assessment.restored",
      entity: "assessment",
      entityId: row.id,
      before: null,
      after: auditRow(restored),
    });
    return { ok: true, assessmentId: restored.id };
  });
}
