// The mid-term report's shapes and its words and numbers, shared by the printable page
// (routes/reviews.$reviewId_.report.tsx) and the Word document (report-docx.ts), so that both say the
// same thing. Pure: the report (app/models/report.server.ts loads it) and today's date in, text out.
import { type Response, STATUSES, type Status } from "../../db/schema";
import type { Headline, ProgressPoint } from "./dashboard-types";
import { percent } from "./dashboard-tables";
import { formatDate, STATUS_LABELS } from "./format";
import { type StatusSummary, statusSummary } from "./report-summary";
import type { ReviewPeriod } from "./review-period";

export interface ReportRecommendation {
  id: number;
  paragraph: string | null;
  text: string;
  response: Response;
  recommendingStates: string[];
  status: Status;
  asOf: string | null;
  /** The status at the mid-term date: the latest assessment on or before it (null when the review has no period). */
  statusAtMidterm: Status | null;
  organisation: string | null;
  evidence: string | null;
  /** The latest assessment's sources (links), as entered. */
  sourceUrls: string[];
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

/** What the report shows of its review. */
export interface ReportReview {
  id: number;
  stateName: string;
  cycle: number;
  reviewDate: string | null;
  reportSymbol: string | null;
}

export interface MidtermReportContent {
  review: ReportReview;
  period: ReviewPeriod | null;
  overall: ReportSection;
  issues: ReportSection[];
  /** Recommendations of the review linked to no coalition issue. */
  unlinked: number;
  /** The mid-term date of the review period (estimated: adoption + 2.5 years); null without a period. */
  midterm: string | null;
  /** The organisations whose assessments the report shows, by name. */
  organisations: string[];
}

/** Said of every sample assessment wherever it shows. */
export const SAMPLE_ASSESSMENT_LABEL = "Sample data, not a real assessment.";

/** Who prepared the report: the coalition, else the organisations whose assessments it shows. */
export function reportAuthor(coalition: string | null, organisations: readonly string[]): string {
  return coalition ?? (organisations.length ? organisations.join(", ") : "UPR Monitor");
}

export function reportTitle(review: ReportReview): string {
  return `${review.stateName}: implementation of the recommendations of the UPR review of cycle ${review.cycle}`;
}

/** "Review of 6 May 2010 (report A/HRC/15/8). Status as recorded on … Review period: … to …." */
export function reportLead(review: ReportReview, period: ReviewPeriod | null, today: string): string {
  return (
    `Review of ${formatDate(review.reviewDate)}${review.reportSymbol ? ` (report ${review.reportSymbol})` : ""}.` +
    ` Status as recorded on ${formatDate(today)}.` +
    (period ? ` Review period: ${formatDate(period.start)} to ${formatDate(period.end)}.` : "")
  );
}

/** "Mid-term report: 6 November 2012 (estimated)", one per milestone. */
export function milestoneLines(period: ReviewPeriod): string[] {
  return period.milestones.map((m) => `${m.label}: ${formatDate(m.date)}${m.estimated ? " (estimated)" : ""}`);
}

/** The sentence after the overall section: how many are linked to no issue, and the issues with none. */
export function unlinkedSentence(report: MidtermReportContent): string {
  const without = report.issues.filter((s) => s.recommendations.length === 0);
  return (
    `${report.unlinked} of ${report.overall.headline.total} recommendations are linked to no coalition issue.` +
    (without.length ? ` No recommendation is linked yet to: ${without.map((s) => s.title).join("; ")}.` : "")
  );
}

/** Whether the mid-term date has passed: before it, there is nothing to compare yet. */
export function midtermReached(midterm: string | null, today: string): boolean {
  return midterm !== null && midterm <= today;
}

/** A section's summary now, and at the mid-term date once it has passed (else null). */
export function sectionSummaries(
  recommendations: readonly ReportRecommendation[],
  midterm: string | null,
  today: string,
): { now: StatusSummary; then: StatusSummary | null } {
  const now = statusSummary(recommendations);
  const then = midtermReached(midterm, today)
    ? statusSummary(recommendations.map((r) => ({ ...r, status: r.statusAtMidterm ?? "not_assessed" })))
    : null;
  return { now, then };
}

/** The summary table's rows: a label, the value at mid-term ("–" before it) and now. */
export function summaryRows(
  now: StatusSummary,
  then: StatusSummary | null,
): { label: string; then: string; now: string }[] {
  const rows: [string, (x: StatusSummary) => string | number][] = [
    ["Recommendations", (x) => x.total],
    ["Supported", (x) => x.supported],
    [
      "Supported, at least partially implemented",
      (x) => `${x.supportedImplemented} (${percent(x.supportedImplemented, x.supported)})`,
    ],
    ...STATUSES.map((st): [string, (x: StatusSummary) => number] => [STATUS_LABELS[st], (x) => x.byStatus[st]]),
  ];
  return rows.map(([label, value]) => ({ label, then: then ? String(value(then)) : "–", now: String(value(now)) }));
}

/** The second line of the summary table's column heads: the mid-term date (or why there is none), and today. */
export function summaryHeadDates(
  midterm: string | null,
  reached: boolean,
  today: string,
): { then: string; now: string } {
  return {
    then: midterm ? `${formatDate(midterm)}${reached ? "" : " (not reached yet)"}` : "no date",
    now: formatDate(today),
  };
}

/** The months of the progress chart up to today's month (the rest of the period is still to come). */
export function pointsToDate(points: readonly ProgressPoint[], today: string): ProgressPoint[] {
  return points.filter((p) => p.month.slice(0, 7) <= today.slice(0, 7));
}

/** The progress chart's caption. */
export function progressCaption(points: readonly ProgressPoint[]): string {
  const last = points.at(-1);
  return `Status of the supported recommendations at the end of each month${last ? `, to ${formatDate(last.month)}` : ""}`;
}

export interface ChartTableRow {
  /** The month's last day. */
  month: string;
  /** The milestones that fall in this month ("Mid-term report"). */
  milestones: string[];
  counts: ProgressPoint["counts"];
}

/**
 * The chart's table takes a month-end every `step` months: six over a period of up to eight years, else
 * a multiple of twelve that keeps it to about sixteen rows (a period runs on to its latest assessment).
 */
export function chartTableStep(months: number): number {
  return months <= 96 ? 6 : 12 * Math.ceil(months / 192);
}

/** How the chart's table picks its months, said in the document. */
export function chartTableNote(step: number): string {
  return `The chart as a table: the month-end counts every ${step === 6 ? "six" : step} months from the first month, in each milestone's month and in the latest month.`;
}

/**
 * The progress chart as a small table: every `step`-th month from the first, each milestone's month and
 * the last month (to date), in order, each month once.
 */
export function chartTableRows(
  points: readonly ProgressPoint[],
  period: ReviewPeriod | null,
  step: number,
): ChartTableRow[] {
  const milestonesIn = (month: string) =>
    (period?.milestones ?? []).filter((m) => m.date.slice(0, 7) === month.slice(0, 7)).map((m) => m.label);
  return points
    .filter((p, i) => i % step === 0 || i === points.length - 1 || milestonesIn(p.month).length > 0)
    .map((p) => ({ month: p.month, milestones: milestonesIn(p.month), counts: p.counts }));
}

/** "kenya-cycle1-midterm-report.docx". */
export function midtermReportFileName(review: ReportReview, extension: string): string {
  const state = review.stateName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${state || "review"}-cycle${review.cycle}-midterm-report.${extension}`;
}
