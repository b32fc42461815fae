// Importing recommendations: the records that app/import/readers parses, written to the database.
//
// All or nothing, and exactly once: one transaction holds the whole import, and imports take turns
// (an advisory lock), so two imports of the same file at once insert it once. Records are streamed
// from the parser in batches that import-writer.server.ts writes: same source rows found again,
// rows of another source merged into the recommendations held for their review, new ones inserted.
// While the database writes one batch, the parser reads the next. The transaction commits only if
// no row was rejected and this is not a dry run. A dry run (the preview) reads, looks up and matches
// every row but writes no recommendation. A committed import is recorded in import_run with what it
// did (import_change), so that it can be undone (import-runs.server.ts). A process killed in the
// middle leaves an open transaction behind, which the database discards.
//
// Memory: the current batches, counters, the first rows (preview), the recommendations held for
// the reviews the file touches, and at most `maxErrors` problems; never the whole file or all its
// records.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/schema";
import { readImportFile, type ImportInput } from "../readers";
import type {
  ImportEvent,
  ImportOptions as ParseOptions,
  ImportProblem,
  ImportRecord,
  ImportState,
} from "../readers/types";
import { resolveState } from "../../lib/states/resolve-state";
import {
  addWarning,
  type ImportSummary,
  type ImportWarning,
  type PreviewRow,
  type RecordOutcome,
  type UnknownStateName,
} from "../readers/summary";
import { writeAudit } from "../../models/audit.server";
import { BatchWriter } from "./import-writer.server";

export type { ImportProblem, ImportSummary, ImportWarning, ParseOptions, PreviewRow, RecordOutcome };

export interface ImportRunOptions {
  /** Do everything, then roll back: nothing is written. */
  dryRun?: boolean;
  /** The signed-in user, for the audit log and issue links; null for the command line. */
  userId?: number | null;
  /** The file's name, for the audit entry of a committed import. */
  fileName?: string | null;
  /** Called after each batch and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** Records per batch (default 2,000). */
  batchSize?: number;
  /** How many of the first records to describe in `preview` (default 10). */
  previewRows?: number;
  /** How many problems to keep in `errors` (default 1,000); `errorCount` counts them all. */
  maxErrors?: number;
  /**
   * New recommendations from which the import rebuilds the text search indexes once at the end
   * instead of adding each row to them (default 10,000; the stored rows count as well, see
   * BatchWriter.deferSearchIndexes). For tests.
   */
  bulkThreshold?: number;
  /** Where a merged row's value differs from the one held: take the file's (default: keep what is held). */
  preferFile?: boolean;
  /** Answers for uncertain matches, by row: the id of the recommendation it is a row of, or "new". */
  uncertainChoices?: ReadonlyMap<number, number | "new">;
  /**
   * Answers for state names that resolve to no ISO code, by the name as the file writes it: a state's ISO code,
   * or "none" (a recommending state that is not a state: the row is held without it). Unanswered names stop the
   * import (summary.unknownStates).
   */
  stateChoices?: ReadonlyMap<string, string>;
  /**
   * The language the file's texts are written in (ISO 639-1, e.g. "fr"); default: detected from the first texts
   * (readers/text-language.ts), else English. Rows of held recommendations whose text is in another language add
   * their text in this language beside it ("translated") and change nothing else.
   */
  textLanguage?: string;
}

export interface ImportProgress {
  /** Data rows read so far (records, rejected and skipped rows). */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  pledges: number;
  rejected: number;
  skipped: number;
  done: boolean;
}

const DEFAULT_BATCH = 2_000;
const BULK_THRESHOLD = 10_000;
const MAX_SKIP_REASONS = 100;
/** A file naming more unknown states than this is not a file of UPR recommendations; the first ones are asked. */
const MAX_UNKNOWN_STATES = 200;
/** Imports wait for each other (pg_advisory_xact_lock): two imports of one file at once insert it once. */
const IMPORT_LOCK = 4_242_001;

class Rollback extends Error {}

// ---------------------------------------------------------------------------------------------

/**
 * Imports the records of one file (the events of `readImportFile`). Bad input never throws: its
 * problems are returned in the summary and nothing is written. Throws only when reading the file
 * fails (I/O), after rolling back.
 */
