// The mid-term report's shapes and its words and numbers, shared by the printable page
// (routes/reviews.$reviewId_.report.tsx) and the Word document (report-docx.ts), so that both say the
// same thing. Pure: the report (app/models/report.server.ts loads it), today's date and the reader's words
// (ReportWords: the page's language, or the language the Word document is asked in) in, text out.
import type { TFunction } from "i18next";
import { type Response, STATUSES, type Status } from "../../db/schema";
import { localDate, localStateName } from "../i18n/format";
import { intlLocale, type Language } from "../i18n/languages";
import type { Headline, ProgressPoint } from "./dashboard-types";
import { percent } from "./dashboard-tables";
import { type StatusSummary, statusSummary } from "./report-summary";
import type { Milestone, ReviewPeriod } from "./review-period";

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
  /** The state's ISO code, for its name in the reader's language. */
  stateIso3?: string | null;
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

/** The reader's words and language: `t` of the language (useTranslation, requestT or tFor) and its code. */
export interface ReportWords {
  t: TFunction;
  lng: Language;
}

/** A calendar date the reader's way ("6 May 2010", "6 mai 2010"), or "not known". */
export function reportDate({ t, lng }: ReportWords, iso: string | null | undefined): string {
  return iso ? localDate(lng, iso) : t("common.dateNotKnown");
}

/** A share with one decimal ("25.0%", "25,0 %"); "–" of nothing. */
export function reportPercent({ lng }: ReportWords, part: number, whole: number): string {
  if (lng === "en" || whole === 0) return percent(part, whole);
  return new Intl.NumberFormat(intlLocale(lng), {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Math.round((part / whole) * 1000) / 1000);
}

/** The state's name in the reader's language. */
export function reportStateName({ lng }: ReportWords, review: ReportReview): string {
  return localStateName(lng, review.stateIso3, review.stateName);
}

/** A section's title: the whole review's in the reader's language, an issue's as it was typed. */
export function sectionTitle({ t }: ReportWords, s: ReportSection): string {
  return s.slug === null ? t("report.overallTitle") : s.title;
}

/** Who prepared the report: the coalition, else the organisations whose assessments it shows. */
export function reportAuthor(coalition: string | null, organisations: readonly string[]): string {
  return coalition ?? (organisations.length ? organisations.join(", ") : "UPR Monitor");
}

export function reportTitle(w: ReportWords, review: ReportReview): string {
  return w.t("report.title", { state: reportStateName(w, review), cycle: review.cycle });
}

/** "Review of 6 May 2010 (report A/HRC/15/8). Status as recorded on … Review period: … to …." */
export function reportLead(w: ReportWords, review: ReportReview, period: ReviewPeriod | null, today: string): string {
  const { t } = w;
  const date = reportDate(w, review.reviewDate);
  return (
    (review.reportSymbol
      ? t("report.leadReviewSymbol", { date, symbol: review.reportSymbol })
      : t("report.leadReview", { date })) +
    " " +
    t("report.leadStatus", { date: reportDate(w, today) }) +
    (period ? " " + t("report.leadPeriod", { start: reportDate(w, period.start), end: reportDate(w, period.end) }) : "")
  );
}

/** A milestone's name ("Mid-term report") in the reader's language. */
export function milestoneName({ t }: ReportWords, key: Milestone["key"]): string {
  return t(`report.milestone.${key}`);
}

/** "Mid-term report: 6 November 2012 (estimated)", one per milestone. */
export function milestoneLines(w: ReportWords, period: ReviewPeriod): string[] {
  return period.milestones.map((m) =>
    w.t(m.estimated ? "report.milestoneLineEstimated" : "report.milestoneLine", {
      name: milestoneName(w, m.key),
      date: reportDate(w, m.date),
    }),
  );
}

/** The sentence after the overall section: how many are linked to no issue, and the issues with none. */
export function unlinkedSentence({ t }: ReportWords, report: MidtermReportContent): string {
  const without = report.issues.filter((s) => s.recommendations.length === 0);
  return (
    t("report.unlinked", { count: report.overall.headline.total, unlinked: report.unlinked }) +
    (without.length ? " " + t("report.noneLinkedTo", { issues: without.map((s) => s.title).join("; ") }) : "")
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

/**
 * An issue's numbers in one sentence (what the printed page shows in place of its table): "5 linked, 4 of
 * them supported; supported and at least partially implemented: 1 (25.0%) at mid-term (6 November 2012),
 * 2 (50.0%) now."
 */
export function sectionSentence(
  w: ReportWords,
  now: StatusSummary,
  then: StatusSummary | null,
  midterm: string | null,
): string {
  const share = (x: StatusSummary) =>
    `${x.supportedImplemented} (${reportPercent(w, x.supportedImplemented, x.supported)})`;
  return then && midterm
    ? w.t("report.sectionSentenceMidterm", {
        total: now.total,
        supported: now.supported,
        then: share(then),
        date: reportDate(w, midterm),
        now: share(now),
      })
    : w.t("report.sectionSentence", { total: now.total, supported: now.supported, now: share(now) });
}

/** The summary table's rows: a label, the value at mid-term ("–" before it) and now. */
export function summaryRows(
  w: ReportWords,
  now: StatusSummary,
  then: StatusSummary | null,
): { label: string; then: string; now: string }[] {
  const { t } = w;
  const rows: [string, (x: StatusSummary) => string | number][] = [
    [t("common.recommendations"), (x) => x.total],
    [t("report.supportedRow"), (x) => x.supported],
    [
      t("report.supportedAtLeastPartially"),
      (x) => `${x.supportedImplemented} (${reportPercent(w, x.supportedImplemented, x.supported)})`,
    ],
    ...STATUSES.map((st): [string, (x: StatusSummary) => number] => [t(`common.status.${st}`), (x) => x.byStatus[st]]),
  ];
  return rows.map(([label, value]) => ({ label, then: then ? String(value(then)) : "–", now: String(value(now)) }));
}

/** The second line of the summary table's column heads: the mid-term date (or why there is none), and today. */
export function summaryHeadDates(
  w: ReportWords,
  midterm: string | null,
  reached: boolean,
  today: string,
): { then: string; now: string } {
  const date = midterm ? reportDate(w, midterm) : "";
  return {
    then: midterm ? (reached ? date : w.t("report.notReachedYetDate", { date })) : w.t("report.noDate"),
    now: reportDate(w, today),
  };
}

/** The months of the progress chart up to today's month (the rest of the period is still to come). */
export function pointsToDate(points: readonly ProgressPoint[], today: string): ProgressPoint[] {
  return points.filter((p) => p.month.slice(0, 7) <= today.slice(0, 7));
}

/** The progress chart's caption. */
export function progressCaption(w: ReportWords, points: readonly ProgressPoint[]): string {
  const last = points.at(-1);
  return last ? w.t("report.progressCaptionTo", { date: reportDate(w, last.month) }) : w.t("report.progressCaption");
}

export interface ChartTableRow {
  /** The month's last day. */
  month: string;
  /** The milestones that fall in this month (their keys: milestoneName gives "Mid-term report"). */
  milestones: Milestone["key"][];
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
export function chartTableNote({ t }: ReportWords, step: number): string {
  return step === 6 ? t("report.chartTableNoteSix") : t("report.chartTableNote", { step });
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
    (period?.milestones ?? []).filter((m) => m.date.slice(0, 7) === month.slice(0, 7)).map((m) => m.key);
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
