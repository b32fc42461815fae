// What an import reports (app/import/store/import.server.ts fills it in): the types the import page and
// the command line show. Client-safe: types only.
import type { MergeField } from "./merge";
import type { DetectedInput, ImportFormat, ImportProblem, ImportRecord } from "./types";

/**
 * What happens (or, in a dry run, would happen) to one imported record: new, changed in place (the
 * same source row with new values), merged into a recommendation already held (another source),
 * unchanged, or left out while its match is uncertain.
 */
/**
 * What an import does with one record. "translated": the record is a held recommendation's text in another
 * language (the file's texts are in another language than the held text): that text is added beside it.
 */
export type RecordOutcome = "new" | "changed" | "merged" | "translated" | "unchanged" | "uncertain";

/** One of the first records, mapped into our fields, with what the import does with it. */
export interface PreviewRow {
  row: number;
  stateUnderReview: string;
  cycle: number;
  session: number;
  documentSymbol: string | null;
  paragraph: string | null;
  recommendingStates: string[];
  text: string;
  response: ImportRecord["response"];
  actionCategory: number | null;
  themes: string[];
  sdgs: string[];
  affectedPersons: string[];
  issues: string[];
  kind: ImportRecord["kind"];
  outcome: RecordOutcome;
}

export interface UnknownStateName {
  name: string;
  /** Where the name was read: the state under review, or a recommending state. */
  field: "stateUnderReview" | "recommendingStates";
  /** Rows that hold it, and the first of them. */
  rows: number;
  firstRow: number;
}

export interface ImportWarning {
  row: number | null;
  column: string | null;
  message: string;
}

/** At most this many warnings are kept in a summary (the first ones): a file of a million odd rows stays readable. */
const MAX_WARNINGS = 500;

/** Keeps a warning in the summary, unless it holds MAX_WARNINGS already. */
export function addWarning(summary: Pick<ImportSummary, "warnings">, warning: ImportWarning): void {
  if (summary.warnings.length < MAX_WARNINGS) summary.warnings.push(warning);
}

export interface ImportSummary {
  /** What was read: format, encoding, delimiter, line ending, columns (null when the file could not be read). */
  detected: DetectedInput | null;
  format: ImportFormat | null;
  encoding: string | null;
  /** Data rows read: records, rejected rows and skipped rows. */
  rows: number;
  /**
   * What was written: recommendations inserted, updated in place (same source), merged into one held
   * (another source), unchanged. All 0 unless `committed`: see `planned` for what the import would do.
   * Voluntary pledges are counted apart, in `pledges`.
   */
  inserted: number;
  updated: number;
  merged: number;
  /** Texts in another language added beside held recommendations (their text, fields and links untouched). */
  translated: number;
  unchanged: number;
  /** What the import does (committed) or would have done (a dry run, or refused for errors). */
  planned: { inserted: number; updated: number; merged: number; translated: number; unchanged: number };
  /**
   * The language of the file's texts (ISO 639-1): the user's choice, else detected from the first texts, else
   * English; `textLanguageDetected` says which. Null before any record is read.
   */
  textLanguage: string | null;
  textLanguageDetected: boolean;
  /** Texts in another language that differ from the text held in that language: kept as held (or the file's with preferFile). */
  textConflicts: {
    row: number;
    recommendationId: number;
    language: string;
    held: string;
    file: string;
    kept: "held" | "file";
  }[];
  textConflictCount: number;
  /** Why nothing was written, when nothing was. */
  notCommitted: string | null;
  /** Rows merged into a held recommendation whose values differ from the held ones. */
  conflicts: {
    row: number;
    recommendationId: number;
    paragraph: string | null;
    field: MergeField;
    held: string;
    file: string;
    kept: "held" | "file";
  }[];
  conflictCount: number;
  /** Rows that may be rows of a held recommendation: left out until the user says which (uncertainChoices). */
  uncertain: {
    row: number;
    text: string;
    recommendingStates: string[];
    candidates: { id: number; paragraph: string | null; text: string; score: number }[];
  }[];
  uncertainCount: number;
  /** The import_run of a committed import (to undo it). */
  importId: number | null;
  fileName: string | null;
  /** Another import was running when this one began: it waited for it. */
  waitedForAnotherImport: boolean;
  /** Voluntary pledges read (kept as pledges, never counted as recommendations), and what happened to them. */
  pledges: number;
  pledgeOutcomes: { inserted: number; updated: number; unchanged: number };
  /** Rows deliberately not imported (e.g. UHRI records of other bodies), grouped by reason. */
  skipped: number;
  skippedReasons: { reason: string; count: number; firstRows: number[] }[];
  /** Rows with at least one error. Any error (also one about the whole file) means nothing is written. */
  rejected: number;
  /** The first `maxErrors` problems, by row (problems with the whole file first); `errorCount` is the total. */
  errors: ImportProblem[];
  errorCount: number;
  /** Not errors: state names without a known ISO code (kept as states without a code). */
  warnings: ImportWarning[];
  /**
   * State names that resolve to no ISO code and have no answer yet (ImportRunOptions.stateChoices): the import
   * asks which state each is (or, for a recommending state, none) and writes nothing until every one is answered.
   */
  unknownStates: UnknownStateName[];
  /** States added to the database (or that would be, in a dry run). */
  statesCreated: { name: string; iso3: string | null }[];
  /** Reviews added because no review existed for a record's state and cycle. */
  reviewsCreated: { state: string; cycle: number; session: number }[];
  preview: PreviewRow[];
  dryRun: boolean;
  /** True when the changes were written (not a dry run, no errors). */
  committed: boolean;
  /** The file could not be read to its end. */
  aborted: boolean;
}

/** Counts one record's outcome in the summary's plan (pledges apart; uncertain ones are counted elsewhere). */
export function countOutcome(
  summary: Pick<ImportSummary, "planned" | "pledges" | "pledgeOutcomes">,
  kind: "recommendation" | "pledge",
  outcome: RecordOutcome,
): void {
  if (outcome === "uncertain") return; // counted in uncertainCount
  if (outcome === "merged" || outcome === "translated") {
    summary.planned[outcome]++;
    return;
  }
  const key = outcome === "new" ? "inserted" : outcome === "changed" ? "updated" : "unchanged";
  if (kind === "pledge") {
    summary.pledges++;
    summary.pledgeOutcomes[key]++;
  } else summary.planned[key]++;
}
