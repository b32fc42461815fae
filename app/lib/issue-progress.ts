// Progress per coalition issue, shaped for the dashboard's small multiples and the issue page: the
// numbers each small chart states, one y scale for all of them, and the same numbers as a table. Pure.
import { type Response, STATUSES, type Status } from "../../db/schema";
import type { NumberTable } from "./dashboard-tables";
import type { IssueProgress, Progress, ProgressPoint, StatusCounts } from "./dashboard-types";
import { formatDate, formatMonth, RESPONSE_WORDS, STATUS_LABELS } from "./format";

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
): string {
  const word = RESPONSE_WORDS[response];
  if (of === 0) return `No ${word} recommendation of this review is linked to this issue yet.`;
  const words = of === 1 ? `linked ${word} recommendation` : `linked ${word} recommendations`;
  return `${implemented} of ${of} ${words} at least partially implemented${asOf ? ` (end of ${formatMonth(asOf)})` : ""}`;
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
): NumberTable {
  const shown = issue.points.slice(0, progress.pointsToDate);
  const where = `${progress.stateName}'s cycle ${progress.cycle} recommendations linked to "${issue.title}"`;
  const period = `${formatDate(progress.period.start)} to ${formatDate(progress.period.end)}`;
  return {
    key: "progress",
    caption: all
      ? `Implementation status of ${where} at the end of each month, ${period}`
      : `Implementation status of ${where}: at the end of the first month, of each month in which it changed, and of the latest month (${period})`,
    header: ["Month ending", ...STATUSES.map((s) => STATUS_LABELS[s])],
    rows: (all ? shown : changeRows(shown)).map((p) => [p.month, ...STATUSES.map((s) => p.counts[s])]),
  };
}

/** Where a progress series stands at its latest month to date, in numbers and in words. */
export function latestProgress(points: ProgressPoint[], pointsToDate: number, response: Response = "supported") {
  const latest = points.slice(0, pointsToDate).at(-1);
  const of = latest ? total(latest.counts) : 0;
  const implemented = latest ? atLeastPartially(latest.counts) : 0;
  const asOf = latest?.month ?? null;
  return { total: of, implemented, asOf, summary: progressSummary(implemented, of, asOf, response) };
}

/** One small multiple per issue, in the given order, with the shared y scale (the largest total). */
export function issueSmallMultiples(
  issues: IssueProgress[],
  progress: Progress | null,
  response: Response = "supported",
): { yMax: number; items: IssueSmallMultiple[] } {
  if (!progress) return { yMax: 0, items: [] };
  const items = issues.map((issue) => {
    return {
      slug: issue.slug,
      title: issue.title,
      rows: progressChartRows(issue.points, progress.pointsToDate),
      ...latestProgress(issue.points, progress.pointsToDate, response),
      table: issueProgressTable(issue, progress),
    };
  });
  return { yMax: Math.max(0, ...items.map((i) => i.total)), items };
}
