// A coalition's submissions and their asks (docs/domain.md, "The advocacy loop"). A submission is for a
// review, named by state under review and cycle, so that it can be written before the review's
// recommendations are held. A private submission (the default: a coalition may not publish its asks
// before the review) is seen by signed-in users only; every change is audited.
import { type Kysely, sql } from "kysely";
import type { Database, Response, Status, SubmissionKind, UptakeStatus } from "../../db/schema";
import type { AskFields, SubmissionFields } from "../lib/submission-input";
import type { Actor } from "./assessments.server";
import { writeAudit } from "./audit.server";

export interface SubmissionListItem {
  id: number;
  title: string;
  kind: SubmissionKind;
  stateName: string;
  stateIso3: string | null;
  cycle: number;
  isPublic: boolean;
  isSample: boolean;
  asks: number;
  /** Asks with at least one confirmed recommendation taking them up. */
  asksTakenUp: number;
}

/** Who may see what: private submissions only for signed-in users. */
export interface Viewer {
  signedIn: boolean;
}

export async function listSubmissions(db: Kysely<Database>, viewer: Viewer): Promise<SubmissionListItem[]> {
  let q = db
    .selectFrom("submission as sub")
    .innerJoin("state as s", "s.id", "sub.state_id")
    .select((eb) => [
      "sub.id",
      "sub.title",
      "sub.kind",
      "s.name as stateName",
      "s.iso3 as stateIso3",
      "sub.cycle",
      "sub.is_public as isPublic",
      "sub.is_sample as isSample",
      eb
        .selectFrom("ask")
        .whereRef("ask.submission_id", "=", "sub.id")
        .select(sql<number>`count(*)::int`.as("n"))
        .as("asks"),
      eb
        .selectFrom("ask")
        .whereRef("ask.submission_id", "=", "sub.id")
        .where((w) =>
          w.exists(
            w
              .selectFrom("ask_uptake as u")
              .whereRef("u.ask_id", "=", "ask.id")
              .where("u.status", "=", "confirmed")
              .select(sql`1`.as("x")),
          ),
        )
        .select(sql<number>`count(*)::int`.as("n"))
        .as("asksTakenUp"),
    ]);
  if (!viewer.signedIn) q = q.where("sub.is_public", "=", true);
  const rows = await q.orderBy("sub.cycle", "desc").orderBy("s.name").orderBy("sub.id").execute();
  return rows.map((r) => ({ ...r, asks: r.asks ?? 0, asksTakenUp: r.asksTakenUp ?? 0 }));
}

export interface UptakeView {
  recommendationId: number;
  paragraph: string | null;
  text: string;
  response: Response;
  currentStatus: Status;
  currentAsOf: string | null;
  recommendingStates: { name: string; iso3: string | null }[];
  similarity: number;
  status: UptakeStatus;
}

export interface AskView {
  id: number;
  text: string;
  position: number;
  issue: { id: number; slug: string; title: string } | null;
  uptake: UptakeView[];
}

export interface SubmissionDetail extends Omit<SubmissionListItem, "asks" | "asksTakenUp"> {
  organisations: string[];
  body: string;
  footnotes: string;
  stateId: number;
  /** The review of that state and cycle, where it is held, with how many recommendations it holds. */
  review: { id: number; reviewDate: string | null; recommendations: number } | null;
  asks: AskView[];
  updatedAt: string;
}

