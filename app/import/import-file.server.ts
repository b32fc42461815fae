// Importing, the use case: what the import page and `npm run import` both call. A file is read by a
// parsing worker (app/parsing/pool.server.ts: off the request's event loop, with a time and a memory
// limit) and its records written by the store (store/import.server.ts) as they come. A file exported
// by UPR Monitor and brought back from a spreadsheet becomes assessments instead (the round trip).
// A file past a reading limit is answered in words, like any unreadable file: nothing is written.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { todayUtc } from "../lib/dates";
import { ParseLimitError, runJob, runJobOnce, WEB_LIMITS, type ParseLimits } from "../parsing/pool.server";
import type { ImportSource } from "../parsing/worker";
import type { RoundTripChange, RoundTripDates, RoundTripProblem } from "./readers/roundtrip";
import type { ImportEvent, ImportOptions, ImportSummary as ReadSummary } from "./readers/types";
import { importRecords, type ImportRunOptions, type ImportSummary } from "./store/import.server";
import { applyRoundTrip, planRoundTrip } from "./store/roundtrip.server";

export type { ImportSource, ParseLimits };

/** What a workbook may unpack to on the command line (a user's own machine and file); the web allows 64 MB. */
export const CLI_UNPACKED_BYTES = 1024 * 1024 * 1024;

/**
 * The events of a file read in a parsing worker. A file past a limit (or a server too busy to read it)
 * ends as an unreadable file does: one problem with the reason in words, then the end, aborted.
 */
export async function* readInWorker(
  source: ImportSource,
  options: ImportOptions,
  limits: ParseLimits = WEB_LIMITS,
  onBytesRead?: (bytes: number) => void,
): AsyncGenerator<ImportEvent, void> {
  const seen: ReadSummary = { detected: null, rows: 0, records: 0, problems: 0, skipped: 0, aborted: false };
  try {
    const events = runJob("import", { source, options }, { limits, lane: "editors", onProgress: onBytesRead });
    for await (const event of events) {
      if (event.type === "detected") seen.detected = event.detected;
      else if (event.type === "record") {
        seen.rows++;
        seen.records++;
      } else if (event.type === "skipped") {
        seen.rows++;
        seen.skipped++;
      } else if (event.type === "problem") seen.problems++;
      yield event;
    }
  } catch (error) {
    if (!(error instanceof ParseLimitError)) throw error;
    yield { type: "problem", problem: { row: null, column: null, message: error.message } };
    yield { type: "end", summary: { ...seen, problems: seen.problems + 1, aborted: true } };
  }
}

/** Reads a file in a parsing worker and imports its records (all or nothing; a dry run writes nothing). */
export function importFromSource(
  db: Kysely<Database>,
  source: ImportSource,
  parseOptions: ImportOptions = {},
  options: ImportRunOptions = {},
  limits: ParseLimits = WEB_LIMITS,
  onBytesRead?: (bytes: number) => void,
): Promise<ImportSummary> {
  return importRecords(db, readInWorker(source, parseOptions, limits, onBytesRead), options);
}

export interface Importer {
  id: number;
  role: "admin" | "editor";
  /** The organisation whose assessments a round trip records. */
  organisationId: number;
}

export interface UploadedFile {
  id: string;
  path: string;
  fileName: string;
}

export interface ImportRequest {
  intent: "preview" | "import";
  parseOptions: ImportOptions;
  preferFile: boolean;
  uncertainChoices: ReadonlyMap<number, number | "new">;
  /** Answers for state names that match no state we know (ImportRunOptions.stateChoices). */
  stateChoices?: ReadonlyMap<string, string>;
  /** The round trip's answer to "how does this file write dates?". */
  dateOrder?: "dmy" | "mdy";
  /** The language of the file's texts (ImportRunOptions.textLanguage); default: detected. */
  textLanguage?: string;
}

export type ImportOutcome =
  | { kind: "refused"; message: string }
  | { kind: "import"; summary: ImportSummary }
  | {
      kind: "roundtrip";
      changes: RoundTripChange[];
      unchanged: number;
      problems: RoundTripProblem[];
      /** Assessments made; null when nothing was written (a preview, or problems). */
      created: number | null;
      dates: RoundTripDates;
    };

/**
 * The import page's use case for an uploaded file: a file brought back from a spreadsheet is planned
 * (preview) or applied as assessments; any other file is previewed or imported. `committed` tells the
 * caller the upload is no longer needed.
 */
export async function importUpload(
  db: Kysely<Database>,
  user: Importer,
  upload: UploadedFile,
  request: ImportRequest,
): Promise<ImportOutcome & { committed: boolean }> {
  let roundTrip;
  try {
    roundTrip = await runJobOnce("roundtrip", { path: upload.path, dateOrder: request.dateOrder });
  } catch (error) {
    if (error instanceof ParseLimitError) return { kind: "refused", message: error.message, committed: false };
    throw error;
  }
  if (roundTrip !== null) {
    const { rows, problems: fileProblems, dates } = roundTrip;
    const today = todayUtc();
    const result =
      request.intent === "import" && fileProblems.length === 0
        ? await applyRoundTrip(db, user, rows, today)
        : { ...(await planRoundTrip(db, rows, today)), created: null };
    const problems = [...fileProblems, ...result.problems];
    const committed = result.created !== null && problems.length === 0;
    return {
      kind: "roundtrip",
      changes: result.changes,
      unchanged: result.unchanged,
      problems,
      created: committed ? result.created : null,
      dates,
      committed,
    };
  }
  const summary = await importFromSource(db, { path: upload.path }, request.parseOptions, {
    dryRun: request.intent === "preview",
    userId: user.id,
    fileName: upload.fileName,
    preferFile: request.preferFile,
    uncertainChoices: request.uncertainChoices,
    stateChoices: request.stateChoices,
    textLanguage: request.textLanguage,
  });
  return { kind: "import", summary, committed: summary.committed };
}
