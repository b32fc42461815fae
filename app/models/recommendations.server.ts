import { type Kysely, sql } from "kysely";
import type { Database, Response } from "../../db/schema";
import type { RecommendationSummary } from "../lib/recommendation-summary";

/** The columns of a RecommendationSummary, from a query whose recommendation is `rec`. */
export const recommendationSummary = [
  "rec.id",
  "rec.paragraph",
  "rec.text",
  "rec.response",
  "rec.current_status as currentStatus",
] as const;

/** Report order of paragraphs: 101.2 before 101.10; none last. */
export const paragraphOrder = sql`string_to_array(rec.paragraph, '.')::int[] asc nulls last`;

export interface RecommendationDetail {
  id: number;
  paragraph: string | null;
  text: string;
  response: Response;
  actionCategory: number | null;
  themes: string[];
  kind: "recommendation" | "pledge";
  reviewId: number;
  cycle: number;
  session: number;
  reviewDate: string | null;
  reportSymbol: string | null;
  stateName: string;
  recommendingStates: { name: string; iso3: string | null; regionalGroup: string | null }[];
  issues: { slug: string; title: string }[];
}

export async function getRecommendation(db: Kysely<Database>, id: number): Promise<RecommendationDetail | undefined> {
  return db
    .selectFrom("recommendation as rec")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("rec.id", "=", id)
    .select([
      "rec.id",
      "rec.paragraph",
      "rec.text",
      "rec.response",
      "rec.action_category as actionCategory",
      "rec.themes",
      "rec.kind",
      "r.id as reviewId",
      "r.cycle",
      "r.session",
      "r.review_date as reviewDate",
      "r.report_symbol as reportSymbol",
      "s.name as stateName",
      sql<{ name: string; iso3: string | null; regionalGroup: string | null }[]>`coalesce((
        select json_agg(json_build_object('name', rs.name, 'iso3', rs.iso3, 'regionalGroup', rs.regional_group) order by rs.name)
        from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
        where rrs.recommendation_id = rec.id), '[]'::json)`.as("recommendingStates"),
      sql<{ slug: string; title: string }[]>`coalesce((
        select json_agg(json_build_object('slug', i.slug, 'title', i.title) order by i.title)
        from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id
        where ri.recommendation_id = rec.id), '[]'::json)`.as("issues"),
    ])
    .executeTakeFirst();
}

export interface RecommendationListFilter {
  reviewId?: number;
  response?: Response;
  issueSlug?: string;
}

export interface RecommendationListItem extends RecommendationSummary {
  cycle: number;
  stateName: string;
}

/** A filtered list for bulk work (at most `limit`), in report order, with each one's current status. */
export async function listRecommendationsForBulk(
  db: Kysely<Database>,
  filter: RecommendationListFilter,
  limit = 500,
): Promise<RecommendationListItem[]> {
  let q = db
    .selectFrom("recommendation as rec")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("rec.kind", "=", "recommendation")
    .select([...recommendationSummary, "r.cycle", "s.name as stateName"]);
  if (filter.reviewId) q = q.where("rec.review_id", "=", filter.reviewId);
  if (filter.response) q = q.where("rec.response", "=", filter.response);
  if (filter.issueSlug) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("recommendation_issue as ri")
          .innerJoin("coalition_issue as i", "i.id", "ri.issue_id")
          .whereRef("ri.recommendation_id", "=", "rec.id")
          .where("i.slug", "=", filter.issueSlug!)
          .select(sql`1`.as("x")),
      ),
    );
  }
  return q.orderBy("r.cycle").orderBy(paragraphOrder).orderBy("rec.id").limit(limit).execute();
}
