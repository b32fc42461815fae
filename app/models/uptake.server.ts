// The uptake of a submission's asks: which recommendations of the review take each ask up.
//
// Suggestions are ranked as follow-ups are (app/models/followups.server.ts): the mean of the trigram
// similarity of the two texts and the larger word similarity either way, on the comparable form of the
// recommendation (followup_text: attributions removed, lower case). An ask is the coalition's own words
// and a recommendation a state's, so the texts are further apart than two cycles' recommendations: a
// suggestion needs only UPTAKE_THRESHOLD, and at most UPTAKE_CANDIDATES per ask within UPTAKE_MARGIN of
// its best are kept, for an editor to confirm or reject. A decision is never overwritten by a new search.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "./assessments.server";
import { writeAudit } from "./audit.server";

/** The lowest score suggested (not measured on a labelled set: the coalition's asks are not public; see docs/domain.md). */
export const UPTAKE_THRESHOLD = 0.3;
export const UPTAKE_MARGIN = 0.15;
export const UPTAKE_CANDIDATES = 5;

export type FindUptakeResult =
  | { ok: true; asks: number; suggested: number; kept: number; removed: number }
  | { ok: false; kind: "not_found" | "no_review" };

/**
 * Searches the review's recommendations for each ask of the submission and stores the suggestions.
 * Decided pairs stay as they are; suggestions that no longer qualify are removed. One audit entry.
 */
export function findUptake(db: Kysely<Database>, actor: Actor, submissionId: number): Promise<FindUptakeResult> {
  return db.transaction().execute((trx) => suggestUptake(trx, actor.id, submissionId));
}

/** findUptake inside a transaction the caller holds (the sample data's too, whose audit entry has no user). */
export async function suggestUptake(
  trx: Kysely<Database>,
  userId: number | null,
  submissionId: number,
): Promise<FindUptakeResult> {
  const sub = await trx
    .selectFrom("submission")
    .select(["id", "state_id", "cycle"])
    .where("id", "=", submissionId)
    .forUpdate()
    .executeTakeFirst();
  if (!sub) return { ok: false, kind: "not_found" } as const;
  const review = await trx
    .selectFrom("review")
    .select("id")
    .where("state_id", "=", sub.state_id)
    .where("cycle", "=", sub.cycle)
    .executeTakeFirst();
  if (!review) return { ok: false, kind: "no_review" } as const;
  const scored = await sql<{ askId: number; recommendationId: number; score: number }>`
    with a as (select id, lower(text) as t from ask where submission_id = ${submissionId}),
         r as (select id, followup_text(text) as t from recommendation
               where review_id = ${review.id} and kind = 'recommendation')
    select a.id as "askId", r.id as "recommendationId",
           ((similarity(a.t, r.t) + greatest(word_similarity(a.t, r.t), word_similarity(r.t, a.t))) / 2)::real as score
    from a cross join r`.execute(trx);
  const byAsk = new Map<number, { recommendationId: number; score: number }[]>();
  for (const s of scored.rows) {
    if (s.score < UPTAKE_THRESHOLD) continue;
    const list = byAsk.get(s.askId) ?? [];
    list.push({ recommendationId: s.recommendationId, score: s.score });
    byAsk.set(s.askId, list);
  }
  const asks = await trx.selectFrom("ask").select("id").where("submission_id", "=", submissionId).execute();
  const held = asks.length
    ? await trx
        .selectFrom("ask_uptake")
        .select(["ask_id", "recommendation_id", "status"])
        .where(
          "ask_id",
          "in",
          asks.map((x) => x.id),
        )
        .execute()
    : [];
  const fresh: { ask_id: number; recommendation_id: number; similarity: number }[] = [];
  const stale: [number, number][] = [];
  let kept = 0;
  for (const { id: askId } of asks) {
    const list = (byAsk.get(askId) ?? []).sort((x, y) => y.score - x.score);
    const best = list[0]?.score ?? 0;
    const chosen = list.filter((x) => x.score >= best - UPTAKE_MARGIN).slice(0, UPTAKE_CANDIDATES);
    const mine = held.filter((h) => h.ask_id === askId);
    const decided = new Set(mine.filter((h) => h.status !== "suggested").map((h) => h.recommendation_id));
    kept += decided.size;
    const chosenIds = new Set(chosen.map((c) => c.recommendationId));
    for (const c of chosen)
      if (!decided.has(c.recommendationId))
        fresh.push({ ask_id: askId, recommendation_id: c.recommendationId, similarity: c.score });
    for (const h of mine)
      if (h.status === "suggested" && !chosenIds.has(h.recommendation_id)) stale.push([askId, h.recommendation_id]);
  }
  if (stale.length)
    await sql`delete from ask_uptake where (ask_id, recommendation_id) in
                (select * from unnest(${stale.map((x) => x[0])}::int[], ${stale.map((x) => x[1])}::int[]))`.execute(
      trx,
    );
  if (fresh.length)
    await trx
      .insertInto("ask_uptake")
      .values(fresh)
      .onConflict((oc) =>
        oc
          .columns(["ask_id", "recommendation_id"])
          .doUpdateSet((eb) => ({ similarity: eb.ref("excluded.similarity") })),
      )
      .execute();
  const suggested = fresh.length;
  const removed = stale.length;
  await writeAudit(trx, {
    userId,
    action: "submission.uptake_searched",
    entity: "submission",
    entityId: submissionId,
    before: null,
    after: { reviewId: review.id, asks: asks.length, suggested, kept, removed },
  });
  return { ok: true, asks: asks.length, suggested, kept, removed } as const;
}

