// The export for people (a mid-term report's table), beside the one for machines (export-format.ts):
// labels instead of codes, state and issue names, the previous status and the date it changed, dates
// as the reader's locale writes them. Pure: rows from app/models/export.server.ts peopleExportRows.
import type { Status } from "../../db/schema";
import type { ExportRow } from "./export-format";
import { RESPONSE_LABELS, STATUS_LABELS } from "./format";

export interface PeopleRow extends ExportRow {
  /** Coalition issue titles, sorted as the slugs. */
  issueTitles: string[];
  /** The status before the current assessment (not assessed when it is the first); null when not assessed now. */
  previousStatus: Status | null;
}

export const PEOPLE_COLUMNS = [
  "State under review",
  "Cycle",
  "Session",
  "Document",
  "Paragraph",
  "Recommending states",
  "Recommendation",
  "Response",
  "Action category",
  "UPR themes",
  "Coalition issues",
  "Current status",
  "Status since",
  "Previous status",
  "Assessed by",
  "Evidence",
  "Sources",
  "Mid-term date",
  "Status at mid-term",
] as const;

/** Rough widths (characters) for a spreadsheet's columns. */
export const PEOPLE_COLUMN_WIDTHS = [18, 6, 8, 14, 10, 28, 80, 10, 18, 28, 32, 26, 14, 26, 26, 60, 40, 14, 26];

const ACTION_LABELS: Record<number, string> = {
  1: "1 minimal action",
  2: "2 continuing action",
  3: "3 considering action",
  4: "4 general action",
  5: "5 specific action",
};

/** A locale the runtime knows, from ?locale= or the browser's Accept-Language; British English otherwise. */
export function readerLocale(chosen: string | null, acceptLanguage: string | null): string {
  const candidates = [
    chosen,
    ...(acceptLanguage ?? "")
      .split(",")
      .map((part) => part.split(";")[0]!.trim())
      .filter((tag) => tag && tag !== "*"),
  ];
  for (const tag of candidates) {
    if (!tag || tag.length > 35) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length) return canonical;
    } catch {
      /* not a language tag */
    }
  }
  return "en-GB";
}

/** '2026-10-01' as the locale writes a date ("01/10/2026" in en-GB, "10/1/2026" in en-US); calendar dates, no time zone. */
export function localDate(iso: string | null, locale: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** One row's cells, in PEOPLE_COLUMNS order. */
export function peopleRowValues(row: PeopleRow, locale: string): (string | number)[] {
  const assessed = row.currentStatus !== "not_assessed" && row.currentAsOf !== null;
  return [
    row.stateName,
    row.cycle,
    row.session,
    row.documentSymbol ?? "",
    row.paragraph ?? "",
    row.kind === "pledge" ? "Voluntary pledge" : row.recommendingStates.join(", "),
    row.text,
    RESPONSE_LABELS[row.response],
    row.actionCategory === null ? "" : (ACTION_LABELS[row.actionCategory] ?? String(row.actionCategory)),
    row.themes.join("; "),
    row.issueTitles.join("; "),
    STATUS_LABELS[row.currentStatus],
    assessed ? localDate(row.currentAsOf, locale) : "",
    assessed && row.previousStatus ? STATUS_LABELS[row.previousStatus] : "",
    row.organisation ?? "",
    row.evidence ?? "",
    row.sourceUrls.join(" "),
    localDate(row.midtermDate, locale),
    row.midtermStatus ? STATUS_LABELS[row.midtermStatus] : "",
  ];
}

/** `upr-monitor-report-table-KEN-2026-12-01.csv` (or .xlsx). */
export function peopleFileName(state: string | undefined, today: string, ext: "csv" | "xlsx"): string {
  return `upr-monitor-report-table-${state ?? "all"}-${today}.${ext}`;
}
