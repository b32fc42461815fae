// The recommending states: which recommendations each made to a state under review, in each cycle,
// with the responses, the current status and its evidence (the organisation, never the person).
// For /states and /states/<code>, the brief for a meeting with that state's embassy.
import { type Kysely, sql } from "kysely";
import type { Database, RegionalGroup, Response, Status } from "../../db/schema";
import { paragraphOrder, recommendationSummary } from "./recommendations.server";
import type { RecommendationSummary } from "../lib/recommendation-summary";

export interface RecommendingStateRow {
  iso3: string;
  name: string;
  regionalGroup: RegionalGroup | null;
  recommendations: number;
  supported: number;
  noted: number;
  pending: number;
  /** At least partially implemented (current status). */
  implemented: number;
  cycles: number[];
}

const counts = [
  sql<number>`count(distinct rec.id)::int`.as("recommendations"),
  sql<number>`count(distinct rec.id) filter (where rec.response = 'supported')::int`.as("supported"),
  sql<number>`count(distinct rec.id) filter (where rec.response = 'noted')::int`.as("noted"),
  sql<number>`count(distinct rec.id) filter (where rec.response = 'pending')::int`.as("pending"),
  sql<number>`count(distinct rec.id) filter (where rec.current_status in ('partially_implemented', 'fully_implemented'))::int`.as(
    "implemented",
  ),
] as const;

function recommendationsOf(db: Kysely<Database>) {
  return db
    .selectFrom("recommendation_recommending_state as rrs")
    .innerJoin("state as rs", "rs.id", "rrs.state_id")
    .innerJoin("recommendation as rec", "rec.id", "rrs.recommendation_id")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("rec.kind", "=", "recommendation")
    .where("rs.iso3", "is not", null);
}

/** The states that made recommendations (to `underReview` only, when given), most recommendations first. */
export async function listRecommendingStates(
  db: Kysely<Database>,
  underReview?: string,
): Promise<RecommendingStateRow[]> {
  let q = recommendationsOf(db);
  if (underReview) q = q.where("s.iso3", "=", underReview);
  const rows = await q
    .groupBy(["rs.id", "rs.iso3", "rs.name", "rs.regional_group"])
    .select([
      "rs.iso3",
      "rs.name",
      "rs.regional_group as regionalGroup",
      ...counts,
      sql<number[]>`array_agg(distinct r.cycle order by r.cycle desc)`.as("cycles"),
    ])
    .orderBy(sql`count(distinct rec.id)`, "desc")
    .orderBy("rs.name")
    .execute();
  return rows.map((r) => ({ ...r, iso3: r.iso3! }));
}

export interface BriefRecommendation extends RecommendationSummary {
  currentAsOf: string | null;
  /** The latest assessment: its organisation and evidence (null when not assessed). */
  organisationName: string | null;
  evidence: string | null;
  sourceUrls: string[];
  isSample: boolean;
  /** The other states that made the same recommendation with this one. */
  jointWith: { iso3: string | null; name: string }[];
  issues: { slug: string; title: string }[];
}

export interface BriefReview {
  reviewId: number;
  cycle: number;
  session: number;
  reviewDate: string | null;
  reportSymbol: string | null;
  recommendations: BriefRecommendation[];
  responses: Record<Response, number>;
  statuses: Record<Status, number>;
}

export interface RecommendingStateBrief {
  state: { iso3: string; name: string; regionalGroup: RegionalGroup | null };
  /** The states under review this state recommended to, with how many recommendations. */
  underReviewChoices: { iso3: string; name: string; recommendations: number }[];
  /** The state under review shown: the one asked for, else the default when it has any, else the one with most. */
  underReview: { iso3: string; name: string } | null;
  /** Newest cycle first. */
  reviews: BriefReview[];
}

/**
 * What one recommending state recommended to one state under review, per cycle (newest first), with
 * the responses, the current status and the latest assessment's evidence and organisation. Null when
 * there is no state with that code.
 */
