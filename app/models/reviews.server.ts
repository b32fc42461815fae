import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import type { RecommendationSummary, StateName } from "../lib/recommendation-summary";
import { calendarReviewDates } from "../lib/session-calendar";
import { writeAudit } from "./audit.server";
import { paragraphOrder, recommendationSummary } from "./recommendations.server";

export interface ReviewSummary {
  id: number;
  stateName: string;
  stateIso3: string | null;
  cycle: number;
  session: number;
  reviewDate: string | null;
  adoptionDate: string | null;
  /** From the session calendar and the rules, not from this review's documents (an admin can correct them). */
  reviewDateEstimated: boolean;
  adoptionDateEstimated: boolean;
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
      "r.review_date_estimated as reviewDateEstimated",
      "r.adoption_date_estimated as adoptionDateEstimated",
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

/** Every review held, of every state under review, by state name and cycle (the page of every state, the read API's list). */
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

/**
 * Reviews held without a date (imported before the session calendar was in the repository) take the
 * calendar's: the day of the review where held, else the session's first day, and an estimated adoption.
 * Returns how many were dated. `npm run db:seed` (and so `npm start`) calls it.
 */
export async function dateReviewsFromCalendar(db: Kysely<Database>): Promise<number> {
  const undated = await db
    .selectFrom("review as r")
    .innerJoin("state as s", "s.id", "r.state_id")
    .where("r.review_date", "is", null)
    .select(["r.id", "s.iso3", "r.cycle", "r.session"])
    .execute();
  let dated = 0;
  for (const r of undated) {
    const dates = calendarReviewDates(r.iso3, r.cycle, r.session);
    if (!dates) continue;
    const result = await db
      .updateTable("review")
      .set({
        review_date: dates.reviewDate,
        review_date_estimated: dates.reviewDateEstimated,
        adoption_date: dates.adoptionDate,
        adoption_date_estimated: true,
      })
      .where("id", "=", r.id)
      .where("review_date", "is", null)
      .where("adoption_date", "is", null)
      .executeTakeFirst();
    dated += Number(result.numUpdatedRows);
  }
  return dated;
}

export interface ReviewDatesInput {
  reviewDate: string;
  /** Empty: the adoption is not known yet. */
  adoptionDate: string | null;
}

/**
 * An admin records a review's real dates (the calendar's were estimates): they are no longer marked estimated.
 * Audited in the same transaction.
 */
export async function correctReviewDates(
  db: Kysely<Database>,
  userId: number | null,
  reviewId: number,
  input: ReviewDatesInput,
): Promise<{ ok: true } | { ok: false; kind: "not_found" }> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("review")
      .where("id", "=", reviewId)
      .select(["review_date", "adoption_date", "review_date_estimated", "adoption_date_estimated"])
      .forUpdate()
      .executeTakeFirst();
    if (!before) return { ok: false, kind: "not_found" } as const;
    const after = {
      review_date: input.reviewDate,
      adoption_date: input.adoptionDate,
      review_date_estimated: false,
      adoption_date_estimated: false,
    };
    await trx.updateTable("review").set(after).where("id", "=", reviewId).execute();
    await writeAudit(trx, { userId, action: "review.dates", entity: "review", entityId: reviewId, before, after });
    return { ok: true } as const;
  });
}
