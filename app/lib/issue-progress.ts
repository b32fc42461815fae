// Progress per coalition issue, shaped for the dashboard's small multiples and the issue page: the
// numbers each small chart states, one y scale for all of them, and the same numbers as a table. Pure.
// Words in the reader's language: `t` and `lng` (English when a caller gives none).
import type { TFunction } from "i18next";
import { type Response, STATUSES, type Status } from "../../db/schema";
import { localDate, localMonth } from "../i18n/format";
import { tFor } from "../i18n/i18n";
import type { Language } from "../i18n/languages";
import type { NumberTable } from "./dashboard-tables";
import type { IssueProgress, Progress, ProgressPoint, StatusCounts } from "./dashboard-types";

/** Partially or fully implemented: the one meaning of "at least partially implemented". */
function atLeastPartially(counts: StatusCounts): number {
  return counts.partially_implemented + counts.fully_implemented;
}

function total(counts: StatusCounts): number {
  return STATUSES.reduce((sum, s) => sum + counts[s], 0);
}

export interface IssueSmallMultiple {
  slug: string;
  title: string;
  /** The months up to today, as chart rows. */
  rows: ({ month: string } & Record<Status, number>)[];
  /** At the latest month shown: the recommendations counted, and those at least partially implemented. */
  total: number;
  implemented: number;
  /** The latest month shown ('YYYY-MM-DD'), or null when no month is. */
  asOf: string | null;
  /** "12 of 30 linked supported recommendations at least partially implemented (end of May 2014)". */
  summary: string;
  /** The same numbers as the chart (the months where they change). */
  table: NumberTable;
}

/** The months to date as chart rows: one object per month with a count per status. */
export function progressChartRows(points: ProgressPoint[], pointsToDate: number) {
  return points.slice(0, pointsToDate).map((p) => ({ month: p.month, ...p.counts }));
}

/** "12 of 30 linked supported recommendations at least partially implemented (end of May 2014)". */
export function progressSummary(
  implemented: number,
  of: number,
  asOf: string | null,
  response: Response = "supported",
  t: TFunction = tFor("en"),
  lng: Language = "en",
): string {
  if (of === 0) return t(`charts.issueSummary.none.${response}`);
  const summary = t(`charts.issueSummary.${response}`, { count: of, implemented });
  return asOf ? t("charts.issueSummary.asOf", { summary, month: localMonth(lng, asOf) }) : summary;
}

/**
 * The status counts of the first month, of every month in which they changed, and of the last month:
 * all that a step chart of the months shows, in a few rows instead of one per month.
 */
export function changeRows(points: ProgressPoint[]): ProgressPoint[] {
  return points.filter((p, i) => {
    if (i === 0 || i === points.length - 1) return true;
    const before = points[i - 1]!.counts;
    return STATUSES.some((s) => before[s] !== p.counts[s]);
  });
}

/** The issue's progress as a table: every month (`all`), or only the months where the counts change. */
export function issueProgressTable(
  issue: { title: string; points: ProgressPoint[] },
  progress: Pick<Progress, "stateName" | "cycle" | "period" | "pointsToDate">,
  all = false,
  t: TFunction,
  lng: Language,
): NumberTable {
  const shown = issue.points.slice(0, progress.pointsToDate);
  const words = {
    state: progress.stateName,
    cycle: progress.cycle,
    issue: issue.title,
    start: localDate(lng, progress.period.start),
    end: localDate(lng, progress.period.end),
  };
  return {
    key: "progress",
    caption: all ? t("charts.caption.issueMonthly", words) : t("charts.caption.issueChanges", words),
    captionData: issue.title,
    header: [t("charts.header.monthEnding"), ...STATUSES.map((s) => t(`common.status.${s}`))],
    rows: (all ? shown : changeRows(shown)).map((p) => [p.month, ...STATUSES.map((s) => p.counts[s])]),
  };
}

/** Where a progress series stands at its latest month to date, in numbers and in words. */
export function latestProgress(
  points: ProgressPoint[],
  pointsToDate: number,
  response: Response = "supported",
  t: TFunction,
  lng: Language,
) {
  const latest = points.slice(0, pointsToDate).at(-1);
  const of = latest ? total(latest.counts) : 0;
  const implemented = latest ? atLeastPartially(latest.counts) : 0;
  const asOf = latest?.month ?? null;
  return { total: of, implemented, asOf, summary: progressSummary(implemented, of, asOf, response, t, lng) };
}

/** One small multiple per issue, in the given order, with the shared y scale (the largest total). */
export function issueSmallMultiples(
  issues: IssueProgress[],
  progress: Progress | null,
  response: Response,
  t: TFunction,
  lng: Language,
): { yMax: number; items: IssueSmallMultiple[] } {
  if (!progress) return { yMax: 0, items: [] };
  const items = issues.map((issue) => {
    return {
      slug: issue.slug,
      title: issue.title,
      rows: progressChartRows(issue.points, progress.pointsToDate),
      ...latestProgress(issue.points, progress.pointsToDate, response, t, lng),
      table: issueProgressTable(issue, progress, false, t, lng),
    };
  });
  return { yMax: Math.max(0, ...items.map((i) => i.total)), items };
}
