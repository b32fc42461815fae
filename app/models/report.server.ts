// The mid-term report of one review: per coalition issue, the summary numbers, the progress over the
// review period and each recommendation with its status and evidence.
import { type Kysely, sql } from "kysely";
import type { Database, Status } from "../../db/schema";
import type { RecommendationFilter } from "../lib/recommendation-filter";
import { progressResponse } from "../lib/dashboard-tables";
import { headline, headlinesByIssue, progressByIssue, reviewForProgress, statusByMonth } from "./dashboard.server";
import { getReviewSummary, type ReviewSummary } from "./reviews.server";
import type { MidtermReportContent, ReportRecommendation, ReportSection } from "../lib/midterm-report";

export type { ReportSection } from "../lib/midterm-report";

export interface MidtermReport extends MidtermReportContent {
  review: ReviewSummary;
}

/** The review's recommendations in paragraph order, each with the ids of the coalition issues it is linked to. */
async function reportRecommendations(
  db: Kysely<Database>,
  reviewId: number,
  midterm: string | null,
): Promise<(ReportRecommendation & { issueIds: number[] })[]> {
  return db
    .selectFrom("recommendation as rec")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("assessment as m")
          .whereRef("m.recommendation_id", "=", "rec.id")
          .where(sql<boolean>`m.as_of <= ${midterm ?? "0001-01-01"}::date`)
          .select("m.status")
          .orderBy("m.as_of", "desc")
          .orderBy("m.id", "desc")
          .limit(1)
          .as("atMidterm"),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("assessment as a")
          .innerJoin("organisation as o", "o.id", "a.organisation_id")
          .whereRef("a.recommendation_id", "=", "rec.id")
          .select(["a.as_of", "a.evidence", "a.source_urls", "a.is_sample", "o.name"])
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
      sql<Status | null>`case when ${midterm}::date is null then null else coalesce("atMidterm".status, 'not_assessed') end`.as(
        "statusAtMidterm",
      ),
      "latest.name as organisation",
      "latest.evidence",
      sql<string[]>`coalesce(latest.source_urls, '{}')`.as("sourceUrls"),
      sql<boolean>`coalesce(latest.is_sample, false)`.as("isSample"),
      sql<string[]>`coalesce((select array_agg(s.name order by s.name) from recommendation_recommending_state rrs
        join state s on s.id = rrs.state_id where rrs.recommendation_id = rec.id), '{}')`.as("recommendingStates"),
      sql<number[]>`array(select ri.issue_id from recommendation_issue ri where ri.recommendation_id = rec.id)`.as(
        "issueIds",
      ),
    ])
    .orderBy(sql`string_to_array(rec.paragraph, '.')::int[] asc nulls last`)
    .orderBy("rec.id")
    .execute();
}

/**
 * The same few statements whatever the number of coalition issues (not three per issue): the review,
 * its period, the issues, the headline and progress of the whole review and of every issue (grouped
 * by issue), and the recommendations with their issue links, which the sections then share out.
 */
export async function loadMidtermReport(db: Kysely<Database>, reviewId: number): Promise<MidtermReport | null> {
  const review = await getReviewSummary(db, reviewId);
  if (!review || !review.stateIso3) return null;
  const base: RecommendationFilter = { kind: "recommendation", state: review.stateIso3, cycle: review.cycle };
  const progress = await reviewForProgress(db, base, review.stateIso3);
  const monthEnds = progress?.period.monthEnds ?? [];
  const midterm = progress?.period.milestones.find((m) => m.key === "midterm")?.date ?? null;
  // The charts stack the supported recommendations, as the dashboard's do (one definition).
  const charted = { ...base, response: progressResponse(base) };
  const [issues, overallHeadline, issueHeadlines, overallPoints, issuePoints, recommendations] = await Promise.all([
    db
      .selectFrom("coalition_issue")
      .select(["id", "slug", "title", "description"])
      .where("archived_at", "is", null)
      .orderBy("id")
      .execute(),
    headline(db, base),
    headlinesByIssue(db, base),
    statusByMonth(db, charted, monthEnds),
    progressByIssue(db, charted, monthEnds),
    reportRecommendations(db, reviewId, midterm),
  ]);
  const headlineOf = new Map(issueHeadlines.map(({ slug, title: _title, ...h }) => [slug, h]));
  const pointsOf = new Map(issuePoints.map((i) => [i.slug, i.points]));
  const shown = (recs: typeof recommendations): ReportRecommendation[] => recs.map(({ issueIds: _ids, ...r }) => r);
  const sections = issues.map((issue): ReportSection => ({
    slug: issue.slug,
    title: issue.title,
    description: issue.description,
    headline: headlineOf.get(issue.slug)!,
    points: pointsOf.get(issue.slug)!,
    recommendations: shown(recommendations.filter((r) => r.issueIds.includes(issue.id))),
  }));
  const overall: ReportSection = {
    slug: null,
    title: "All recommendations of the review",
    description: "",
    headline: overallHeadline,
    points: overallPoints,
    recommendations: shown(recommendations),
  };
  const organisations = [
    ...new Set(overall.recommendations.map((r) => r.organisation).filter((o): o is string => !!o)),
  ];
  return {
    review,
    period: progress?.period ?? null,
    overall,
    issues: sections,
    unlinked: recommendations.filter((r) => r.issueIds.length === 0).length,
    midterm,
    organisations: organisations.sort(),
  };
}
