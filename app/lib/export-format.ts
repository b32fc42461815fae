// The CSV export and the OHCHR-style matrix: columns, header, one recommendation to its cells. Pure:
// the rows come from app/models/export.server.ts, the CSV writing from app/lib/csv.ts.
//
// The export starts with the native template's columns (docs/domain.md, "Import formats"), in the same names and
// order, so an exported file re-imports as a native file; then what only the export holds (the
// current assessment, the status at the mid-term date) and, last, `upr_monitor_id`, our id of the
// recommendation, which a round-trip import uses to match rows. See docs/decisions/2026-11-26-export.md.
import type { Response, Status } from "../../db/schema";
import { STATUS_LABELS } from "./format";
import { formatDate, RESPONSE_LABELS } from "./format";
import type { RecommendationFilter } from "./recommendation-filter";
import { ignoredParameter } from "./query-params";

/** One recommendation as the export holds it (app/models/export.server.ts exportRows). */
export interface ExportRow {
  /** Our recommendation id (upr_monitor_id). */
  id: number;
  /** ISO 3166 alpha-3 of the state under review, or its name where it has no code. */
  stateUnderReview: string;
  stateName: string;
  cycle: number;
  session: number;
  /** The review's report symbol, e.g. A/HRC/15/8. */
  documentSymbol: string | null;
  paragraph: string | null;
  /** Names, sorted; empty for voluntary pledges. */
  recommendingStates: string[];
  text: string;
  response: Response;
  actionCategory: number | null;
  themes: string[];
  /** SDG codes ("16", "16.3"): app/lib/sdgs.ts. */
  sdgs: string[];
  affectedPersons: string[];
  /** Coalition issue slugs, sorted. */
  issues: string[];
  kind: "recommendation" | "pledge";
  currentStatus: Status;
  currentAsOf: string | null;
  /** Of the current (latest) assessment; null when not assessed. */
  organisation: string | null;
  evidence: string | null;
  sourceUrls: string[];
  /** (Adoption, or review date) + 30 months; null when the review has no date. */
  midtermDate: string | null;
  /** The latest assessment on or before the mid-term date ('not_assessed' if none); null without a date. */
  midtermStatus: Status | null;
}

/** The native template's columns, as app/import/readers reads them. */
export const NATIVE_COLUMNS = [
  "state_under_review",
  "cycle",
  "session",
  "document_symbol",
  "paragraph",
  "recommending_states",
  "recommendation",
  "response",
  "action_category",
  "themes",
  "sdgs",
  "affected_persons",
  "issues",
] as const;

export const EXPORT_COLUMNS = [
  ...NATIVE_COLUMNS,
  "current_status",
  "current_as_of",
  "organisation",
  "evidence",
  "source_urls",
  "midterm_date",
  "midterm_status",
  "upr_monitor_id",
] as const;

/** What the native importer reads in recommending_states (or response) to mean "voluntary pledge". */
export const PLEDGE_MARKER = "Voluntary pledge";

const LIST = "; ";

/** The cells of one row, in EXPORT_COLUMNS order (csvLine neutralises formulas). */
export function exportRowValues(row: ExportRow): (string | number | null)[] {
  return [
    row.stateUnderReview,
    row.cycle,
    row.session,
    row.documentSymbol,
    row.paragraph,
    row.kind === "pledge" ? PLEDGE_MARKER : row.recommendingStates.join(LIST),
    row.text,
    row.response,
    row.actionCategory,
    row.themes.join(LIST),
    row.sdgs.join(LIST),
    row.affectedPersons.join(LIST),
    row.issues.join(LIST),
    row.currentStatus,
    row.currentAsOf,
    row.organisation,
    row.evidence,
    row.sourceUrls.join(LIST),
    row.midtermDate,
    row.midtermStatus,
    row.id,
  ];
}

/** `upr-monitor-export-KEN-2026-11-26.csv`; `all` when no state is chosen. */
export function exportFileName(filter: Pick<RecommendationFilter, "state">, today: string, kind = "export"): string {
  return `upr-monitor-${kind}-${filter.state ?? "all"}-${today}.csv`;
}

// ---------------------------------------------------------------------------------------------
// The OHCHR matrix: Recommendation | Position | Full list of themes | Assessment/comments on level of
// implementation, grouped by theme (or by coalition issue); a recommendation with several themes
// appears under each of them, as in OHCHR's UPR matrices.

export const MATRIX_GROUPINGS = ["theme", "issue"] as const;
export type MatrixGrouping = (typeof MATRIX_GROUPINGS)[number];

export const MATRIX_COLUMNS = [
  "Recommendation",
  "Position",
  "Full list of themes",
  "Assessment/comments on level of implementation",
] as const;

export interface MatrixGroup {
  /** The theme, or the issue slug; "" for the group of recommendations without one. */
  key: string;
  heading: string;
  rows: ExportRow[];
}

/** A text that already ends with its sources in brackets, as the reports have them: "... (Denmark);". */
const ENDS_WITH_SOURCES = /\([^()]+\)\s*[;.,]?\s*$/;