export async function getSubmission(
  db: Kysely<Database>,
  id: number,
  viewer: Viewer,
): Promise<SubmissionDetail | undefined> {
  const sub = await db
    .selectFrom("submission as sub")
    .innerJoin("state as s", "s.id", "sub.state_id")
    .select([
      "sub.id",
      "sub.title",
      "sub.kind",
      "sub.state_id as stateId",
      "s.name as stateName",
      "s.iso3 as stateIso3",
      "sub.cycle",
      "sub.is_public as isPublic",
      "sub.is_sample as isSample",
      "sub.organisations",
      "sub.body",
      "sub.footnotes",
      sql<string>`sub.updated_at::text`.as("updatedAt"),
    ])
    .where("sub.id", "=", id)
    .executeTakeFirst();
  if (!sub || (!sub.isPublic && !viewer.signedIn)) return undefined;
  const review = await db
    .selectFrom("review as r")
    .select((eb) => [
      "r.id",
      "r.review_date as reviewDate",
      eb
        .selectFrom("recommendation as rec")
        .whereRef("rec.review_id", "=", "r.id")
        .where("rec.kind", "=", "recommendation")
        .select(sql<number>`count(*)::int`.as("n"))
        .as("recommendations"),
    ])
    .where("r.state_id", "=", sub.stateId)
    .where("r.cycle", "=", sub.cycle)
    .executeTakeFirst();
  const asks = await db
    .selectFrom("ask")
    .leftJoin("coalition_issue as i", "i.id", "ask.issue_id")
    .select(["ask.id", "ask.text", "ask.position", "i.id as issueId", "i.slug as issueSlug", "i.title as issueTitle"])
    .where("ask.submission_id", "=", id)
    .orderBy("ask.position")
    .orderBy("ask.id")
    .execute();
  const uptake = asks.length
    ? await uptakeOf(
        db,
        asks.map((a) => a.id),
      )
    : [];
  return {
    ...sub,
    review: review ? { ...review, recommendations: review.recommendations ?? 0 } : null,
    asks: asks.map((a) => ({
      id: a.id,
      text: a.text,
      position: a.position,
      issue: a.issueId !== null ? { id: a.issueId, slug: a.issueSlug!, title: a.issueTitle! } : null,
      uptake: uptake.filter((u) => u.askId === a.id).map(({ askId: _a, ...u }) => u),
    })),
  };
}

async function uptakeOf(db: Kysely<Database>, askIds: number[]): Promise<(UptakeView & { askId: number })[]> {
  const rows = await db
    .selectFrom("ask_uptake as u")
    .innerJoin("recommendation as rec", "rec.id", "u.recommendation_id")
    .select((eb) => [
      "u.ask_id as askId",
      "u.recommendation_id as recommendationId",
      "u.similarity",
      "u.status",
      "rec.paragraph",
      "rec.text",
      "rec.response",
      "rec.current_status as currentStatus",
      "rec.current_as_of as currentAsOf",
      eb
        .selectFrom("recommendation_recommending_state as rrs")
        .innerJoin("state as rs", "rs.id", "rrs.state_id")
        .whereRef("rrs.recommendation_id", "=", "rec.id")
        .select(
          sql<
            { name: string; iso3: string | null }[]
          >`coalesce(json_agg(json_build_object('name', rs.name, 'iso3', rs.iso3) order by rs.name), '[]'::json)`.as(
            "states",
          ),
        )
        .as("recommendingStates"),
    ])
    .where("u.ask_id", "in", askIds)
    .orderBy("u.ask_id")
    .orderBy(sql`case u.status when 'confirmed' then 0 when 'suggested' then 1 else 2 end`)
    .orderBy("u.similarity", "desc")
    .execute();
  return rows.map((r) => ({ ...r, recommendingStates: r.recommendingStates ?? [] }));
}

export type SubmissionResult =
  | { ok: true; id: number }
  | { ok: false; kind: "invalid"; fieldErrors: Record<string, string> }
  | { ok: false; kind: "not_found" };

function auditSubmission(row: { [k: string]: unknown }) {
  const { body, footnotes, ...rest } = row as { body: string; footnotes: string };
  // The texts can be long: the audit keeps their length, and the rest of the row as it is.
  return { ...rest, body_length: body.length, footnotes_length: footnotes.length };
}

/** A submission's columns from the editor's fields (the new and the edit form). */
function submissionColumns(fields: SubmissionFields, stateId: number) {
  return {
    state_id: stateId,
    cycle: fields.cycle,
    title: fields.title,
    kind: fields.kind,
    organisations: fields.organisations,
    body: fields.body,
    footnotes: fields.footnotes,
    is_public: fields.isPublic,
  };
}

export async function createSubmission(
  db: Kysely<Database>,
  actor: Actor,
  fields: SubmissionFields,
): Promise<SubmissionResult> {
  return db.transaction().execute(async (trx) => {
    const state = await trx.selectFrom("state").select("id").where("iso3", "=", fields.state).executeTakeFirst();
    if (!state) return { ok: false, kind: "invalid", fieldErrors: { state: "No state has that code" } } as const;
    const row = await trx
      .insertInto("submission")
      .values({ ...submissionColumns(fields, state.id), created_by: actor.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: "submission.created",
      entity: "submission",
      entityId: row.id,
      before: null,
      after: auditSubmission(row),
    });
    return { ok: true, id: row.id } as const;
  });
}

/**
 * Changes a submission's fields (audited with before and after). Its review (state and cycle) can change
 * only while no uptake is recorded for its asks: the uptake names recommendations of that review.
 */