export async function importRecords(
  db: Kysely<Database>,
  events: AsyncIterable<ImportEvent>,
  options: ImportRunOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const maxErrors = options.maxErrors ?? 1_000;
  const userId = options.userId ?? null;

  const summary: ImportSummary = {
    detected: null,
    format: null,
    encoding: null,
    rows: 0,
    inserted: 0,
    updated: 0,
    merged: 0,
    translated: 0,
    unchanged: 0,
    planned: { inserted: 0, updated: 0, merged: 0, translated: 0, unchanged: 0 },
    textLanguage: null,
    textLanguageDetected: false,
    textConflicts: [],
    textConflictCount: 0,
    notCommitted: null,
    conflicts: [],
    conflictCount: 0,
    uncertain: [],
    uncertainCount: 0,
    importId: null,
    fileName: options.fileName ?? null,
    waitedForAnotherImport: false,
    pledges: 0,
    pledgeOutcomes: { inserted: 0, updated: 0, unchanged: 0 },
    skipped: 0,
    skippedReasons: [],
    rejected: 0,
    errors: [],
    errorCount: 0,
    warnings: [],
    unknownStates: [],
    statesCreated: [],
    reviewsCreated: [],
    preview: [],
    dryRun: options.dryRun === true,
    committed: false,
    aborted: false,
  };

  function addError(problem: ImportProblem): void {
    summary.errorCount++;
    if (summary.errors.length < maxErrors) summary.errors.push(problem);
  }
  // The parser yields a row's problems one after another, so a new row number is a new rejected row.
  let lastParseProblemRow: number | null = null;
  function addParseProblem(problem: ImportProblem): void {
    if (problem.row !== null && problem.row !== lastParseProblemRow) {
      summary.rejected++;
      lastParseProblemRow = problem.row;
      rowsSeen++;
    }
    addError(problem);
  }
  /** Problems the database checks find in a record (one rejected row). */
  function rejectRecord(problems: ImportProblem[]): void {
    summary.rejected++;
    for (const p of problems) addError(p);
  }

  let rowsSeen = 0;
  const progress = (done: boolean) =>
    options.onProgress?.({
      rows: done ? summary.rows : rowsSeen,
      inserted: summary.planned.inserted,
      updated: summary.planned.updated + summary.planned.merged,
      unchanged: summary.planned.unchanged,
      pledges: summary.pledges,
      rejected: summary.rejected,
      skipped: summary.skipped,
      done,
    });

  // The first event is awaited before the transaction opens: a document (Word, Excel, a report's text) is
  // read whole before it, and no database connection waits on that (the embedded engine has only one).
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  events = (async function* () {
    try {
      if (first.done) return;
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.(); // a reader stopped early closes its file (or its worker)
    }
  })();

  try {
    await db.transaction().execute(async (trx) => {
      // Many similar statements on growing tables: compiling them (PostgreSQL's JIT) costs more than it saves.
      await sql`set local jit = off`.execute(trx);
      if (!summary.dryRun) {
        // Imports take turns, so that one waits for another of the same file and then finds its rows.
        const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${IMPORT_LOCK}) as got`.execute(
          trx,
        );
        if (!rows[0].got) {
          summary.waitedForAnotherImport = true;
          await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
        }
      }
      const writer = new BatchWriter(
        trx,
        summary,
        {
          userId,
          previewRows: options.previewRows ?? 10,
          bulkThreshold: options.bulkThreshold ?? BULK_THRESHOLD,
          preferFile: options.preferFile === true,
          uncertainChoices: options.uncertainChoices ?? new Map(),
          textLanguage: options.textLanguage ?? null,
          dryRun: summary.dryRun,
        },
        rejectRecord,
      );
      await writer.load();
      if (!summary.dryRun) {
        const run = await trx
          .insertInto("import_run")
          .values({ user_id: userId, file_name: summary.fileName, format: "pending" })
          .returning("id")
          .executeTakeFirstOrThrow();
        writer.importId = run.id;
      }
      let batch: ImportRecord[] = [];
      let writing: Promise<void> = Promise.resolve();
      let databaseFailed = false;

      // Starts writing the current batch once the previous one is written; returns at once, so the
      // parser reads the next batch meanwhile.
      const flush = async () => {
        await writing;
        if (batch.length === 0 || databaseFailed) return;
        const records = batch;
        batch = [];
        writing = writer.write(records).then(
          () => progress(false),
          (error) => {
            // A failed statement makes the transaction unusable: stop, report, roll back.
            databaseFailed = true;
            const e = error as { message?: string; detail?: string };
            addError({
              row: null,
              column: null,
              message:
                `The database refused rows ${records[0].row} to ${records[records.length - 1].row}: ` +
                `${e.message ?? String(error)}${e.detail ? ` (${e.detail})` : ""}. Nothing was imported.`,
            });
          },
        );
      };

      try {
        for await (const event of events) {
          switch (event.type) {
            case "detected":
              summary.detected = event.detected;
              summary.format = event.detected.format;
              summary.encoding = event.detected.encoding;
              writer.detected = event.detected;
              break;
            case "record":
              rowsSeen++;
              batch.push(answerStateNames(event.record, options.stateChoices, summary.unknownStates));
              if (batch.length >= batchSize) await flush();
              break;
            case "problem":
              addParseProblem(event.problem);
              break;
            case "skipped": {
              rowsSeen++;
              summary.skipped++;
              const { reason, row } = event.skipped;
              const group = summary.skippedReasons.find((g) => g.reason === reason);
              if (group) {
                group.count++;
                if (group.firstRows.length < 10) group.firstRows.push(row);
              } else if (summary.skippedReasons.length < MAX_SKIP_REASONS) {
                summary.skippedReasons.push({ reason, count: 1, firstRows: [row] });
              }
              break;
            }
            case "warning":
              addWarning(summary, event.warning);
              break;
            case "end":
              summary.rows = event.summary.rows;
              summary.aborted = event.summary.aborted;
              break;
          }
          if (databaseFailed) break;
        }
        await flush();
      } finally {
        // Also when reading the file fails: no statement may still be running when the transaction ends.
        await writing;
      }
      // Problems found while writing a batch come after the parser's problems with later rows.
      summary.errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));

      if (summary.unknownStates.length > 0 && summary.errorCount === 0 && !summary.dryRun) throw new Rollback();
      if (summary.errorCount > 0 || summary.dryRun) throw new Rollback();
      await writer.finish();
      const p = summary.planned;
      const changes =
        p.inserted +
        p.updated +
        p.merged +
        p.translated +
        summary.pledgeOutcomes.inserted +
        summary.pledgeOutcomes.updated +
        summary.reviewsCreated.length +
        summary.statesCreated.length +
        writer.places.reviewSymbolsSet.length +
        writer.places.groupsFilled.length;
      const counts = {
        rows: summary.rows,
        inserted: p.inserted,
        updated: p.updated,
        merged: p.merged,
        translated: p.translated,
        unchanged: p.unchanged,
        pledges: summary.pledgeOutcomes,
        skipped: summary.skipped,
        uncertain: summary.uncertainCount,
        conflicts: summary.conflictCount,
        textLanguage: summary.textLanguage,
        statesCreated: summary.statesCreated.length,
        reviewsCreated: summary.reviewsCreated.length,
        reviewSymbolsSet: writer.places.reviewSymbolsSet,
        stateGroupsFilled: writer.places.groupsFilled,
      };
      if (changes === 0) {
        // Nothing to undo: the same file again leaves no trace.
        await trx.deleteFrom("import_run").where("id", "=", writer.importId!).execute();
      } else {
        await trx
          .updateTable("import_run")
          .set({
            format: summary.format ?? "unknown",
            counts: sql`cast(${JSON.stringify(counts)}::text as jsonb)`,
            created_state_ids: writer.places.createdStateIds,
            created_review_ids: writer.places.createdReviewIds,
          })
          .where("id", "=", writer.importId!)
          .execute();
        summary.importId = writer.importId;
        await writeAudit(trx, {
          userId,
          action: "recommendations.imported",
          entity: "import_run",
          entityId: writer.importId,
          before: null,
          after: { file: summary.fileName, format: summary.format, encoding: summary.encoding, ...counts },
        });
      }
    });
    summary.committed = true;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (summary.committed) {
    Object.assign(summary, {
      inserted: summary.planned.inserted,
      updated: summary.planned.updated,
      merged: summary.planned.merged,
      translated: summary.planned.translated,
      unchanged: summary.planned.unchanged,
    });
  } else {
    const names = summary.unknownStates.length;
    summary.notCommitted = summary.dryRun
      ? "This was a preview (a dry run): nothing was written."
      : summary.errorCount === 0 && names > 0
        ? `Nothing was written: ${names === 1 ? "a state name" : `${names} state names`} in the file match${names === 1 ? "es" : ""} no state we know; say which state each is, then import.`
        : `Nothing was written: ${summary.errorCount.toLocaleString("en")} problem${summary.errorCount === 1 ? "" : "s"} must be fixed first (an import is all or nothing).`;
  }
  progress(true);
  return summary;
}

/** Reads and imports a file (a path, bytes or a byte stream): `readImportFile` into `importRecords`. */
export function importFile(
  db: Kysely<Database>,
  input: ImportInput,
  parseOptions: ParseOptions = {},
  options: ImportRunOptions = {},
): Promise<ImportSummary> {
  return importRecords(db, readImportFile(input, parseOptions), options);
}

/**
 * A record with its unknown state names answered (ImportRunOptions.stateChoices): a state's ISO code gives that
 * state; "none" leaves a recommending state out. Names without an answer are counted in `unknown`.
 */
function answerStateNames(
  record: ImportRecord,
  choices: ReadonlyMap<string, string> | undefined,
  unknown: UnknownStateName[],
): ImportRecord {
  const answer = (state: ImportState, field: UnknownStateName["field"]): ImportState | null => {
    if (state.iso3 !== null) return state;
    const choice = choices?.get(state.name);
    if (choice === "none" && field === "recommendingStates") return null;
    if (choice && choice !== "none") {
      const chosen = resolveState(choice);
      if (chosen.iso3) return chosen;
    }
    const seen = unknown.find((u) => u.name === state.name && u.field === field);
    if (seen) seen.rows++;
    else if (unknown.length < MAX_UNKNOWN_STATES)
      unknown.push({ name: state.name, field, rows: 1, firstRow: record.row });
    return state;
  };
  if (record.stateUnderReview.iso3 !== null && record.recommendingStates.every((s) => s.iso3 !== null)) return record;
  return {
    ...record,
    stateUnderReview: answer(record.stateUnderReview, "stateUnderReview")!,
    recommendingStates: record.recommendingStates
      .map((s) => answer(s, "recommendingStates"))
      .filter((s): s is ImportState => s !== null),
  };
}
