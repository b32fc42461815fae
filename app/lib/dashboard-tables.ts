// The dashboard's numbers as tables: what each chart's table shows and what its CSV holds. Pure.
import type { TFunction } from "i18next";
import { type Response, STATUSES, type Status } from "../../db/schema";
import { localDate, localStateName } from "../i18n/format";
import { intlLocale, type Language } from "../i18n/languages";
import type { Dashboard, ResponseRow, StatusCounts } from "./dashboard-types";
import { filterToSearchParams, type RecommendationFilter } from "./recommendation-filter";
import { sdgLabel } from "./sdgs";

/**
 * The one definition of "at least partially implemented" that the headline, the progress chart and the
 * report use: a recommendation the state supported whose status (its latest assessment on or before the
 * date) is partially or fully implemented. Every page that shows the number says it in the catalogues'
 * words (report.atLeastPartiallyDefinition).
 */
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
  /** The first cells are data people typed (issue titles): shown with dir="auto". */
  dataRows?: boolean;
  /** A text people typed inside the caption (an issue's title): shown with dir="auto". */
  captionData?: string;
  /** Per row, the page its first cell names (a recommending state's, an issue's), or null; not in the CSV. */
  links?: (string | null)[];
}

/** "37.5%" (one decimal; "37,5 %" in French with `lng`), or "–" when there is nothing to divide. */
export function percent(part: number, whole: number, lng: Language = "en"): string {
  if (whole === 0) return "–";
  const ratio = Math.round((part / whole) * 1000) / 1000;
  if (lng === "en") return `${(ratio * 100).toFixed(1)}%`;
  return new Intl.NumberFormat(intlLocale(lng), {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ratio);
}

/** A recommending state's page, for the state under review (its key is an ISO code, or a name without one). */
export function recommendingStateHref(key: string, underReview: string | undefined): string | null {
  if (!/^[A-Z]{3}$/.test(key)) return null;
  return `/states/${key}${underReview ? `?state=${underReview}` : ""}`;
}

function responseTable(key: ChartKey, caption: string, first: string, rows: ResponseRow[], t: TFunction): NumberTable {
  return {
    key,
    caption,
    header: [
      first,
      t("charts.series.supported"),
      t("charts.series.noted"),
      t("charts.series.pending"),
      t("common.total"),
    ],
    rows: rows.map((r) => [r.label, r.supported, r.noted, r.pending, r.supported + r.noted + r.pending]),
  };
}

/**
 * The dashboard with its rows' labels in the reader's language: cycles, regional groups and goals are named
 * by the interface; issue titles and recommending states' names are data (states by Intl where it knows them).
 */
export function localDashboard(d: Dashboard, t: TFunction, lng: Language): Dashboard {
  return {
    ...d,
    progress: d.progress && { ...d.progress, stateName: localStateName(lng, d.filter.state, d.progress.stateName) },
    byCycle: d.byCycle.map((r) => ({ ...r, label: t("charts.cycleN", { cycle: r.key }) })),
    byGroup: d.byGroup.map((r) => ({ ...r, label: regionalGroupLabel(r.key, t) })),
    bySdg: d.bySdg.map((r) => ({ ...r, label: sdgLabel(r.key, t) })),
    topStates: d.topStates.map((r) => ({
      ...r,
      label: localStateName(lng, /^[A-Z]{3}$/.test(r.key) ? r.key : null, r.label),
    })),
  };
}

const REGIONAL_GROUP_KEYS = [
  "African",
  "Asia-Pacific",
  "Eastern European",
  "GRULAC",
  "WEOG",
  "Not in a group",
] as const;

/** A regional group (as stored: "African", "WEOG") in the reader's language; a value we do not know as it is. */
export function regionalGroupLabel(key: string, t: TFunction): string {
  return (REGIONAL_GROUP_KEYS as readonly string[]).includes(key)
    ? t(`charts.group.${key as (typeof REGIONAL_GROUP_KEYS)[number]}`)
    : key;
}

/** A chart's numbers as a table, in the reader's language (`d`: the dashboard from localDashboard). */
export function dashboardTable(d: Dashboard, key: ChartKey, t: TFunction, lng: Language): NumberTable {
  const where = d.progress?.stateName ?? (d.filter.state ? localStateName(lng, d.filter.state, d.filter.state) : "");
  switch (key) {
    case "responses-by-cycle":
      return responseTable(key, t("charts.caption.byCycle", { state: where }), t("common.cycle"), d.byCycle, t);
    case "responses-by-issue":
      return {
        ...responseTable(key, t("charts.caption.byIssue"), t("charts.header.issue"), d.byIssue, t),
        dataRows: true,
      };
    case "responses-by-group":
      return responseTable(key, t("charts.caption.byGroup"), t("charts.header.group"), d.byGroup, t);
    case "responses-by-sdg":
      return {
        ...responseTable(key, t("charts.caption.bySdg"), t("charts.header.sdg"), d.bySdg, t),
        links: d.bySdg.map((r) => `/recommendations?${filterToSearchParams({ ...d.filter, sdg: r.key }).toString()}`),
      };
    case "top-recommending-states":
      return {
        ...responseTable(key, t("charts.caption.topStates"), t("common.recommendingState"), d.topStates, t),
        links: d.topStates.map((r) => recommendingStateHref(r.key, d.filter.state)),
      };
    case "progress":
      return {
        key,
        caption: d.progress
          ? t(`charts.caption.progress.${progressResponse(d.filter)}`, {
              state: where,
              cycle: d.progress.cycle,
              start: localDate(lng, d.progress.period.start),
              end: localDate(lng, d.progress.period.end),
            })
          : t("charts.caption.progressNone"),
        header: [t("charts.header.monthEnding"), ...STATUSES.map((s) => t(`common.status.${s}`))],
        rows: (d.progress?.points.slice(0, d.progress.pointsToDate) ?? []).map((p) => [
          p.month,
          ...STATUSES.map((s) => p.counts[s]),
        ]),
      };
    case "issues":
      return {
        key,
        caption: t("charts.caption.issues"),
        dataRows: true,
        header: [
          t("charts.header.issue"),
          t("common.recommendations"),
          t("charts.series.supported"),
          t("charts.header.supportedImplemented"),
          t("charts.header.share"),
          t("charts.header.notAssessed"),
        ],
        links: d.issues.map((i) => `/issues/${i.slug}`),
        rows: d.issues.map((i) => [
          i.title,
          i.total,
          i.supported,
          i.supportedImplemented,
          percent(i.supportedImplemented, i.supported, lng),
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
export function emptyChartMessage(table: NumberTable, t: TFunction): string | null {
  const hasNumbers = table.rows.some((row) => row.slice(1).some((cell) => typeof cell === "number" && cell > 0));
  if (hasNumbers) return null;
  switch (table.key) {
    case "responses-by-issue":
    case "issues":
      return t("charts.empty.issues");
    case "responses-by-sdg":
      return t("charts.empty.sdg");
    case "progress":
      return t("charts.empty.progress");
    default:
      return t("charts.empty.other");
  }
}
