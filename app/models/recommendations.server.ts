import { type Kysely, sql } from "kysely";
import type { Database, Response } from "../../db/schema";

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
  sdgs: string[];
  affectedPersons: string[];
  kind: "recommendation" | "pledge";
  reviewId: number;
  cycle: number;
  session: number;
  reviewDate: string | null;
  reportSymbol: string | null;
  stateName: string;
  stateIso3: string | null;
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
      "rec.sdgs",
      "rec.affected_persons as affectedPersons",
      "rec.kind",
      "r.id as reviewId",
      "r.cycle",
      "r.session",
      "r.review_date as reviewDate",
      "r.report_symbol as reportSymbol",
      "s.name as stateName",
      "s.iso3 as stateIso3",
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
