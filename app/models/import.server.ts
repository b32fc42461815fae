// Importing recommendations: the records that app/lib/import parses, written to the database.
//
// All or nothing: one transaction holds the whole import. Records are streamed from the parser in
// batches; each batch finds or creates its states and reviews (ids cached for the whole import),
// looks up its source keys in one query, inserts the new recommendations and their recommending
// states with one statement, and updates the changed ones with one statement plus an audit entry
// each. While the database writes one batch, the parser reads the next. At the end the transaction
// commits only if no row was rejected and this is not a dry run; otherwise it rolls back, so a dry
// run runs every query (and every database check) of a real import. A process killed in the middle
// leaves an open transaction behind, which the database discards. A large import drops the GIN
// indexes of the recommendation texts and builds them again before committing (deferSearchIndexes):
// faster, but readers of recommendations wait until it commits.
//
// Memory: the current batches, counters, the first rows (preview) and at most `maxErrors` problems;
// never the whole file or all its records.
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Database, SourceFormat } from "../../db/schema";
import { readImportFile, type ImportInput } from "../lib/import";
import { headerKey } from "../lib/import/formats/csv-header";
import type {
  DetectedInput,
  ImportEvent,
  ImportFormat,
  ImportOptions as ParseOptions,
  ImportProblem,
  ImportRecord,
  ImportState,
} from "../lib/import/types";
import { writeAudit } from "./audit.server";
import { ensureStates, stateKey } from "./states.server";

export type { ImportProblem, ParseOptions };

/** What happens (or, in a dry run, would happen) to one imported record. */
export type RecordOutcome = "new" | "changed" | "unchanged";

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
  issues: string[];
  kind: ImportRecord["kind"];
  outcome: RecordOutcome;
}

export interface ImportWarning {
  row: number | null;
  column: string | null;
  message: string;
}

