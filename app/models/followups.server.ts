// Follow-ups across cycles: a recommendation to a state that repeats or continues one the same state
// received in an earlier cycle. Pairs are found by trigram similarity of the two texts, stored as
// 'detected', and an editor confirms or rejects each; a decision is never overwritten by detection.
//
// The score of a pair (stored in recommendation_followup.similarity) is the mean of
//   similarity(a, b)                                  whole-text trigram similarity, and
//   greatest(word_similarity(a, b), word_similarity(b, a))   the shorter text found inside the longer,
// both on followup_text() (a database function: attributions such as "(Denmark);" removed, lower case).
// The second term finds a short recommendation inside a long one that merges several states' asks
// (Kenya's 103.1 holds seven states' death-penalty recommendations). A pair is kept when its score is at
// least the threshold AND within FOLLOWUP_BEST_MARGIN of the best score of the later recommendation's
// candidates, so that a recommendation is not tied to every loosely similar one of the earlier cycle.
// The threshold was chosen by measurement: see docs/followups.md and `npm run followups:precision`.
import { type Kysely, sql } from "kysely";
import type { Database, FollowupStatus, Status } from "../../db/schema";
import type { Actor } from "./assessments.server";
import { writeAudit } from "./audit.server";

/** Pairs scoring at least this are detected. Chosen on the labelled set in tests/fixtures/followups (docs/followups.md). */
export const FOLLOWUP_THRESHOLD = 0.55;
/** A pair must also score within this of the best-scoring earlier candidate of the same later recommendation. */
export const FOLLOWUP_BEST_MARGIN = 0.15;

export interface DetectOptions {
  /** Only this state under review (default: every state, one at a time). */
  stateId?: number;
  threshold?: number;
  margin?: number;
  /** Who asked, for the audit log (null: the system, e.g. a script). */
  actor?: Actor | null;
}

export interface DetectResult {
  /** Pairs at or above the threshold now. */
  found: number;
  /** Of those, pairs not stored before. */
  added: number;
  /** Pairs an editor had already confirmed or rejected: left exactly as they were. */
  decided: number;
  /** 'detected' pairs of the same states that no longer qualify (texts changed, other threshold): removed. */
  removed: number;
}

/**
 * detectFollowups for the state under review of an ISO 3166 alpha-3 code (any case), or for every
 * state when none is given. Null when no state has that code.
 */
export async function detectFollowupsByIso3(
  db: Kysely<Database>,
  iso3: string | undefined,
  options: Omit<DetectOptions, "stateId"> = {},
): Promise<DetectResult | null> {
  if (iso3 === undefined) return detectFollowups(db, options);
  const state = await db.selectFrom("state").select("id").where("iso3", "=", iso3.toUpperCase()).executeTakeFirst();
  return state ? detectFollowups(db, { ...options, stateId: state.id }) : null;
}

export interface ScoredPair {
  earlierId: number;
  laterId: number;
  score: number;
}

/**
 * The candidate pairs of one state under review, scored; earlier cycle < later cycle, recommendations
 * only (pledges are not compared). Pure reading.
 */
