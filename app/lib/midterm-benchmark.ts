// The state's own shares at mid-term beside UPR Info's study of mid-term assessments. Pure.
import type { TFunction } from "i18next";
import { type Response, STATUSES, type Status } from "../../db/schema";
import { tFor } from "../i18n/i18n";
import type { Language } from "../i18n/languages";
import type { StatusCounts } from "./dashboard-types";
import { percent } from "./dashboard-tables";

/**
 * UPR Info, "Beyond promises: the impact of the UPR on the ground" (2014): of 11,500 cycle-1
 * recommendations to 165 states, the share that had triggered action (partly or fully implemented)
 * by mid-term: 48% of all, 55% of the accepted (supported) ones, 19% of the noted ones.
 */
export const BEYOND_PROMISES = {
  source:
    "UPR Info, “Beyond promises: the impact of the UPR on the ground” (2014), mid-term assessments of 11,500 cycle-1 recommendations to 165 states",
  all: 48,
  supported: 55,
  noted: 19,
} as const;

/** The status counts at the mid-term date, by response. */
export type CountsByResponse = Partial<Record<Response, StatusCounts>>;

export interface BenchmarkRow {
  label: string;
  /** The state's recommendations counted, and those partly or fully implemented at mid-term. */
  of: number;
  implemented: number;
  /** "16.4%" ("–" when none are counted). */
  share: string;
  /** UPR Info's share, in percent. */
  study: number;
}

function sum(counts: StatusCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** All, supported and noted: the state's share at least partially implemented at mid-term, beside the study's. */
export function benchmarkRows(
  byResponse: CountsByResponse,
  t: TFunction = tFor("en"),
  lng: Language = "en",
): BenchmarkRow[] {
  const row = (label: string, study: number, counts: StatusCounts[]): BenchmarkRow => {
    const of = counts.reduce((a, c) => a + sum(c), 0);
    const implemented = counts.reduce((a, c) => a + c.partially_implemented + c.fully_implemented, 0);
    return { label, of, implemented, share: percent(implemented, of, lng), study };
  };
  const supported = byResponse.supported ? [byResponse.supported] : [];
  const noted = byResponse.noted ? [byResponse.noted] : [];
  return [
    row(t("charts.benchmark.all"), BEYOND_PROMISES.all, [
      ...supported,
      ...noted,
      ...(byResponse.pending ? [byResponse.pending] : []),
    ]),
    row(t("charts.benchmark.supported"), BEYOND_PROMISES.supported, supported),
    row(t("charts.benchmark.noted"), BEYOND_PROMISES.noted, noted),
  ];
}

/** Status counts by response from a list of recommendations (the report's, with their status at mid-term). */
export function countsByResponse(rows: readonly { response: Response; status: Status }[]): CountsByResponse {
  const out: CountsByResponse = {};
  for (const r of rows) {
    const counts = (out[r.response] ??= Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts);
    counts[r.status] += 1;
  }
  return out;
}