export interface ImportSummary {
  /** What was read: format, encoding, delimiter, line ending, columns (null when the file could not be read). */
  detected: DetectedInput | null;
  format: ImportFormat | null;
  encoding: string | null;
  /** Data rows read: records, rejected rows and skipped rows. */
  rows: number;
  /** Recommendations (voluntary pledges are counted apart, in `pledges`). */
  inserted: number;
  updated: number;
  unchanged: number;
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

const DEFAULT_BATCH = 2_000;
const BULK_THRESHOLD = 10_000;
const MAX_WARNINGS = 500;
const MAX_SKIP_REASONS = 100;

class Rollback extends Error {}

// ---------------------------------------------------------------------------------------------
// Checks the database makes that the parser does not, so that they become row errors instead of a
// failed statement: paragraph numbers, lengths of names and keys.

const PARAGRAPH_RE = /^[0-9]+(\.[0-9]+)*$/;

const DbRecord = z.object({
  paragraph: z
    .string()
    .nullable()
    .refine((p) => p === null || (p.length <= 50 && PARAGRAPH_RE.test(p)), {
      message: 'The paragraph must be a report paragraph number such as "101.12" (numbers separated by dots).',
    }),
  sourceKey: z.string().max(200, "This identifier is longer than 200 characters."),
  text: z.string().refine((t) => !t.includes("\u0000"), "The text holds a NUL character: the file is damaged or not a text file."),
  stateUnderReview: z.object({ name: z.string().max(200, "The state name is longer than 200 characters.") }),
  recommendingStates: z.array(z.object({ name: z.string().max(200, "A state name is longer than 200 characters.") })),
});

// ---------------------------------------------------------------------------------------------
// Columns, as the user's file names them, for messages about a record.

type RecordField = "stateUnderReview" | "recommendingStates" | "paragraph" | "sourceKey" | "issues" | "text";

const CSV_COLUMN_KEYS: Record<"native" | "upr-info", Record<RecordField, string[]>> = {
  native: {
    stateUnderReview: ["stateunderreview"],
    recommendingStates: ["recommendingstates"],
    paragraph: ["paragraph"],
    sourceKey: ["paragraph"],
    issues: ["issues"],
    text: ["recommendation"],
  },
  "upr-info": { stateUnderReview: ["to", "sur"], recommendingStates: ["from", "rs"], paragraph: [], sourceKey: ["text", "recommendation"], issues: [], text: ["text", "recommendation"] },
};
const UHRI_FIELDS: Record<RecordField, string | null> = {
  stateUnderReview: "Countries",
  recommendingStates: "UprRecommendingCountry",
  paragraph: "Text",
  sourceKey: "AnnotationId",
  issues: null,
  text: "Text",
};

function columnOf(detected: DetectedInput | null, field: RecordField): string | null {
  if (!detected) return null;
  if (detected.format === "uhri") return UHRI_FIELDS[field];
  const keys = CSV_COLUMN_KEYS[detected.format][field];
  return detected.columns.find((c) => keys.includes(headerKey(c))) ?? null;
}

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
    unchanged: 0,
    pledges: 0,
    pledgeOutcomes: { inserted: 0, updated: 0, unchanged: 0 },
    skipped: 0,
    skippedReasons: [],
    rejected: 0,
    errors: [],
    errorCount: 0,
    warnings: [],
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
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      pledges: summary.pledges,
      rejected: summary.rejected,
      skipped: summary.skipped,
      done,
    });

  try {
    await db.transaction().execute(async (trx) => {
      // Many similar statements on growing tables: compiling them (PostgreSQL's JIT) costs more than it saves.
      await sql`set local jit = off`.execute(trx);
      const writer = new BatchWriter(trx, summary, userId, options.previewRows ?? 10, rejectRecord, options.bulkThreshold ?? BULK_THRESHOLD);
      await writer.load();
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
              batch.push(event.record);
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

      if (summary.errorCount > 0 || summary.dryRun) throw new Rollback();
      await writer.finish();
      const changes =
        summary.inserted + summary.updated + summary.pledgeOutcomes.inserted + summary.pledgeOutcomes.updated + summary.reviewsCreated.length + summary.statesCreated.length;
      if (changes > 0) {
        await writeAudit(trx, {
          userId,
          action: "recommendations.imported",
          entity: "recommendation",
          entityId: null,
          before: null,
          after: {
            file: options.fileName ?? null,
            format: summary.format,
            encoding: summary.encoding,
            rows: summary.rows,
            inserted: summary.inserted,
            updated: summary.updated,
            unchanged: summary.unchanged,
            pledges: summary.pledgeOutcomes,
            skipped: summary.skipped,
            statesCreated: summary.statesCreated.length,
            reviewsCreated: summary.reviewsCreated.length,
          },
        });
      }
    });
    summary.committed = true;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
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

// ---------------------------------------------------------------------------------------------
// Writing batches

interface ExistingRow {
  id: number;
  source_key: string;
  review_id: number;
  paragraph: string | null;
  text: string;
  response: string;
  action_category: number | null;
  themes: string[];
  kind: string;
  state_ids: number[];
  /** Only fetched when a record of the batch names coalition issues. */
  issue_ids: number[];
}

interface Prepared {
  record: ImportRecord;
  reviewId: number;
  stateIds: number[];
  issueIds: number[];
}

/** The recommendation columns an import writes, for both new and changed rows. */
function recommendationColumns(p: Prepared) {
  return {
    review_id: p.reviewId,
    paragraph: p.record.paragraph,
    text: p.record.text,
    response: p.record.response,
    action_category: p.record.actionCategory,
    themes: p.record.themes,
    kind: p.record.kind,
  };
}

/** What the audit log shows of a recommendation before and after an import changed it. */
interface Snapshot {
  reviewId: number;
  paragraph: string | null;
  text: string;
  response: string;
  actionCategory: number | null;
  themes: string[];
  kind: string;
  recommendingStates: string[];
  issues: string[];
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sortedUnique(ids: number[]): number[] {
  return ids.length < 2 ? ids : [...new Set(ids)].sort((a, b) => a - b);
}

/** A JSON parameter, sent as text and cast in SQL (the drivers would otherwise encode a jsonb parameter themselves). */
function json(value: unknown) {
  return sql`cast(${JSON.stringify(value)}::text as jsonb)`;
}

/** Writes batches inside the import's transaction, caching state, review and issue ids. */
class BatchWriter {
  detected: DetectedInput | null = null;
  private readonly stateIds = new Map<string, number>();
  private readonly reviewIds = new Map<string, number>(); // `${stateId}:${cycle}` -> id
  private issueIdBySlug = new Map<string, number>();
  private issueSlugById = new Map<number, string>();
  private readonly warnedStates = new Set<string>();
  /** Whether recommendations of a source format were stored when the import began. */
  private readonly formatStored = new Map<SourceFormat, boolean>();

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly summary: ImportSummary,
    private readonly userId: number | null,
    private readonly previewRows: number,
    private readonly rejectRecord: (problems: ImportProblem[]) => void,
    private readonly bulkThreshold: number,
  ) {}

  /** Recommendations stored when the import began (for the choice to rebuild the search indexes). */
  private storedBefore = 0;
  private freshWritten = 0;
  /** The definitions of the search indexes dropped for a bulk import, to create again at the end. */
  private deferredIndexes: string[] | null = null;
  private deferTried = false;

  /** Coalition issues, and the states and reviews already stored (small tables), to save a query per batch. */
  async load(): Promise<void> {
    const issues = await this.trx.selectFrom("coalition_issue").select(["id", "slug"]).execute();
    this.issueIdBySlug = new Map(issues.map((r) => [r.slug, r.id]));
    this.issueSlugById = new Map(issues.map((r) => [r.id, r.slug]));
    // States without a regional group are left to ensureStates, which fills the group in from the file.
    const states = await this.trx.selectFrom("state").select(["id", "name", "iso3"]).where("regional_group", "is not", null).execute();
    for (const s of states) this.stateIds.set(stateKey({ name: s.name, iso3: s.iso3, regionalGroup: null }), s.id);
    const reviews = await this.trx.selectFrom("review").select(["id", "state_id", "cycle"]).execute();
    for (const r of reviews) this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
    const { n } = await this.trx.selectFrom("recommendation").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    this.storedBefore = Number(n);
  }

  /** At the end of an import that will commit: builds the search indexes dropped for a bulk import again. */
  async finish(): Promise<void> {
    if (!this.deferredIndexes) return;
    for (const definition of this.deferredIndexes) await sql.raw(definition).execute(this.trx);
    this.deferredIndexes = null;
  }

  /**
   * Adding a row to the GIN indexes of the recommendation texts (full text, trigram) costs far more
   * than the row itself: inserting 100,000 rows in batches of 2,000 cost PostgreSQL 16.6 s of CPU
   * with them and 6.7 s without, and building them afterwards 4-5 s (measured 2026-11-26; see also
   * docs/performance.md, "Import"). So once an import has many new rows (bulkThreshold,
   * and at least as many as were stored before, since a rebuild reads the whole table), it drops
   * them inside its transaction and builds them again before it commits (DDL is transactional: a
   * failed or dry-run import gets them back with its rollback). The price: dropping an index locks
   * the table (ACCESS EXCLUSIVE) until the import commits, so readers of recommendations wait for
   * it. If the lock is not granted within a second (a long query is reading), the import carries on
   * without the rebuild rather than make everyone queue behind it.
   */
  private async deferSearchIndexes(): Promise<void> {
    const indexes = await sql<{ name: string; definition: string }>`
      select c.relname as name, pg_get_indexdef(c.oid) as definition
      from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
      where i.indrelid = 'recommendation'::regclass and am.amname = 'gin'
      order by c.relname
    `.execute(this.trx);
    if (indexes.rows.length === 0) return;
    const { rows } = await sql<{ timeout: string }>`select current_setting('lock_timeout') as timeout`.execute(this.trx);
    await sql`savepoint defer_search_indexes`.execute(this.trx);
    try {
      await sql`set local lock_timeout = '1s'`.execute(this.trx);
      for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(this.trx);
      await sql`release savepoint defer_search_indexes`.execute(this.trx);
      this.deferredIndexes = indexes.rows.map((i) => i.definition);
    } catch {
      await sql`rollback to savepoint defer_search_indexes`.execute(this.trx);
    }
    await sql`select set_config('lock_timeout', ${rows[0].timeout}, true)`.execute(this.trx);
  }

  async write(batch: ImportRecord[]): Promise<void> {
    const records = this.check(batch);
    if (records.length === 0) return;
    await this.ensureStates(records);
    await this.ensureReviews(records);
    const prepared: Prepared[] = records.map((record) => ({
      record,
      reviewId: this.reviewIds.get(`${this.stateIds.get(stateKey(record.stateUnderReview))}:${record.cycle}`)!,
      stateIds: sortedUnique(record.recommendingStates.map((s) => this.stateIds.get(stateKey(s))!)),
      issueIds: sortedUnique(record.issues.map((slug) => this.issueIdBySlug.get(slug)!)),
    }));

    const format = records[0].sourceFormat;
    if (!this.formatStored.has(format)) {
      const row = await this.trx.selectFrom("recommendation").select("id").where("source_format", "=", format).limit(1).executeTakeFirst();
      this.formatStored.set(format, row !== undefined);
    }
    // Source keys are unique within a file, so when nothing of this format was stored before the
    // import, no key can match: no lookups needed.
    const existing = this.formatStored.get(format)
      ? await this.lookUp(format, records.map((r) => r.sourceKey), prepared.some((p) => p.issueIds.length > 0))
      : new Map<string, ExistingRow>();
    const fresh: Prepared[] = [];
    const changed: { p: Prepared; before: ExistingRow }[] = [];
    const outcomes: RecordOutcome[] = [];
    for (const p of prepared) {
      const row = existing.get(p.record.sourceKey);
      let outcome: RecordOutcome;
      if (!row) {
        fresh.push(p);
        outcome = "new";
      } else if (this.differs(p, row)) {
        changed.push({ p, before: row });
        outcome = "changed";
      } else outcome = "unchanged";
      outcomes.push(outcome);
      this.count(p.record.kind, outcome);
    }
    await this.insert(fresh);
    await this.update(changed);

    for (let i = 0; i < prepared.length && this.summary.preview.length < this.previewRows; i++) {
      const r = prepared[i].record;
      this.summary.preview.push({
        row: r.row,
        stateUnderReview: r.stateUnderReview.name,
        cycle: r.cycle,
        session: r.session,
        documentSymbol: r.documentSymbol,
        paragraph: r.paragraph,
        recommendingStates: r.recommendingStates.map((s) => s.name),
        text: r.text,
        response: r.response,
        actionCategory: r.actionCategory,
        themes: r.themes,
        issues: r.issues,
        kind: r.kind,
        outcome: outcomes[i],
      });
    }
  }

  /** The records that pass the database's rules and name known coalition issues; the others are rejected. */
  private check(batch: ImportRecord[]): ImportRecord[] {
    const ok: ImportRecord[] = [];
    for (const record of batch) {
      const problems: ImportProblem[] = [];
      const parsed = DbRecord.safeParse(record);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({ row: record.row, column: columnOf(this.detected, issue.path[0] as RecordField), message: issue.message });
        }
      }
      const unknown = record.issues.filter((slug) => !this.issueIdBySlug.has(slug));
      if (unknown.length > 0) {
        const known = [...this.issueIdBySlug.keys()].sort();
        problems.push({
          row: record.row,
          column: columnOf(this.detected, "issues"),
          message:
            `Unknown coalition issue ${unknown.map((s) => JSON.stringify(s)).join(", ")}: ` +
            (known.length ? `the issues are ${known.join(", ")} (add a new one on the Coalition issues page first).` : "there are no coalition issues yet."),
        });
      }
      if (problems.length > 0) this.rejectRecord(problems);
      else ok.push(record);
    }
    return ok;
  }

  private count(kind: ImportRecord["kind"], outcome: RecordOutcome): void {
    const key = outcome === "new" ? "inserted" : outcome === "changed" ? "updated" : "unchanged";
    if (kind === "pledge") {
      this.summary.pledges++;
      this.summary.pledgeOutcomes[key]++;
    } else this.summary[key]++;
  }

  private async ensureStates(records: ImportRecord[]): Promise<void> {
    const missing = new Map<string, { state: ImportState; row: number; field: RecordField }>();
    const note = (state: ImportState, row: number, field: RecordField) => {
      const key = stateKey(state);
      if (!this.stateIds.has(key) && !missing.has(key)) missing.set(key, { state, row, field });
    };
    for (const r of records) {
      note(r.stateUnderReview, r.row, "stateUnderReview");
      for (const s of r.recommendingStates) note(s, r.row, "recommendingStates");
    }
    if (missing.size === 0) return;

    // Which of them exist already, to tell the user which states the import adds.
    const wanted = [...missing.values()];
    const codes = wanted.map((w) => w.state.iso3).filter((c): c is string => c !== null);
    const names = wanted.filter((w) => w.state.iso3 === null).map((w) => w.state.name);
    const found = await this.trx
      .selectFrom("state")
      .select(["iso3", "name"])
      .where((eb) =>
        eb.or([
          ...(codes.length ? [eb("iso3", "in", codes)] : []),
          ...(names.length ? [eb.and([eb("iso3", "is", null), eb("name", "in", names)])] : []),
        ]),
      )
      .execute();
    const existingKeys = new Set(found.map((s) => stateKey({ name: s.name, iso3: s.iso3, regionalGroup: null })));

    const ids = await ensureStates(this.trx, wanted.map((w) => w.state));
    for (const [key, id] of ids) this.stateIds.set(key, id);
    for (const w of wanted) {
      const created = !existingKeys.has(stateKey(w.state));
      if (created) this.summary.statesCreated.push({ name: w.state.name, iso3: w.state.iso3 });
      if (w.state.iso3 === null) this.warnUnknownState(w.state, w.row, w.field, created);
    }
  }

  private warnUnknownState(state: ImportState, row: number, field: RecordField, created: boolean): void {
    if (this.warnedStates.has(state.name)) return;
    this.warnedStates.add(state.name);
    if (this.summary.warnings.length >= MAX_WARNINGS) return;
    this.summary.warnings.push({
      row,
      column: columnOf(this.detected, field),
      message: `"${state.name}" is not a state name we know, so it has no ISO code: ${created ? "it is added as a state without a code" : "it is the state of that name already stored without a code"}.`,
    });
  }

  private async ensureReviews(records: ImportRecord[]): Promise<void> {
    const missing = new Map<string, { stateId: number; cycle: number; session: number; name: string }>();
    for (const r of records) {
      const stateId = this.stateIds.get(stateKey(r.stateUnderReview))!;
      const key = `${stateId}:${r.cycle}`;
      if (!this.reviewIds.has(key) && !missing.has(key)) missing.set(key, { stateId, cycle: r.cycle, session: r.session, name: r.stateUnderReview.name });
    }
    if (missing.size === 0) return;

    // Every review stored before the import is in reviewIds (load); the missing ones are created.
    const toCreate = [...missing.values()];
    const created = await this.trx
      .insertInto("review")
      .values(toCreate.map((m) => ({ state_id: m.stateId, cycle: m.cycle, session: m.session })))
      .onConflict((oc) => oc.columns(["state_id", "cycle"]).doNothing())
      .returning(["id", "state_id", "cycle"])
      .execute();
    for (const r of created) this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
    for (const m of toCreate) {
      if (this.reviewIds.has(`${m.stateId}:${m.cycle}`)) this.summary.reviewsCreated.push({ state: m.name, cycle: m.cycle, session: m.session });
    }
    // Created meanwhile by someone else (another import that has committed since this one began).
    const others = toCreate.filter((m) => !this.reviewIds.has(`${m.stateId}:${m.cycle}`));
    if (others.length > 0) {
      const rows = await this.trx.selectFrom("review").select(["id", "state_id", "cycle"]).where("state_id", "in", others.map((m) => m.stateId)).execute();
      for (const r of rows) this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
    }
  }

  private async lookUp(format: SourceFormat, keys: string[], withIssues: boolean): Promise<Map<string, ExistingRow>> {
    // One index lookup per key (LATERAL ... LIMIT 1 keeps the planner from choosing a scan of the
    // whole table, which it may do as the table grows inside the import's transaction).
    const { rows } = await sql<ExistingRow>`
      select r.* from unnest(${keys}::text[]) as k(source_key)
      cross join lateral (
        select r.id, r.source_key, r.review_id, r.paragraph, r.text, r.response, r.action_category, r.themes, r.kind,
          array(select rs.state_id from recommendation_recommending_state rs where rs.recommendation_id = r.id order by rs.state_id) as state_ids,
          ${withIssues ? sql`array(select ri.issue_id from recommendation_issue ri where ri.recommendation_id = r.id)` : sql`'{}'::int[]`} as issue_ids
        from recommendation r
        where r.source_format = ${format} and r.source_key = k.source_key
        limit 1
      ) r
    `.execute(this.trx);
    return new Map(rows.map((r) => [r.source_key, r]));
  }

  private differs(p: Prepared, row: ExistingRow): boolean {
    const r = p.record;
    return (
      row.review_id !== p.reviewId ||
      row.paragraph !== r.paragraph ||
      row.text !== r.text ||
      row.response !== r.response ||
      row.action_category !== r.actionCategory ||
      !sameList(row.themes, r.themes) ||
      row.kind !== r.kind ||
      !sameList(row.state_ids, p.stateIds) ||
      // Links to coalition issues are added by an import, never removed.
      p.issueIds.some((id) => !row.issue_ids.includes(id))
    );
  }

  private async insert(fresh: Prepared[]): Promise<void> {
    if (fresh.length === 0) return;
    this.freshWritten += fresh.length;
    if (!this.deferTried && this.freshWritten >= Math.max(this.bulkThreshold, this.storedBefore)) {
      this.deferTried = true;
      await this.deferSearchIndexes();
    }
    const rows = fresh.map((p) => ({ ...recommendationColumns(p), source_format: p.record.sourceFormat, source_key: p.record.sourceKey }));
    const { rows: inserted } = await sql<{ id: number; source_key: string }>`
      insert into recommendation (review_id, paragraph, text, response, action_category, themes, kind, source_format, source_key)
      select review_id, paragraph, text, response, action_category, themes, kind, source_format, source_key
      from jsonb_to_recordset(${json(rows)}) as x(review_id integer, paragraph text, text text, response text,
        action_category smallint, themes text[], kind text, source_format text, source_key text)
      returning id, source_key
    `.execute(this.trx);
    const idByKey = new Map(inserted.map((r) => [r.source_key, r.id]));
    const recommendationIds: number[] = [];
    const stateIds: number[] = [];
    for (const p of fresh) {
      const id = idByKey.get(p.record.sourceKey)!;
      for (const s of p.stateIds) {
        recommendationIds.push(id);
        stateIds.push(s);
      }
    }
    await this.linkStates(recommendationIds, stateIds);
    if (fresh.some((p) => p.issueIds.length > 0)) {
      await this.linkIssues(fresh.flatMap((p) => p.issueIds.map((i): [number, number] => [idByKey.get(p.record.sourceKey)!, i])));
    }
  }

  private async update(changed: { p: Prepared; before: ExistingRow }[]): Promise<void> {
    if (changed.length === 0) return;
    const ids = changed.map(({ before }) => before.id);
    // For the audit log: the names of the recommending states and the issues before the change.
    const before = await sql<{ id: number; states: string[]; issues: string[] }>`
      select r.id,
        array(select s.name from recommendation_recommending_state rs join state s on s.id = rs.state_id where rs.recommendation_id = r.id order by s.name) as states,
        array(select i.slug from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id where ri.recommendation_id = r.id order by i.slug) as issues
      from recommendation r where r.id in (select unnest(${ids}::int[]))
    `.execute(this.trx);
    const namesBefore = new Map(before.rows.map((r) => [r.id, r]));

    await sql`
      update recommendation r set review_id = x.review_id, paragraph = x.paragraph, text = x.text, response = x.response,
        action_category = x.action_category, themes = x.themes, kind = x.kind, updated_at = now()
      from jsonb_to_recordset(${json(
        changed.map(({ p, before }) => ({ id: before.id, ...recommendationColumns(p) })),
      )}) as x(id integer, review_id integer, paragraph text, text text, response text, action_category smallint, themes text[], kind text)
      where r.id = x.id
    `.execute(this.trx);

    const statesChanged = changed.filter(({ p, before }) => !sameList(before.state_ids, p.stateIds));
    if (statesChanged.length > 0) {
      await this.trx
        .deleteFrom("recommendation_recommending_state")
        .where("recommendation_id", "in", statesChanged.map(({ before }) => before.id))
        .execute();
      const pairs = statesChanged.flatMap(({ p, before }) => p.stateIds.map((s) => [before.id, s]));
      await this.linkStates(pairs.map((x) => x[0]), pairs.map((x) => x[1]));
    }
    await this.linkIssues(changed.flatMap(({ p, before }) => p.issueIds.map((i): [number, number] => [before.id, i])));

    for (const { p, before: row } of changed) {
      const names = namesBefore.get(row.id);
      const snapshotBefore: Snapshot = {
        reviewId: row.review_id,
        paragraph: row.paragraph,
        text: row.text,
        response: row.response,
        actionCategory: row.action_category,
        themes: row.themes,
        kind: row.kind,
        recommendingStates: names?.states ?? [],
        issues: names?.issues ?? [],
      };
      const r = p.record;
      const snapshotAfter: Snapshot = {
        reviewId: p.reviewId,
        paragraph: r.paragraph,
        text: r.text,
        response: r.response,
        actionCategory: r.actionCategory,
        themes: r.themes,
        kind: r.kind,
        recommendingStates: r.recommendingStates.map((s) => s.name).sort(),
        issues: [...new Set([...snapshotBefore.issues, ...p.issueIds.map((id) => this.issueSlugById.get(id)!)])].sort(),
      };
      await writeAudit(this.trx, {
        userId: this.userId,
        action: "recommendation.updated",
        entity: "recommendation",
        entityId: row.id,
        before: snapshotBefore,
        after: snapshotAfter,
      });
    }
  }

  private async linkStates(recommendationIds: number[], stateIds: number[]): Promise<void> {
    if (recommendationIds.length === 0) return;
    await sql`
      insert into recommendation_recommending_state (recommendation_id, state_id)
      select * from unnest(${recommendationIds}::int[], ${stateIds}::int[])
    `.execute(this.trx);
  }

  private async linkIssues(pairs: [number, number][]): Promise<void> {
    if (pairs.length === 0) return;
    await sql`
      insert into recommendation_issue (recommendation_id, issue_id, created_by)
      select x.r, x.i, ${this.userId}::integer from unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::int[]) as x(r, i)
      on conflict do nothing
    `.execute(this.trx);
  }
}