export async function updateSubmission(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  fields: SubmissionFields,
): Promise<SubmissionResult & { changed?: boolean }> {
  return db.transaction().execute(async (trx): Promise<SubmissionResult & { changed?: boolean }> => {
    const before = await trx.selectFrom("submission").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) return { ok: false, kind: "not_found" } as const;
    const state = await trx.selectFrom("state").select("id").where("iso3", "=", fields.state).executeTakeFirst();
    if (!state) return { ok: false, kind: "invalid", fieldErrors: { state: "No state has that code" } } as const;
    if (state.id !== before.state_id || fields.cycle !== before.cycle) {
      const uptake = await trx
        .selectFrom("ask_uptake as u")
        .innerJoin("ask", "ask.id", "u.ask_id")
        .select("u.ask_id")
        .where("ask.submission_id", "=", id)
        .limit(1)
        .executeTakeFirst();
      if (uptake) {
        const message = "Its asks have uptake recorded for the review it names: the review cannot change";
        const fieldErrors: Record<string, string> = {};
        if (state.id !== before.state_id) fieldErrors.state = message;
        if (fields.cycle !== before.cycle) fieldErrors.cycle = message;
        return { ok: false, kind: "invalid", fieldErrors } as const;
      }
    }
    const values = submissionColumns(fields, state.id);
    const same = (Object.keys(values) as (keyof typeof values)[]).every(
      (k) => JSON.stringify(values[k]) === JSON.stringify(before[k]),
    );
    if (same) return { ok: true, id, changed: false } as const;
    const after = await trx
      .updateTable("submission")
      .set({ ...values, updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: "submission.updated",
      entity: "submission",
      entityId: id,
      before: auditSubmission(before),
      after: auditSubmission(after),
    });
    return { ok: true, id, changed: true } as const;
  });
}

/** Publishes a submission (its asks and their uptake) or makes it private again. Audited. */
export async function setSubmissionPublic(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  isPublic: boolean,
): Promise<{ ok: boolean; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("submission").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) return { ok: false, changed: false };
    if (before.is_public === isPublic) return { ok: true, changed: false };
    const after = await trx
      .updateTable("submission")
      .set({ is_public: isPublic, updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: isPublic ? "submission.published" : "submission.made_private",
      entity: "submission",
      entityId: id,
      before: auditSubmission(before),
      after: auditSubmission(after),
    });
    return { ok: true, changed: true };
  });
}

export type AskResult = { ok: true; id: number } | { ok: false; kind: "not_found" | "unknown_issue" };

export async function addAsk(
  db: Kysely<Database>,
  actor: Actor,
  submissionId: number,
  fields: AskFields,
): Promise<AskResult> {
  return db.transaction().execute(async (trx) => {
    const sub = await trx
      .selectFrom("submission")
      .select("id")
      .where("id", "=", submissionId)
      .forUpdate()
      .executeTakeFirst();
    if (!sub) return { ok: false, kind: "not_found" } as const;
    if (fields.issueId !== null) {
      const issue = await trx
        .selectFrom("coalition_issue")
        .select("id")
        .where("id", "=", fields.issueId)
        .executeTakeFirst();
      if (!issue) return { ok: false, kind: "unknown_issue" } as const;
    }
    const { next } = await trx
      .selectFrom("ask")
      .select(sql<number>`coalesce(max(position), 0) + 1`.as("next"))
      .where("submission_id", "=", submissionId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("ask")
      .values({ submission_id: submissionId, issue_id: fields.issueId, text: fields.text, position: next })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: "ask.created",
      entity: "ask",
      entityId: row.id,
      before: null,
      after: row,
    });
    return { ok: true, id: row.id } as const;
  });
}

/** Removes an ask of the submission, with its uptake (audited with what it held). */
export async function deleteAsk(
  db: Kysely<Database>,
  actor: Actor,
  submissionId: number,
  askId: number,
): Promise<{ ok: boolean }> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("ask")
      .selectAll()
      .where("id", "=", askId)
      .where("submission_id", "=", submissionId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return { ok: false };
    const uptake = await trx.selectFrom("ask_uptake").selectAll().where("ask_id", "=", askId).execute();
    await trx.deleteFrom("ask").where("id", "=", askId).execute();
    await writeAudit(trx, {
      userId: actor.id,
      action: "ask.deleted",
      entity: "ask",
      entityId: askId,
      before: { ...before, uptake },
      after: null,
    });
    return { ok: true };
  });
}
