// Suggested links between a coalition issue and recommendations, and an editor's decisions on them.
//
// Recommendations likely to belong to an issue, ranked by full-text search on recommendation.search_vector
// (English stemming): each keyword of the issue is a phrase query of weight 1, each word of its title a
// query of weight TITLE_WORD_WEIGHT (a word that is both counts 1 + that). A query counts its weight times
// its rarity among all recommendations (BM25's inverse document frequency), so a rare, specific word
// ("trafficking": 2 of Kenya's 150) outweighs a common one ("protection": 25). The trigram word similarity
// of the title within the text is added as a small tie-breaker (it also rewards spelling variants that
// stemming misses). A recommendation is suggested when it holds one of the keywords, or two words of the
// title (one alone, such as "inadequate", proved noise on Kenya's data); linked ones and those an editor
// has decided on (accepted or rejected) never are. Measured on Kenya's cycle 1: see
// tests/integration/issues.test.ts and docs/decisions/2026-11-26-issue-suggestions.md.
import { type Kysely, sql } from "kysely";
import type { Database, SuggestionDecision } from "../../db/schema";
import type { RecommendationSummary } from "../lib/recommendation-summary";
import type { Actor } from "./assessments.server";
import { writeAudit } from "./audit.server";
import { linkAudit, refuseLinks, withBulkLinks } from "./issues.server";
import { paragraphOrder } from "./recommendations.server";

export const TITLE_WORD_WEIGHT = 0.25;
export const TITLE_SIMILARITY_WEIGHT = 0.5;

export interface Suggestion extends RecommendationSummary {
  stateName: string;
  stateIso3: string | null;
  cycle: number;
  score: number;
  /** The keywords and title words it matched, most telling first. */
  matched: string[];
}