/**
 * The Recommendation cell: the paragraph number, then the text as the report has it. The reports end
 * each recommendation with its recommending states in brackets ("101.3 Consider ratifying OP-CAT
 * (Denmark);"); where a text does not end with a bracket, the states are appended in brackets.
 */
export function matrixRecommendation(row: Pick<ExportRow, "paragraph" | "text" | "recommendingStates">): string {
  const text = row.text.trim();
  const sources =
    row.recommendingStates.length && !ENDS_WITH_SOURCES.test(text) ? ` (${row.recommendingStates.join(", ")})` : "";
  return `${row.paragraph ? `${row.paragraph} ` : ""}${text}${sources}`;
}

export function matrixPosition(row: Pick<ExportRow, "response" | "kind">): string {
  return row.kind === "pledge" ? PLEDGE_MARKER : RESPONSE_LABELS[row.response];
}

/** "Partially implemented (as of 6 May 2012; Stop the Traffik Kenya). Evidence…" or "Not assessed". */
export function matrixAssessment(
  row: Pick<ExportRow, "currentStatus" | "currentAsOf" | "organisation" | "evidence">,
): string {
  if (row.currentStatus === "not_assessed") return STATUS_LABELS.not_assessed;
  const who = [row.currentAsOf ? `as of ${formatDate(row.currentAsOf)}` : null, row.organisation]
    .filter(Boolean)
    .join("; ");
  const evidence = row.evidence?.trim();
  return `${STATUS_LABELS[row.currentStatus]}${who ? ` (${who})` : ""}${evidence ? `. ${evidence}` : ""}`;
}

export function matrixCells(row: ExportRow): [string, string, string, string] {
  return [matrixRecommendation(row), matrixPosition(row), row.themes.join(LIST), matrixAssessment(row)];
}

/** Report order: state, cycle, then paragraph numbers compared as numbers (101.2 before 101.10). */
export function compareReportOrder(a: ExportRow, b: ExportRow): number {
  return (
    a.stateName.localeCompare(b.stateName, "en") ||
    a.cycle - b.cycle ||
    compareParagraphs(a.paragraph, b.paragraph) ||
    a.id - b.id
  );
}

export function compareParagraphs(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const pa = a.split(/[.\s]+/);
  const pb = b.split(/[.\s]+/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y, "en", { numeric: true });
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Groups rows (in report order) by theme or by coalition issue. Groups are in alphabetical order of
 * theme (OHCHR theme names start with their code, "A12 …", so this is code order) or in the order
 * of `issueTitles` (the issues' own order); the group of rows without a theme/issue comes last.
 * `only` keeps just that group (the filter's theme or issue, when the matrix is filtered by one), or the groups
 * it accepts (a theme topic's labels).
 */
export function groupMatrix(
  rows: ExportRow[],
  grouping: MatrixGrouping,
  issueTitles: ReadonlyMap<string, string> = new Map(),
  only?: string | ((key: string) => boolean),
): MatrixGroup[] {
  const keep = only === undefined ? () => true : typeof only === "string" ? (key: string) => key === only : only;
  const sorted = [...rows].sort(compareReportOrder);
  const groups = new Map<string, ExportRow[]>();
  for (const row of sorted) {
    const keys = grouping === "theme" ? row.themes : row.issues;
    for (const key of keys.length ? new Set(keys) : [""]) {
      if (!keep(key)) continue;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(row);
    }
  }
  const issueOrder = [...issueTitles.keys()];
  const rank = (key: string) =>
    key === ""
      ? Number.MAX_SAFE_INTEGER
      : grouping === "issue" && issueOrder.includes(key)
        ? issueOrder.indexOf(key)
        : issueOrder.length;
  const keys = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true }));
  return keys.map((key) => ({
    key,
    heading:
      key === ""
        ? grouping === "theme"
          ? "No theme recorded"
          : "Not linked to a coalition issue"
        : grouping === "theme"
          ? `Theme: ${key}`
          : `Coalition issue: ${issueTitles.get(key) ?? key}`,
    rows: groups.get(key)!,
  }));
}

/** The matrix as CSV rows: a heading row before each group, then one row per recommendation. */
export function matrixCsvRows(groups: MatrixGroup[]): string[][] {
  const out: string[][] = [];
  for (const g of groups) {
    out.push([g.heading, "", "", ""]);
    for (const row of g.rows) out.push(matrixCells(row));
  }
  return out;
}

/** The `by` URL parameter of the matrix (not `group`, which is the regional-group filter): theme by default. */
/** The last line of an export whose writing failed half-way (the status and the first rows were sent already). */
export const EXPORT_INCOMPLETE_LINE =
  '"THIS EXPORT IS INCOMPLETE: the server failed while writing it. Rows are missing; download it again."';

export function parseMatrixGrouping(value: string | null): { grouping: MatrixGrouping; ignored: string | null } {
  if (value === null || value.trim() === "") return { grouping: "theme", ignored: null };
  const v = value.trim().toLowerCase();
  return (MATRIX_GROUPINGS as readonly string[]).includes(v)
    ? { grouping: v as MatrixGrouping, ignored: null }
    : { grouping: "theme", ignored: ignoredParameter("by", value) };
}
