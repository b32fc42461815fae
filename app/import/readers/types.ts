/**
 * Types of the import parsers' output. Client-safe: no Node or library imports here.
 *
 * Row numbers (`row`): as the user sees them.
 * - CSV files: the spreadsheet row, header = row 1, first data row = row 2. A record whose
 *   quoted cell spans several lines still counts as one row, as in a spreadsheet; blank lines
 *   count too, so numbers match what Excel shows.
 * - UHRI JSON: the position of the record in the JSON array, first record = 1.
 * - OHCHR matrix and Working Group report (Word or text): the position of the recommendation in
 *   the document, first recommendation = 1 (Theme rows and section sentences are not counted).
 */
import type { RegionalGroup } from "../../lib/states/un-member-states";
import type { Delimiter, DelimiterOption, EncodingOption, LineEnding, TextEncoding } from "../../lib/text/decode";

export type ImportFormat = "native" | "upr-info" | "uhri" | "ohchr-matrix" | "wg-report";
export const IMPORT_FORMATS: readonly ImportFormat[] = ["native", "upr-info", "uhri", "ohchr-matrix", "wg-report"];

/** What kind of file held the rows. */
export type ImportContainer = "csv" | "json" | "text" | "xlsx" | "xls" | "docx";
/** Formats read from a whole document (a Word file or pasted text), not streamed row by row. */
export type DocumentFormat = "ohchr-matrix" | "wg-report";
/** Formats that `readImportFile` streams (CSV and JSON files). */
export type StreamFormat = Exclude<ImportFormat, DocumentFormat>;

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
  /**
   * Verbatim: trimmed, HTML entities decoded (UHRI: HTML tags removed, paragraph number cut off;
   * matrix and report: paragraph number cut off, the lines of a paragraph joined by one space).
   */
  text: string;
  /** Voluntary pledges are 'supported' (the state made them itself). */
  response: RecommendationResponse;
  actionCategory: ActionCategory | null;
  /** UPR Info issues / UHRI themes / native `themes`. */
  themes: string[];
  /** SDG codes, goals and targets ("16", "16.3": app/lib/sdgs.ts); a target's goal is listed too. */
  sdgs: string[];
  /** Affected persons or groups of persons, as the source writes them (trimmed, each once). */
  affectedPersons: string[];
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
  /** Workbooks (.xlsx): what their parts may unpack to, together (default 64 MB; the command line allows more). */
  unpackedBytes?: number;
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

/**
 * What a document parser (OHCHR matrix .docx, Working Group report .docx or text) gives: the whole
 * document at once. Any problem means nothing is imported; warnings are shown but do not stop it.
 */
export interface DocumentParse {
  /** What the document says of itself (null where it does not). */
  meta: {
    kind: DocumentFormat;
    state: ImportState | null;
    cycle: number | null;
    session: number | null;
    documentSymbol: string | null;
  };
  /** In document order; `row` = 1-based position of the recommendation in the document. */
  records: ImportRecord[];
  /** `row` null for problems with the whole document. */
  problems: ImportProblem[];
  /** E.g. an unknown recommending state (the recommendation is kept, with the name as written). */
  warnings: ImportProblem[];
  /** Non-recommendation rows reported rather than silently left out. */
  skipped: SkippedRow[];
}

/**
 * What the user says of a document where it may not say it itself (the import page's fields, the
 * CLI's --state / --session / --symbol). Where the document says it too, the two must agree.
 */
export type DocumentOptions = {
  /** State under review: a name ("Kenya", "Bolivia (Plurinational State of)") or an ISO3 code. */
  state?: string;
  /** Working Group session, 1 to 54 (a string from a form field is accepted). */
  session?: number | string;
  /** Symbol of the Working Group report, e.g. "A/HRC/15/8". */
  documentSymbol?: string;
};