export async function suggestionsForIssue(
  db: Kysely<Database>,
  issueId: number,
  options: { limit?: number; stateId?: number } = {},
): Promise<Suggestion[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 20, 200));
  const { rows } = await sql<Suggestion>`
    with issue as (
      select id, title, keywords from coalition_issue where id = ${issueId} and archived_at is null
    ), raw_terms as (
      select k as label, phraseto_tsquery('english', k) as q, 1.0::float8 as w from issue, unnest(issue.keywords) as k
      union all
      select word, plainto_tsquery('english', word), ${TITLE_WORD_WEIGHT}::float8
      from issue, regexp_split_to_table(issue.title, '[^[:alnum:]]+') as word
    ), terms as (
      select q, (array_agg(label order by w desc, label))[1] as label, sum(w) as w from raw_terms where numnode(q) > 0 group by q
    ), total as (
      select count(*)::float8 as n from recommendation where kind = 'recommendation'
    ), weighted as (
      select t.q, t.label, t.w >= 1 as keyword, t.w * ln(1 + (total.n - df.n + 0.5) / (df.n + 0.5)) as weight
      from terms t cross join total
      cross join lateral (select count(*)::float8 as n from recommendation r where r.kind = 'recommendation' and r.search_vector @@ t.q) df
    ), any_term as (
      select string_agg('(' || q::text || ')', ' | ')::tsquery as q,
             least(2, count(*) filter (where not keyword)) as title_words_needed
      from weighted
    )
    select rec.id, rec.paragraph, s.name as "stateName", s.iso3 as "stateIso3", rv.cycle, rec.text,
           rec.text_language as "textLanguage", rec.response, rec.current_status as "currentStatus",
           round(m.score::numeric, 3)::float8 as score, m.matched
    from recommendation rec
    join review rv on rv.id = rec.review_id
    join state s on s.id = rv.state_id
    cross join any_term
    cross join issue
    cross join lateral (
      select sum(w.weight) + ${TITLE_SIMILARITY_WEIGHT} * word_similarity(issue.title, rec.text) as score,
             array_agg(w.label order by w.weight desc, w.label) as matched,
             count(*) filter (where w.keyword) as keywords,
             count(*) filter (where not w.keyword) as title_words
      from weighted w where rec.search_vector @@ w.q
    ) m
    where rec.kind = 'recommendation'
      and rec.search_vector @@ any_term.q
      and (m.keywords > 0 or m.title_words >= any_term.title_words_needed)
      and (${options.stateId ?? null}::int is null or rv.state_id = ${options.stateId ?? null}::int)
      and not exists (select 1 from recommendation_issue ri where ri.issue_id = issue.id and ri.recommendation_id = rec.id)
      and not exists (select 1 from issue_suggestion_decision d where d.issue_id = issue.id and d.recommendation_id = rec.id)
    order by m.score desc, rv.cycle, ${paragraphOrder}, rec.id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export type DecideSuggestionResult =
  { ok: true; linked: boolean } | { ok: false; kind: "not_found" | "archived" | "already_linked" };

/** Stores one decision (and, when accepted, the link), audited. The caller holds the transaction and has checked the issue. */
async function decideOne(
  trx: Kysely<Database>,
  actor: Actor,
  issueId: number,
  recommendationId: number,
  decision: SuggestionDecision,
): Promise<DecideSuggestionResult> {
  const link = await trx
    .selectFrom("recommendation_issue")
    .select("issue_id")
    .where("issue_id", "=", issueId)
    .where("recommendation_id", "=", recommendationId)
    .executeTakeFirst();
  if (decision === "rejected" && link) return { ok: false, kind: "already_linked" };
  const before = await trx
    .selectFrom("issue_suggestion_decision")
    .selectAll()
    .where("issue_id", "=", issueId)
    .where("recommendation_id", "=", recommendationId)
    .forUpdate()
    .executeTakeFirst();
  const after = await trx
    .insertInto("issue_suggestion_decision")
    .values({ issue_id: issueId, recommendation_id: recommendationId, decision, decided_by: actor.id })
    .onConflict((oc) =>
      oc
        .columns(["issue_id", "recommendation_id"])
        .doUpdateSet({ decision, decided_by: actor.id, decided_at: sql`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    userId: actor.id,
    action: `issue_suggestion.${decision}`,
    entity: "issue_suggestion_decision",
    entityId: `${issueId}:${recommendationId}`,
    before: before ?? null,
    after,
  });
  if (decision !== "accepted" || link) return { ok: true, linked: false };
  const row = await trx
    .insertInto("recommendation_issue")
    .values({ recommendation_id: recommendationId, issue_id: issueId, created_by: actor.id })
    .onConflict((oc) => oc.columns(["recommendation_id", "issue_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return { ok: true, linked: false };
  await writeAudit(trx, {
    userId: actor.id,
    action: "recommendation_issue.linked",
    entity: "recommendation_issue",
    entityId: `${row.recommendation_id}:${row.issue_id}`,
    before: null,
    after: { ...linkAudit(row), fromSuggestion: true },
  });
  return { ok: true, linked: true };
}

/**
 * An editor's answer to a suggestion. Accepted: the recommendation is linked (audited as a link too).
 * Rejected: it is never suggested for this issue again. Either way the decision is stored and audited.
 * Rejecting a recommendation that is linked meanwhile is refused: unlink it instead.
 */
export async function decideSuggestion(
  db: Kysely<Database>,
  actor: Actor,
  issueId: number,
  recommendationId: number,
  decision: SuggestionDecision,
): Promise<DecideSuggestionResult> {
  return db.transaction().execute(async (trx) => {
    const refused = await refuseLinks(trx, issueId, [recommendationId]);
    if (refused) return refused;
    return decideOne(trx, actor, issueId, recommendationId, decision);
  });
}

export type DecideSuggestionsResult =
  { ok: true; decided: number; linked: number; skippedLinked: number } | { ok: false; kind: "not_found" | "archived" };

/** The same answer for several suggestions at once, all or nothing (rejections of meanwhile linked ones are skipped and counted). */
export async function decideSuggestions(
  db: Kysely<Database>,
  actor: Actor,
  issueId: number,
  recommendationIds: readonly number[],
  decision: SuggestionDecision,
): Promise<DecideSuggestionsResult> {
  return withBulkLinks(db, issueId, recommendationIds, async (trx, ids) => {
    let decided = 0;
    let linked = 0;
    let skippedLinked = 0;
    for (const id of ids) {
      const r = await decideOne(trx, actor, issueId, id, decision);
      if (r.ok) {
        decided++;
        if (r.linked) linked++;
      } else skippedLinked++;
    }
    return { ok: true, decided, linked, skippedLinked } as const;
  });
}
