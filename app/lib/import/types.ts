/**
 * Types of the import parsers' output. Client-safe: no Node or library imports here.
 *
 * Row numbers (`row`): as the user sees them.
 * - CSV files: the spreadsheet row, header = row 1, first data row = row 2. A record whose
 *   quoted cell spans several lines still counts as one row, as in a spreadsheet; blank lines
 *   count too, so numbers match what Excel shows.
 * - UHRI JSON: the position of the record in the JSON array, first record = 1.
 */
import type { RegionalGroup } from "../states/un-member-states";
import type { Delimiter, DelimiterOption, EncodingOption, LineEnding, TextEncoding } from "./decode";

export type ImportFormat = "native" | "upr-info" | "uhri" | "ohchr-matrix" | "wg-report";
export const IMPORT_FORMATS: readonly ImportFormat[] = ["native", "upr-info", "uhri", "ohchr-matrix", "wg-report"];

/** What kind of file held the rows. */
export type ImportContainer = "csv" | "json" | "text" | "xlsx" | "xls" | "docx";

export type ImportState = {
  readonly name: string;
  readonly iso3: string | null;
  readonly regionalGroup: RegionalGroup | null;
};

export type RecommendationResponse = "supported" | "noted" | "pending";
export type ActionCategory = 1 | 2 | 3 | 4 | 5;

export type ImportRecord = {
  /** See the row-number convention above. */
  row: number;
  stateUnderReview: ImportState;
  cycle: number;
  session: number;
  documentSymbol: string | null;
  paragraph: string | null;
  /** Empty for voluntary pledges. */
  recommendingStates: ImportState[];
  /** Verbatim: trimmed, HTML entities decoded (UHRI: HTML tags removed, paragraph number cut off). */
  text: string;
  /** Voluntary pledges are 'supported' (the state made them itself). */
  response: RecommendationResponse;
  actionCategory: ActionCategory | null;
  /** UPR Info issues / UHRI themes / native `themes`. */
  themes: string[];
  /** Coalition issue slugs (native format only). */
  issues: string[];
  kind: "recommendation" | "pledge";
  sourceFormat: ImportFormat;
  /** Stable across re-imports of the same file; see source-key.ts. */
  sourceKey: string;
};

export type ImportProblem = {
  /** Null for problems with the whole file (empty, binary, unknown header...). */
  row: number | null;
  /** Column (CSV header name as in the file) or UHRI field name; null when not about one cell. */
  column: string | null;
  message: string;
};

/** A row that was read but is deliberately not imported (not an error). */
export type SkippedRow = { row: number; reason: string };

export type DetectedInput = {
  format: ImportFormat;
  container: ImportContainer;
  /** Text files only (null for workbooks and Word files). */
  encoding: TextEncoding | null;
  /** CSV only. */
  delimiter: Delimiter | null;
  /** CSV only. */
  lineEnding: LineEnding | null;
  /** CSV header as written in the file; empty for UHRI. */
  columns: string[];
  /** CSV columns that the format does not use (kept out of the import, not an error). */
  ignoredColumns: string[];
  /** Workbooks: the sheet read, and every sheet of the workbook. */
  sheet: string | null;
  sheets: string[];
};

export type ImportSummary = {
  detected: DetectedInput | null;
  /** Data rows read (CSV: non-blank rows after the header; UHRI: array elements). */
  rows: number;
  records: number;
  problems: number;
  skipped: number;
  /** True when the file could not be read to its end (the last problem says why). */
  aborted: boolean;
};

export type ImportEvent =
  | { type: "detected"; detected: DetectedInput }
  | { type: "record"; record: ImportRecord }
  | { type: "problem"; problem: ImportProblem }
  | { type: "skipped"; skipped: SkippedRow }
  /** Not an error: something the user should know (e.g. a recommending state we could not name). */
  | { type: "warning"; warning: ImportProblem }
  | { type: "end"; summary: ImportSummary };

/** Every option defaults to 'auto' (detect). */
export type ImportOptions = {
  format?: "auto" | ImportFormat;
  encoding?: EncodingOption;
  delimiter?: DelimiterOption;
  /** Workbooks: the sheet to read (default: UPR Info's export sheet, else the first sheet with a known header). */
  sheet?: string;
  /** Working Group report text or a matrix without a header: what the document does not say. */
  state?: string;
  session?: number;
  documentSymbol?: string;
};

export type ImportResult = {
  detected: DetectedInput | null;
  records: ImportRecord[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
  skipped: SkippedRow[];
  rows: number;
  aborted: boolean;
};

/** A Word document or pasted text read whole: an OHCHR matrix or a Working Group report's recommendations. */
export interface DocumentParse {
  /** What the document says of itself (null where it does not). */
  meta: { kind: "ohchr-matrix" | "wg-report"; state: ImportState | null; cycle: number | null; session: number | null; documentSymbol: string | null };
  /** In document order; row = 1-based position of the recommendation in the document. */
  records: ImportRecord[];
  /** Row null for problems with the whole document; any problem means nothing is imported. */
  problems: ImportProblem[];
  /** E.g. an unknown recommending state (kept). */
  warnings: ImportProblem[];
  skipped: SkippedRow[];
}