export async function scoreFollowupPairs(
  db: Kysely<Database>,
  stateId: number,
  options: { threshold?: number; margin?: number } = {},
): Promise<ScoredPair[]> {
  const threshold = options.threshold ?? FOLLOWUP_THRESHOLD;
  const margin = options.margin ?? FOLLOWUP_BEST_MARGIN;
  // Candidates without computing the (costly) similarity functions for every pair: count each pair's
  // common trigrams (show_trgm: the trigram sets pg_trgm compares) with one join. With c common trigrams
  // and sets of na and nb trigrams, similarity = c / (na + nb - c) exactly, and word similarity is at
  // most c / min(na, nb); a pair whose score cannot reach the threshold is dropped before scoring.
  // (The trigram index is no help here: measured 7 ms per search with a whole recommendation as the
  // query, slower than this join.)
  const { rows } = await sql<{ earlier_id: number; later_id: number; score: number }>`
    with texts as materialized (
      select rec.id, rv.cycle, followup_text(rec.text) as t
      from recommendation rec join review rv on rv.id = rec.review_id
      where rv.state_id = ${stateId} and rec.kind = 'recommendation'
    ), grams as materialized (
      select x.id, x.cycle, g, count(*) over (partition by x.id) as n
      from texts x cross join lateral unnest(show_trgm(x.t)) as g
    ), common as (
      select e.id as earlier_id, l.id as later_id, count(*)::float8 as c, min(e.n)::float8 as ne, min(l.n)::float8 as nl
      from grams e join grams l on l.g = e.g and e.cycle < l.cycle
      group by e.id, l.id
    ), candidates as (
      select earlier_id, later_id from common
      where (c / (ne + nl - c) + c / least(ne, nl)) / 2 >= ${threshold}::float8 - 0.0001
    ), scored as (
      select c.earlier_id, c.later_id,
             (similarity(e.t, l.t) + greatest(word_similarity(e.t, l.t), word_similarity(l.t, e.t))) / 2 as score
      from candidates c join texts e on e.id = c.earlier_id join texts l on l.id = c.later_id
    ), ranked as (
      select earlier_id, later_id, score, max(score) over (partition by later_id) as best from scored
    )
    select earlier_id, later_id, round(score::numeric, 4)::float8 as score
    from ranked
    where score >= ${threshold} and score >= best - ${margin}
    order by later_id, score desc, earlier_id`.execute(db);
  return rows.map((r) => ({ earlierId: r.earlier_id, laterId: r.later_id, score: Number(r.score) }));
}

/** States under review that have recommendations in more than one cycle. */
async function statesWithSeveralCycles(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom("review as rv")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("recommendation as rec")
          .whereRef("rec.review_id", "=", "rv.id")
          .select(sql`1`.as("x")),
      ),
    )
    .groupBy("rv.state_id")
    .having(sql`count(*)`, ">", 1)
    .select("rv.state_id")
    .orderBy("rv.state_id")
    .execute();
  return rows.map((r) => r.state_id);
}

/**
 * Finds follow-up pairs and stores them as 'detected'. Confirmed and rejected pairs are never changed;
 * 'detected' pairs of the examined states that no longer qualify are removed. One transaction per state.
 */
export async function detectFollowups(db: Kysely<Database>, options: DetectOptions = {}): Promise<DetectResult> {
  const total: DetectResult = { found: 0, added: 0, decided: 0, removed: 0 };
  const stateIds = options.stateId !== undefined ? [options.stateId] : await statesWithSeveralCycles(db);
  for (const stateId of stateIds) {
    const result = await db.transaction().execute(async (trx) => {
      const pairs = await scoreFollowupPairs(trx, stateId, options);
      const scope = sql`(select rec.id from recommendation rec join review rv on rv.id = rec.review_id where rv.state_id = ${stateId})`;
      const existing = await trx
        .selectFrom("recommendation_followup")
        .select(["earlier_id", "later_id", "status"])
        .where(sql<boolean>`later_id in ${scope}`)
        .execute();
      const known = new Map(existing.map((r) => [`${r.earlier_id}:${r.later_id}`, r.status]));
      const wanted = new Set(pairs.map((p) => `${p.earlierId}:${p.laterId}`));
      const stale = existing.filter((r) => r.status === "detected" && !wanted.has(`${r.earlier_id}:${r.later_id}`));
      for (const r of stale) {
        await trx
          .deleteFrom("recommendation_followup")
          .where("earlier_id", "=", r.earlier_id)
          .where("later_id", "=", r.later_id)
          .where("status", "=", "detected")
          .execute();
      }
      if (pairs.length) {
        // Batches keep the statement's parameters well under the protocol's limit.
        for (let i = 0; i < pairs.length; i += 5000) {
          await trx
            .insertInto("recommendation_followup")
            .values(
              pairs
                .slice(i, i + 5000)
                .map((p) => ({ earlier_id: p.earlierId, later_id: p.laterId, similarity: p.score })),
            )
            .onConflict((oc) =>
              oc
                .columns(["earlier_id", "later_id"])
                .doUpdateSet({ similarity: (eb) => eb.ref("excluded.similarity") })
                .where("recommendation_followup.status", "=", "detected"),
            )
            .execute();
        }
      }
      const r: DetectResult = {
        found: pairs.length,
        added: pairs.filter((p) => !known.has(`${p.earlierId}:${p.laterId}`)).length,
        decided: pairs.filter((p) => (known.get(`${p.earlierId}:${p.laterId}`) ?? "detected") !== "detected").length,
        removed: stale.length,
      };
      if (r.added || r.removed) {
        await writeAudit(trx, {
          userId: options.actor?.id ?? null,
          action: "recommendation_followup.detected",
          entity: "recommendation_followup",
          entityId: null,
          before: null,
          after: {
            stateId,
            threshold: options.threshold ?? FOLLOWUP_THRESHOLD,
            margin: options.margin ?? FOLLOWUP_BEST_MARGIN,
            ...r,
          },
        });
      }
      return r;
    });
    total.found += result.found;
    total.added += result.added;
    total.decided += result.decided;
    total.removed += result.removed;
  }
  return total;
}

