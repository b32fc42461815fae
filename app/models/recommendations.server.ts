import { type Kysely, sql } from "kysely";
import type { Database, Response } from "../../db/schema";

/** The columns of a RecommendationSummary, from a query whose recommendation is `rec`: its text as first imported. */
export const recommendationSummary = [
  "rec.id",
  "rec.paragraph",
  "rec.text",
  "rec.text_language as textLanguage",
  "rec.response",
  "rec.current_status as currentStatus",
] as const;

/**
 * A recommendation's text in the reader's language where one is held (recommendation_text), else its own,
 * with the language of the text chosen: `text` and `textLanguage`, from a query whose recommendation is `rec`.
 */
export function textIn(language: string) {
  const held = sql`(select t.text from recommendation_text t where t.recommendation_id = rec.id and t.language = ${language})`;
  return [
    sql<string>`coalesce(${held}, rec.text)`.as("text"),
    sql<string>`case when ${held} is null then rec.text_language else ${language} end`.as("textLanguage"),
  ] as const;
}

/** Report order of paragraphs: 101.2 before 101.10; none last. */
export const paragraphOrder = sql`string_to_array(rec.paragraph, '.')::int[] asc nulls last`;

export interface RecommendationDetail {
  id: number;
  paragraph: string | null;
  /** In the reader's language where held, else as first imported (`textLanguage` says which). */
  text: string;
  textLanguage: string;
  /** The text as first imported, and its language. */
  originalText: string;
  originalLanguage: string;
  /** The languages this recommendation's text is held in, its own first. */
  languages: string[];
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

/** One recommendation; its text in `language` where held (default: the text as first imported). */
export async function getRecommendation(
  db: Kysely<Database>,
  id: number,
  language?: string,
): Promise<RecommendationDetail | undefined> {
  return db
    .selectFrom("recommendation as rec")
    .innerJoin("review as r", "r.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("rec.id", "=", id)
    .select([
      "rec.id",
      "rec.paragraph",
      ...(language ? textIn(language) : (["rec.text", "rec.text_language as textLanguage"] as const)),
      "rec.text as originalText",
      "rec.text_language as originalLanguage",
      sql<string[]>`array[rec.text_language] || array(select t.language from recommendation_text t
        where t.recommendation_id = rec.id order by t.language)`.as("languages"),
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
