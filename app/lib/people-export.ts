// The export for people (a mid-term report's table), beside the one for machines (export-format.ts):
// labels instead of codes, state and issue names, the previous status and the date it changed, dates
// as the reader's locale writes them, the column heads, labels and state names in the reader's language
// (the machine export, export-format.ts, keeps its columns and codes). Pure: rows from
// app/models/export.server.ts peopleExportRows.
import type { TFunction } from "i18next";
import type { Status } from "../../db/schema";
import { localStateName } from "../i18n/format";
import type { Language } from "../i18n/languages";
import type { ExportRow } from "./export-format";

export interface PeopleRow extends ExportRow {
  /** Coalition issue titles, sorted as the slugs. */
  issueTitles: string[];
  /** The status before the current assessment (not assessed when it is the first); null when not assessed now. */
  previousStatus: Status | null;
}

/** The columns, as keys of the catalogue's `exports.column` ("State under review" in English). */
const PEOPLE_COLUMN_KEYS = [
  "stateUnderReview",
  "cycle",
  "session",
  "document",
  "paragraph",
  "recommendingStates",
  "recommendation",
  "response",
  "actionCategory",
  "themes",
  "issues",
  "currentStatus",
  "statusSince",
  "previousStatus",
  "assessedBy",
  "evidence",
  "sources",
  "midtermDate",
  "statusAtMidterm",
] as const;

/** The reader's words and language. */
export interface PeopleWords {
  t: TFunction;
  lng: Language;
}

/** The column heads in the reader's language. */
export function peopleColumns(t: TFunction): string[] {
  return PEOPLE_COLUMN_KEYS.map((key) => t(`exports.column.${key}`));
}

/** Rough widths (characters) for a spreadsheet's columns. */
export const PEOPLE_COLUMN_WIDTHS = [18, 6, 8, 14, 10, 28, 80, 10, 18, 28, 32, 26, 14, 26, 26, 60, 40, 14, 26];

/** "1 minimal action": the category's number and its name (common.actionCategory) in lower case. */
function actionLabel({ t, lng }: PeopleWords, category: number): string {
  if (![1, 2, 3, 4, 5].includes(category)) return String(category);
  const name = t(`common.actionCategory.${String(category) as "1" | "2" | "3" | "4" | "5"}`);
  return `${category} ${name.toLocaleLowerCase(lng)}`;
}

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

/** One row's cells, in the columns' order (peopleColumns). */
export function peopleRowValues(row: PeopleRow, locale: string, w: PeopleWords): (string | number)[] {
  const { t } = w;
  const assessed = row.currentStatus !== "not_assessed" && row.currentAsOf !== null;
  const status = (s: Status) => t(`common.status.${s}`);
  return [
    localStateName(w.lng, /^[A-Z]{3}$/.test(row.stateUnderReview) ? row.stateUnderReview : null, row.stateName),
    row.cycle,
    row.session,
    row.documentSymbol ?? "",
    row.paragraph ?? "",
    row.kind === "pledge" ? t("exports.pledge") : row.recommendingStates.join(", "),
    row.text,
    t(`common.response.${row.response}`),
    row.actionCategory === null ? "" : actionLabel(w, row.actionCategory),
    row.themes.join("; "),
    row.issueTitles.join("; "),
    status(row.currentStatus),
    assessed ? localDate(row.currentAsOf, locale) : "",
    assessed && row.previousStatus ? status(row.previousStatus) : "",
    row.organisation ?? "",
    row.evidence ?? "",
    row.sourceUrls.join(" "),
    localDate(row.midtermDate, locale),
    row.midtermStatus ? status(row.midtermStatus) : "",
  ];
}

/** `upr-monitor-report-table-KEN-2026-12-01.csv` (or .xlsx). */
export function peopleFileName(state: string | undefined, today: string, ext: "csv" | "xlsx"): string {
  return `upr-monitor-report-table-${state ?? "all"}-${today}.${ext}`;
}
