// The dashboard's numbers as tables: what each chart's table shows and what its CSV holds. Pure.
import { STATUSES, type Status } from "../../db/schema";
import { formatDate, STATUS_LABELS } from "./format";
import type { Dashboard, ResponseRow } from "./dashboard-types";

export const CHARTS = [
  "responses-by-cycle",
  "responses-by-issue",
  "responses-by-group",
  "top-recommending-states",
  "progress",
  "issues",
] as const;
export type ChartKey = (typeof CHARTS)[number];

export interface NumberTable {
  key: ChartKey;
  caption: string;
  header: string[];
  rows: (string | number)[][];
}

/** "37.5%" (one decimal), or "–" when there is nothing to divide. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
}

function responseTable(key: ChartKey, caption: string, first: string, rows: ResponseRow[]): NumberTable {
  return {
    key,
    caption,
    header: [first, "Supported", "Noted", "No response known", "Total"],
    rows: rows.map((r) => [r.label, r.supported, r.noted, r.pending, r.supported + r.noted + r.pending]),
  };
}

export function dashboardTable(d: Dashboard, key: ChartKey): NumberTable {
  const where = d.progress?.stateName ?? d.filter.state ?? "";
  switch (key) {
    case "responses-by-cycle":
      return responseTable(key, `Responses of ${where} per cycle`, "Cycle", d.byCycle);
    case "responses-by-issue":
      return responseTable(
        key,
        "Responses per coalition issue (recommendations linked to each issue)",
        "Coalition issue",
        d.byIssue,
      );
    case "responses-by-group":
      return responseTable(
        key,
        "Responses per regional group of the recommending states (a joint recommendation counts once in each group)",
        "Regional group",
        d.byGroup,
      );
    case "top-recommending-states":
      return responseTable(
        key,
        "The states that made the most recommendations, and the responses",
        "Recommending state",
        d.topStates,
      );
    case "progress":
      return {
        key,
        caption: d.progress
          ? `Implementation status of ${d.progress.stateName}'s cycle ${d.progress.cycle} recommendations at the end of each month, ${formatDate(d.progress.period.start)} to ${formatDate(d.progress.period.end)}`
          : "Implementation status by month",
        header: ["Month ending", ...STATUSES.map((s) => STATUS_LABELS[s])],
        rows: (d.progress?.points.slice(0, d.progress.pointsToDate) ?? []).map((p) => [
          p.month,
          ...STATUSES.map((s) => p.counts[s]),
        ]),
      };
    case "issues":
      return {
        key,
        caption:
          "Per coalition issue: supported recommendations at least partially implemented, and those not yet assessed",
        header: [
          "Coalition issue",
          "Recommendations",
          "Supported",
          "Supported, at least partially implemented",
          "Share",
          "Not assessed yet",
        ],
        rows: d.issues.map((i) => [
          i.title,
          i.total,
          i.supported,
          i.supportedImplemented,
          percent(i.supportedImplemented, i.supported),
          i.notAssessed,
        ]),
      };
  }
}

/** The progress series as chart rows: one object per month with a count per status. */
export function progressRows(d: Dashboard): ({ month: string } & Record<Status, number>)[] {
  return (d.progress?.points.slice(0, d.progress.pointsToDate) ?? []).map((p) => ({ month: p.month, ...p.counts }));
}

/** "From 0 to 45 (of 128 supported) since 6 May 2010": the change over the period so far. */
export function progressChange(d: Dashboard): { from: number; to: number; since: string; asOf: string } | null {
  if (!d.progress || d.progress.pointsToDate === 0) return null;
  const pts = d.progress.points.slice(0, d.progress.pointsToDate);
  const implemented = (c: Record<Status, number>) => c.partially_implemented + c.fully_implemented;
  return {
    from: implemented(pts[0]!.counts),
    to: implemented(pts.at(-1)!.counts),
    since: d.progress.period.start,
    asOf: pts.at(-1)!.month,
  };
}
