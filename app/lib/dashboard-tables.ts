// The dashboard's numbers as tables: what each chart's table shows and what its CSV holds. Pure.
import { type Response, STATUSES, type Status } from "../../db/schema";
import { formatDate, RESPONSE_WORDS, STATUS_LABELS } from "./format";
import type { Dashboard, ResponseRow, StatusCounts } from "./dashboard-types";
import { filterToSearchParams, type RecommendationFilter } from "./recommendation-filter";

/**
 * The one definition of "at least partially implemented" that the headline, the progress chart and the
 * report use: a recommendation the state supported whose status (its latest assessment on or before the
 * date) is partially or fully implemented. Every page that shows the number says it in these words.
 */
export const AT_LEAST_PARTIALLY_DEFINITION =
  "“At least partially implemented” counts the recommendations the state supported whose latest assessment on or before that date says partially or fully implemented.";

export function atLeastPartially(counts: StatusCounts): number {
  return counts.partially_implemented + counts.fully_implemented;
}

/** Which recommendations the progress chart stacks: the supported ones, or those of the response the filter names. */
export function progressResponse(filter: Pick<RecommendationFilter, "response">): Response {
  return filter.response ?? "supported";
}

export const CHARTS = [
  "responses-by-cycle",
  "responses-by-issue",
  "responses-by-group",
  "responses-by-sdg",
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
  /** Per row, the page its first cell names (a recommending state's, an issue's), or null; not in the CSV. */
  links?: (string | null)[];
}

/** "37.5%" (one decimal), or "–" when there is nothing to divide. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
}

/** A recommending state's page, for the state under review (its key is an ISO code, or a name without one). */
export function recommendingStateHref(key: string, underReview: string | undefined): string | null {
  if (!/^[A-Z]{3}$/.test(key)) return null;
  return `/states/${key}${underReview ? `?state=${underReview}` : ""}`;
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
    case "responses-by-sdg":
      return {
        ...responseTable(
          key,
          "Responses per Sustainable Development Goal (a recommendation tagged with several goals counts once in each)",
          "Sustainable Development Goal",
          d.bySdg,
        ),
        links: d.bySdg.map((r) => `/recommendations?${filterToSearchParams({ ...d.filter, sdg: r.key }).toString()}`),
      };
    case "top-recommending-states":
      return {
        ...responseTable(
          key,
          "The states that made the most recommendations, and the responses",
          "Recommending state",
          d.topStates,
        ),
        links: d.topStates.map((r) => recommendingStateHref(r.key, d.filter.state)),
      };
    case "progress":
      return {
        key,
        caption: d.progress
          ? `Status of ${d.progress.stateName}'s ${RESPONSE_WORDS[progressResponse(d.filter)]} cycle ${d.progress.cycle} recommendations, month by month, ${formatDate(d.progress.period.start)} to ${formatDate(d.progress.period.end)}`
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
        links: d.issues.map((i) => `/issues/${i.slug}`),
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

/** "From 0 to 45 (of 128 supported) since 6 May 2010": the change over the period so far, on the chart's base. */
export function progressChange(d: Dashboard): { from: number; to: number; since: string; asOf: string } | null {
  if (!d.progress || d.progress.pointsToDate === 0) return null;
  const pts = d.progress.points.slice(0, d.progress.pointsToDate);
  return {
    from: atLeastPartially(pts[0]!.counts),
    to: atLeastPartially(pts.at(-1)!.counts),
    since: d.progress.period.start,
    asOf: pts.at(-1)!.month,
  };
}

/** What an empty chart says instead of drawing empty axes: what is missing, and how to fill it. */
export function emptyChartMessage(table: NumberTable): string | null {
  const hasNumbers = table.rows.some((row) => row.slice(1).some((cell) => typeof cell === "number" && cell > 0));
  if (hasNumbers) return null;
  switch (table.key) {
    case "responses-by-issue":
    case "issues":
      return "No recommendation of this choice is linked to a coalition issue yet. Editors link them on each issue's page (Coalition issues), from the suggestions there.";
    case "responses-by-sdg":
      return "No recommendation of this choice is tagged with a Sustainable Development Goal. OHCHR's matrices of the later reviews and its UHRI export tag them: an editor imports one on the Import page.";
    case "progress":
      return "No recommendation of this choice is held yet, so there is no status to show. An editor imports the review's recommendations (Import), then records assessments on each recommendation's page.";
    default:
      return "No recommendation of this choice is held yet. An editor imports the review's recommendations on the Import page; widen the filters to see others.";
  }
}