export interface EarlierRecommendation {
  earlierId: number;
  laterId: number;
  paragraph: string | null;
  text: string;
  cycle: number;
  reviewDate: string | null;
  recommendingStates: { name: string; iso3: string | null }[];
  response: "supported" | "noted" | "pending";
  /** The earlier recommendation's status as of the later review's date (its latest assessment on or before it). */
  statusThen: Status;
  /** The date that status is as of: the later review's date (null: not known, so the current status is shown). */
  statusThenDate: string | null;
  similarity: number;
  status: FollowupStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** The earlier recommendations that this one repeats or continues (detected, confirmed and rejected), best first. */
export async function listFollowupsFor(
  db: Kysely<Database>,
  recommendationId: number,
): Promise<EarlierRecommendation[]> {
  const rows = await db
    .selectFrom("recommendation_followup as f")
    .innerJoin("recommendation as e", "e.id", "f.earlier_id")
    .innerJoin("review as er", "er.id", "e.review_id")
    .innerJoin("recommendation as l", "l.id", "f.later_id")
    .innerJoin("review as lr", "lr.id", "l.review_id")
    .leftJoin("app_user as u", "u.id", "f.decided_by")
    .where("f.later_id", "=", recommendationId)
    .select([
      "f.earlier_id as earlierId",
      "f.later_id as laterId",
      "e.paragraph",
      "e.text",
      "er.cycle",
      "er.review_date as reviewDate",
      "e.response",
      "lr.review_date as statusThenDate",
      "f.similarity",
      "f.status",
      "u.email as decidedBy",
      "f.decided_at as decidedAt",
      sql<{ name: string; iso3: string | null }[]>`coalesce((
        select json_agg(json_build_object('name', s.name, 'iso3', s.iso3) order by s.name)
        from recommendation_recommending_state rrs join state s on s.id = rrs.state_id
        where rrs.recommendation_id = e.id), '[]'::json)`.as("recommendingStates"),
      sql<Status>`case when lr.review_date is null then e.current_status else coalesce((
        select a.status from assessment a where a.recommendation_id = e.id and a.as_of <= lr.review_date
        order by a.as_of desc, a.id desc limit 1), 'not_assessed') end`.as("statusThen"),
    ])
    .orderBy(sql`f.status = 'rejected'`)
    .orderBy("f.similarity", "desc")
    .orderBy("er.cycle", "desc")
    .execute();
  return rows.map((r) => ({ ...r, similarity: Number(r.similarity) }));
}

export type FollowupDecisionResult = { ok: true; changed: boolean } | { ok: false; kind: "not_found" };

/** An editor confirms or rejects a detected pair (or changes an earlier decision). Audited. */
export async function decideFollowup(
  db: Kysely<Database>,
  actor: Actor,
  earlierId: number,
  laterId: number,
  decision: "confirmed" | "rejected",
): Promise<FollowupDecisionResult> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("recommendation_followup")
      .selectAll()
      .where("earlier_id", "=", earlierId)
      .where("later_id", "=", laterId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return { ok: false, kind: "not_found" } as const;
    if (before.status === decision) return { ok: true, changed: false } as const;
    const after = await trx
      .updateTable("recommendation_followup")
      .set({ status: decision, decided_by: actor.id, decided_at: sql`now()` })
      .where("earlier_id", "=", earlierId)
      .where("later_id", "=", laterId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: `recommendation_followup.${decision}`,
      entity: "recommendation_followup",
      entityId: `${earlierId}:${laterId}`,
      before,
      after,
    });
    return { ok: true, changed: true } as const;
  });
}
