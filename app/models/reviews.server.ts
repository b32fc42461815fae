import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import type { RecommendationSummary, StateName } from "../lib/recommendation-summary";
import { paragraphOrder, recommendationSummary } from "./recommendations.server";

export interface ReviewSummary {
  id: number;
  stateName: string;
  stateIso3: string | null;
  cycle: number;
  session: number;
  reviewDate: string | null;
  adoptionDate: string | null;
  reportSymbol: string | null;
  officialReceived: number | null;
  officialSupported: number | null;
  officialNoted: number | null;
  notes: string | null;
  /** Recommendations held here (pledges excluded), and their responses. */
  imported: number;
  supported: number;
  noted: number;
  pending: number;
  pledges: number;
}

function reviewSummaries(db: Kysely<Database>) {
  return db
    .selectFrom("review as r")
    .innerJoin("state as s", "s.id", "r.state_id")
    .leftJoin("recommendation as rec", "rec.review_id", "r.id")
    .groupBy(["r.id", "s.id"])
    .select([
      "r.id",
      "s.name as stateName",
      "s.iso3 as stateIso3",
      "r.cycle",
      "r.session",
      "r.review_date as reviewDate",
      "r.adoption_date as adoptionDate",
      "r.report_symbol as reportSymbol",
      "r.official_received as officialReceived",
      "r.official_supported as officialSupported",
      "r.official_noted as officialNoted",
      "r.notes",
      sql<number>`count(rec.id) filter (where rec.kind = 'recommendation')::int`.as("imported"),
      sql<number>`count(rec.id) filter (where rec.kind = 'recommendation' and rec.response = 'supported')::int`.as(
        "supported",
      ),
      sql<number>`count(rec.id) filter (where rec.kind = 'recommendation' and rec.response = 'noted')::int`.as("noted"),
      sql<number>`count(rec.id) filter (where rec.kind = 'recommendation' and rec.response = 'pending')::int`.as(
        "pending",
      ),
      sql<number>`count(rec.id) filter (where rec.kind = 'pledge')::int`.as("pledges"),
    ]);
}

/** The reviews of one state under review, by cycle, with what is imported against the official totals. */
export async function listReviewsForState(db: Kysely<Database>, iso3: string): Promise<ReviewSummary[]> {
  return reviewSummaries(db).where("s.iso3", "=", iso3).orderBy("r.cycle").execute();
}

/** Every review held, of every state under review, by state name and cycle (the read API's list). */
export async function listReviews(db: Kysely<Database>): Promise<ReviewSummary[]> {
  return reviewSummaries(db).orderBy("s.name").orderBy("r.cycle").orderBy("r.id").execute();
}

export async function getReviewSummary(db: Kysely<Database>, reviewId: number): Promise<ReviewSummary | undefined> {
  return reviewSummaries(db).where("r.id", "=", reviewId).executeTakeFirst();
}

export interface ReviewRecommendation extends RecommendationSummary {
  kind: "recommendation" | "pledge";
  recommendingStates: StateName[];
}

/** A review's recommendations in report order (paragraph 101.2 before 101.10). */
export async function listReviewRecommendations(
  db: Kysely<Database>,
  reviewId: number,
): Promise<ReviewRecommendation[]> {
  return db
    .selectFrom("recommendation as rec")
    .where("rec.review_id", "=", reviewId)
    .select([
      ...recommendationSummary,
      "rec.kind",
      sql<StateName[]>`coalesce((
        select json_agg(json_build_object('name', s.name, 'iso3', s.iso3) order by s.name)
        from recommendation_recommending_state rrs join state s on s.id = rrs.state_id
        where rrs.recommendation_id = rec.id), '[]'::json)`.as("recommendingStates"),
    ])
    .orderBy(paragraphOrder)
    .orderBy("rec.id")
    .execute();
}
