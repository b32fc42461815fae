// The mid-term report of one review: per coalition issue, the summary numbers, the progress over the
// review period and each recommendation with its status and evidence.
import { type Kysely, sql } from "kysely";
import type { Database, Response, Status } from "../../db/schema";
import type { RecommendationFilter } from "../lib/recommendation-filter";
import type { Headline, ProgressPoint } from "../lib/dashboard-types";
import { headline, reviewForProgress, statusByMonth } from "./dashboard.server";
import { getReviewSummary, type ReviewSummary } from "./reviews.server";
import type { ReviewPeriod } from "../lib/review-period";

export interface ReportRecommendation {
  id: number;
  paragraph: string | null;
  text: string;
  response: Response;
  recommendingStates: string[];
  status: Status;
  asOf: string | null;
  organisation: string | null;
  evidence: string | null;
  isSample: boolean;
}

export interface ReportSection {
  slug: string | null;
  title: string;
  description: string;
  headline: Headline;
  points: ProgressPoint[];
  recommendations: ReportRecommendation[];
}

export interface MidtermReport {
  review: ReviewSummary;
  period: ReviewPeriod | null;
  overall: ReportSection;
  issues: ReportSection[];
  /** Recommendations of the review linked to no coalition issue. */
  unlinked: number;
}

async function reportRecommendations(
  db: Kysely<Database>,
  reviewId: number,
  issueId: number | null,
): Promise<ReportRecommendation[]> {
  let q = db
    .selectFrom("recommendation as rec")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("assessment as a")
          .innerJoin("organisation as o", "o.id", "a.organisation_id")
          .whereRef("a.recommendation_id", "=", "rec.id")
          .select(["a.as_of", "a.evidence", "a.is_sample", "o.name"])
          .orderBy("a.as_of", "desc")
          .orderBy("a.id", "desc")
          .limit(1)
          .as("latest"),
      (join) => join.onTrue(),
    )
    .where("rec.review_id", "=", reviewId)
    .where("rec.kind", "=", "recommendation")
    .select([
      "rec.id",
      "rec.paragraph",
      "rec.text",
      "rec.response",
      "rec.current_status as status",
      "latest.as_of as asOf",
      "latest.name as organisation",
      "latest.evidence",
      sql<boolean>`coalesce(latest.is_sample, false)`.as("isSample"),
      sql<string[]>`coalesce((select array_agg(s.name order by s.name) from recommendation_recommending_state rrs
        join state s on s.id = rrs.state_id where rrs.recommendation_id = rec.id), '{}')`.as("recommendingStates"),
    ])
    .orderBy(sql`string_to_array(rec.paragraph, '.')::int[] asc nulls last`)
    .orderBy("rec.id");
  if (issueId !== null) {
    q = q.where(
      sql<boolean>`exists (select 1 from recommendation_issue ri where ri.recommendation_id = rec.id and ri.issue_id = ${issueId})`,
    );
  }
  return q.execute();
}

export async function loadMidtermReport(db: Kysely<Database>, reviewId: number): Promise<MidtermReport | null> {
  const review = await getReviewSummary(db, reviewId);
  if (!review || !review.stateIso3) return null;
  const base: RecommendationFilter = { kind: "recommendation", state: review.stateIso3, cycle: review.cycle };
  const progress = await reviewForProgress(db, base, review.stateIso3);
  const monthEnds = progress?.period.monthEnds ?? [];
  const section = async (
    issue: { id: number; slug: string; title: string; description: string } | null,
  ): Promise<ReportSection> => {
    const filter = issue ? { ...base, issue: issue.slug } : base;
    const [h, points, recommendations] = await Promise.all([
      headline(db, filter),
      statusByMonth(db, filter, monthEnds),
      reportRecommendations(db, reviewId, issue?.id ?? null),
    ]);
    return {
      slug: issue?.slug ?? null,
      title: issue?.title ?? "All recommendations of the review",
      description: issue?.description ?? "",
      headline: h,
      points,
      recommendations,
    };
  };
  const issues = await db
    .selectFrom("coalition_issue")
    .select(["id", "slug", "title", "description"])
    .where("archived_at", "is", null)
    .orderBy("id")
    .execute();
  const overall = await section(null);
  const sections: ReportSection[] = [];
  for (const issue of issues) sections.push(await section(issue));
  const unlinked = await db
    .selectFrom("recommendation as rec")
    .where("rec.review_id", "=", reviewId)
    .where("rec.kind", "=", "recommendation")
    .where(sql<boolean>`not exists (select 1 from recommendation_issue ri where ri.recommendation_id = rec.id)`)
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return { review, period: progress?.period ?? null, overall, issues: sections, unlinked: unlinked.n };
}