export async function recommendingStateBrief(
  db: Kysely<Database>,
  iso3: string,
  options: { underReview?: string; defaultUnderReview: string },
): Promise<RecommendingStateBrief | null> {
  const state = await db
    .selectFrom("state")
    .select(["id", "iso3", "name", "regional_group as regionalGroup"])
    .where("iso3", "=", iso3)
    .executeTakeFirst();
  if (!state) return null;
  const choices = await recommendationsOf(db)
    .where("rs.id", "=", state.id)
    .where("s.iso3", "is not", null)
    .groupBy(["s.iso3", "s.name"])
    .select(["s.iso3", "s.name", sql<number>`count(distinct rec.id)::int`.as("recommendations")])
    .orderBy(sql`count(distinct rec.id)`, "desc")
    .orderBy("s.name")
    .execute();
  const underReviewChoices = choices.map((c) => ({ iso3: c.iso3!, name: c.name, recommendations: c.recommendations }));
  const chosen =
    underReviewChoices.find((c) => c.iso3 === options.underReview) ??
    (options.underReview ? undefined : underReviewChoices.find((c) => c.iso3 === options.defaultUnderReview)) ??
    (options.underReview ? undefined : underReviewChoices[0]);
  const base = {
    state: { iso3: state.iso3!, name: state.name, regionalGroup: state.regionalGroup },
    underReviewChoices,
  };
  if (!chosen) return { ...base, underReview: null, reviews: [] };

  const rows = await db
    .selectFrom("recommendation_recommending_state as rrs")
    .innerJoin("recommendation as rec", "rec.id", "rrs.recommendation_id")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "r.state_id")
    // The latest assessment of each listed recommendation, looked up per row along the
    // (recommendation_id, as_of) index (a `distinct on` over every assessment took 3 s at world scale).
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("assessment as a")
          .innerJoin("organisation as o", "o.id", "a.organisation_id")
          .whereRef("a.recommendation_id", "=", "rec.id")
          .select([
            "o.name as organisationName",
            "a.evidence",
            "a.source_urls as sourceUrls",
            "a.is_sample as isSample",
          ])
          .orderBy("a.as_of", "desc")
          .orderBy("a.id", "desc")
          .limit(1)
          .as("la"),
      (join) => join.onTrue(),
    )
    .where("rrs.state_id", "=", state.id)
    .where("s.iso3", "=", chosen.iso3)
    .where("rec.kind", "=", "recommendation")
    .select([
      ...recommendationSummary,
      "rec.current_as_of as currentAsOf",
      "r.id as reviewId",
      "r.cycle",
      "r.session",
      "r.review_date as reviewDate",
      "r.report_symbol as reportSymbol",
      "la.organisationName",
      "la.evidence",
      sql<string[]>`coalesce(la."sourceUrls", '{}')`.as("sourceUrls"),
      sql<boolean>`coalesce(la."isSample", false)`.as("isSample"),
      sql<{ iso3: string | null; name: string }[]>`coalesce((
        select json_agg(json_build_object('iso3', o.iso3, 'name', o.name) order by o.name)
        from recommendation_recommending_state x join state o on o.id = x.state_id
        where x.recommendation_id = rec.id and x.state_id <> ${state.id}), '[]'::json)`.as("jointWith"),
      sql<{ slug: string; title: string }[]>`coalesce((
        select json_agg(json_build_object('slug', i.slug, 'title', i.title) order by i.title)
        from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id
        where ri.recommendation_id = rec.id and i.archived_at is null), '[]'::json)`.as("issues"),
    ])
    .orderBy("r.cycle", "desc")
    .orderBy(paragraphOrder)
    .orderBy("rec.id")
    .execute();

  const reviews: BriefReview[] = [];
  for (const row of rows) {
    let review = reviews.at(-1);
    if (!review || review.reviewId !== row.reviewId) {
      review = {
        reviewId: row.reviewId,
        cycle: row.cycle,
        session: row.session,
        reviewDate: row.reviewDate,
        reportSymbol: row.reportSymbol,
        recommendations: [],
        responses: { supported: 0, noted: 0, pending: 0 },
        statuses: { not_assessed: 0, no_action: 0, in_progress: 0, partially_implemented: 0, fully_implemented: 0 },
      };
      reviews.push(review);
    }
    const { reviewId: _r, cycle: _c, session: _s, reviewDate: _d, reportSymbol: _p, ...rec } = row;
    review.recommendations.push(rec);
    review.responses[row.response] += 1;
    review.statuses[row.currentStatus] += 1;
  }
  return { ...base, underReview: { iso3: chosen.iso3, name: chosen.name }, reviews };
}