export type DecideUptakeResult = { ok: true; changed: boolean } | { ok: false; kind: "not_found" };

/**
 * Confirms or rejects that a recommendation takes an ask of the submission up. A recommendation an editor
 * names that was not suggested can be confirmed too (it must belong to the submission's review).
 */
export async function decideUptake(
  db: Kysely<Database>,
  actor: Actor,
  submissionId: number,
  askId: number,
  recommendationId: number,
  decision: "confirmed" | "rejected",
): Promise<DecideUptakeResult> {
  return db.transaction().execute(async (trx) => {
    const pair = await trx
      .selectFrom("ask")
      .innerJoin("submission as sub", "sub.id", "ask.submission_id")
      .innerJoin("review as r", (j) => j.onRef("r.state_id", "=", "sub.state_id").onRef("r.cycle", "=", "sub.cycle"))
      .innerJoin("recommendation as rec", "rec.review_id", "r.id")
      .select(["ask.id"])
      .where("ask.id", "=", askId)
      .where("sub.id", "=", submissionId)
      .where("rec.id", "=", recommendationId)
      .executeTakeFirst();
    if (!pair) return { ok: false, kind: "not_found" } as const;
    const before = await trx
      .selectFrom("ask_uptake")
      .selectAll()
      .where("ask_id", "=", askId)
      .where("recommendation_id", "=", recommendationId)
      .forUpdate()
      .executeTakeFirst();
    if (before?.status === decision) return { ok: true, changed: false } as const;
    const after = await trx
      .insertInto("ask_uptake")
      .values({
        ask_id: askId,
        recommendation_id: recommendationId,
        similarity: before?.similarity ?? 0,
        status: decision,
        decided_by: actor.id,
        decided_at: sql<Date>`now()`,
      })
      .onConflict((oc) =>
        oc.columns(["ask_id", "recommendation_id"]).doUpdateSet({
          status: decision,
          decided_by: actor.id,
          decided_at: sql<Date>`now()`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: `ask_uptake.${decision}`,
      entity: "ask_uptake",
      entityId: `${askId}:${recommendationId}`,
      before: before ?? null,
      after,
    });
    return { ok: true, changed: true } as const;
  });
}
