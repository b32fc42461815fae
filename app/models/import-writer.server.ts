// Writing the batches of one import inside its transaction (app/models/import.server.ts holds the
// transaction and the summary).
//
// Each record is, in this order:
// 1. the same source row imported before (its source key is the recommendation's own, or one merged
//    into it, in recommendation_source): unchanged, or changed in place (same source, new values);
// 2. a row of another source for a recommendation already held for its review (lib/import/match.ts:
//    by paragraph, else by recommending state and text): merged into it (lib/import/merge.ts), its
//    source key kept in recommendation_source; an uncertain match waits for the user's choice;
// 3. new.
// A real import records in import_change what it inserted and each row as it was before it changed
// it, so that import-runs.server.ts can undo it. A dry run reads and matches the same way but writes
// no recommendation (states and reviews it needs are created and rolled back with it).
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Database, SourceFormat } from "../../db/schema";
import { headerKey } from "../lib/import/formats/csv-header";
import { ReviewMatcher } from "../lib/import/match";
import { planMerge, type HeldValues, type MergeConflict } from "../lib/import/merge";
import type { DetectedInput, ImportProblem, ImportRecord, ImportState } from "../lib/import/types";
import { writeAudit } from "./audit.server";
import type { ImportSummary, RecordOutcome } from "./import.server";
import { ensureStates, stateKey } from "./states.server";

const MAX_WARNINGS = 500;
const MAX_LISTED = 500;

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

// Columns, as the user's file names them, for messages about a record.
type RecordField = "stateUnderReview" | "recommendingStates" | "paragraph" | "sourceKey" | "issues" | "text";

const CSV_COLUMN_KEYS: Partial<Record<SourceFormat, Record<RecordField, string[]>>> = {
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

export function columnOf(detected: DetectedInput | null, field: RecordField): string | null {
  if (!detected) return null;
  if (detected.format === "uhri") return UHRI_FIELDS[field];
  const keys = CSV_COLUMN_KEYS[detected.format]?.[field];
  if (!keys) return null;
  return detected.columns.find((c) => keys.includes(headerKey(c))) ?? null;
}

// ---------------------------------------------------------------------------------------------

/** A recommendation as an import reads it and as import_change keeps it before a change. */
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
  updated_at: string;
  state_ids: number[];
  issue_ids: number[];
}

/** What import_change.before holds: enough to put the row back exactly. */
export type RowBefore = Omit<ExistingRow, "id" | "source_key">;

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

function beforeOf(row: ExistingRow): RowBefore {
  const { id: _id, source_key: _key, ...before } = row;
  return before;
}

/** The columns of a recommendation as a batch reads them, with its states and issues. */
const ROW_COLUMNS = sql`r.id, r.source_key, r.review_id, r.paragraph, r.text, r.response, r.action_category, r.themes, r.kind,
  to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated_at,
  array(select rs.state_id from recommendation_recommending_state rs where rs.recommendation_id = r.id order by rs.state_id) as state_ids,
  array(select ri.issue_id from recommendation_issue ri where ri.recommendation_id = r.id order by ri.issue_id) as issue_ids`;

export interface WriterOptions {
  userId: number | null;
  previewRows: number;
  bulkThreshold: number;
  /** Where a merged row's value differs from the held one: take the file's (default: keep the held one). */
  preferFile: boolean;
  /** The user's answers for uncertain matches, by row: a recommendation id, or "new". Others are left out. */
  uncertainChoices: ReadonlyMap<number, number | "new">;
  dryRun: boolean;
}

/** Writes batches inside the import's transaction, caching state, review and issue ids. */
export class BatchWriter {
  detected: DetectedInput | null = null;
  /** The import_run row of a real import (null in a dry run). */
  importId: number | null = null;
  private readonly stateIds = new Map<string, number>();
  private readonly reviewIds = new Map<string, number>(); // `${stateId}:${cycle}` -> id
  /** Reviews stored when the import began, with whether they had a report symbol. */
  private readonly reviewsBefore = new Map<number, { symbol: string | null }>();
  private readonly symbolsSet = new Set<number>();
  private issueIdBySlug = new Map<string, number>();
  private issueSlugById = new Map<number, string>();
  private readonly warnedStates = new Set<string>();
  /** Per review stored before the import: its recommendations (as they are now in this import) and a matcher. */
  private readonly held = new Map<number, { rows: Map<number, ExistingRow>; matcher: ReviewMatcher }>();
  /** Recommendations this import changed, so that import_change keeps each one's first "before" only. */
  private readonly changedIds = new Set<number>();
  readonly createdStateIds: number[] = [];
  /** States stored without a regional group that this import gave one (undo empties it again). */
  readonly groupsFilled: number[] = [];
  readonly createdReviewIds: number[] = [];

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly summary: ImportSummary,
    private readonly options: WriterOptions,
    private readonly rejectRecord: (problems: ImportProblem[]) => void,
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
    const reviews = await this.trx.selectFrom("review").select(["id", "state_id", "cycle", "report_symbol"]).execute();
    for (const r of reviews) {
      this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
      this.reviewsBefore.set(r.id, { symbol: r.report_symbol });
    }
    const { n } = await this.trx.selectFrom("recommendation").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    this.storedBefore = Number(n);
  }

  /** Review ids whose report symbol this import filled in (undo empties them again). */
  get reviewSymbolsSet(): number[] {
    return [...this.symbolsSet];
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
   * failed import gets them back with its rollback). The price: dropping an index locks the table
   * (ACCESS EXCLUSIVE) until the import commits, so readers of recommendations wait for it. If the
   * lock is not granted within a second (a long query is reading), the import carries on without
   * the rebuild rather than make everyone queue behind it.
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
    const keys = records.map((r) => r.sourceKey);
    const existing = await this.lookUp(format, keys);
    const merged = await this.lookUpMerged(format, keys);
    await this.loadHeld(format, prepared.filter((p) => !existing.has(p.record.sourceKey) && !merged.has(p.record.sourceKey)).map((p) => p.reviewId));

    const fresh: Prepared[] = [];
    const changed: { p: Prepared; before: ExistingRow }[] = [];
    const merges: { p: Prepared; target: ExistingRow; after: HeldValues }[] = [];
    const outcomes: RecordOutcome[] = [];
    for (const p of prepared) {
      const row = existing.get(p.record.sourceKey);
      let outcome: RecordOutcome;
      if (row) {
        keepHeldValues(p, row);
        if (this.differs(p, row)) {
          changed.push({ p, before: row });
          outcome = "changed";
        } else outcome = "unchanged";
      } else {
        const targetId = merged.get(p.record.sourceKey) ?? this.matchHeld(p);
        if (targetId === "skip") outcome = "uncertain";
        else if (targetId === null) {
          fresh.push(p);
          outcome = "new";
        } else {
          const target = this.heldRow(p.reviewId, targetId) ?? (await this.fetchRow(targetId));
          const plan = planMerge(
            { paragraph: target.paragraph, response: target.response as HeldValues["response"], actionCategory: target.action_category, themes: target.themes },
            p.record,
            this.options.preferFile,
          );
          for (const c of plan.conflicts) this.conflict(p, target, c);
          const newIssues = p.issueIds.some((id) => !target.issue_ids.includes(id));
          const known = merged.has(p.record.sourceKey);
          if (plan.changed || newIssues || !known) merges.push({ p, target, after: plan.after });
          outcome = plan.changed || newIssues || !known ? "merged" : "unchanged";
          // Later rows of this import merging into the same recommendation see what this one added.
          Object.assign(target, { paragraph: plan.after.paragraph, response: plan.after.response, action_category: plan.after.actionCategory, themes: plan.after.themes });
        }
      }
      outcomes.push(outcome);
      this.count(p.record.kind, outcome);
    }
    if (!this.options.dryRun) {
      await this.insert(fresh);
      await this.update(changed);
      await this.merge(merges);
    }
    this.addPreview(prepared, outcomes);
  }

  private addPreview(prepared: Prepared[], outcomes: RecordOutcome[]): void {
    for (let i = 0; i < prepared.length && this.summary.preview.length < this.options.previewRows; i++) {
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

  private conflict(p: Prepared, target: ExistingRow, c: MergeConflict): void {
    this.summary.conflictCount++;
    if (this.summary.conflicts.length >= MAX_LISTED) return;
    this.summary.conflicts.push({ row: p.record.row, recommendationId: target.id, paragraph: target.paragraph, field: c.field, held: c.held, file: c.file, kept: this.options.preferFile ? "file" : "held" });
  }

  /** The held recommendation this record is a row of (by paragraph or state and text), null for none, "skip" while uncertain. */
  private matchHeld(p: Prepared): number | null | "skip" {
    const held = this.held.get(p.reviewId);
    if (!held || held.matcher.size === 0) return null;
    const result = held.matcher.match({ paragraph: p.record.paragraph, text: p.record.text, stateIds: p.stateIds });
    if (result.kind === "certain") return result.id;
    if (result.kind === "none") return null;
    const choice = this.options.uncertainChoices.get(p.record.row);
    if (choice === "new") return null;
    if (choice !== undefined && held.rows.has(choice)) return choice;
    this.summary.uncertainCount++;
    if (this.summary.uncertain.length < MAX_LISTED) {
      this.summary.uncertain.push({
        row: p.record.row,
        text: p.record.text,
        recommendingStates: p.record.recommendingStates.map((s) => s.name),
        candidates: result.candidates.map((c) => {
          const h = held.rows.get(c.id)!;
          return { id: c.id, paragraph: h.paragraph, text: h.text, score: c.score };
        }),
      });
    }
    return "skip";
  }

  private heldRow(reviewId: number, id: number): ExistingRow | undefined {
    return this.held.get(reviewId)?.rows.get(id);
  }

  /**
   * Loads the recommendations of reviews stored before the import (once per review) to match rows
   * against: those of other sources (rows of the file's own source are found by their keys; a row of it
   * with a new key is a new row of that source, as identical rows of one file are distinct).
   */
  private async loadHeld(format: SourceFormat, reviewIds: number[]): Promise<void> {
    const wanted = [...new Set(reviewIds)].filter((id) => !this.held.has(id) && this.reviewsBefore.has(id));
    if (wanted.length === 0) return;
    const { rows } = await sql<ExistingRow>`
      select ${ROW_COLUMNS} from recommendation r
      where r.review_id in (select unnest(${wanted}::int[])) and r.kind = 'recommendation' and r.source_format <> ${format}
      order by r.id
    `.execute(this.trx);
    for (const reviewId of wanted) {
      const mine = rows.filter((r) => r.review_id === reviewId);
      this.held.set(reviewId, {
        rows: new Map(mine.map((r) => [r.id, r])),
        matcher: new ReviewMatcher(mine.map((r) => ({ id: r.id, paragraph: r.paragraph, text: r.text, stateIds: r.state_ids }))),
      });
    }
  }

  private async fetchRow(id: number): Promise<ExistingRow> {
    const { rows } = await sql<ExistingRow>`select ${ROW_COLUMNS} from recommendation r where r.id = ${id}`.execute(this.trx);
    return rows[0];
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
    if (outcome === "uncertain") return; // counted in uncertainCount
    if (outcome === "merged") {
      this.summary.planned.merged++;
      return;
    }
    const key = outcome === "new" ? "inserted" : outcome === "changed" ? "updated" : "unchanged";
    if (kind === "pledge") {
      this.summary.pledges++;
      this.summary.pledgeOutcomes[key]++;
    } else this.summary.planned[key]++;
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

    const ids = await ensureStates(this.trx, wanted.map((w) => w.state), (id) => this.groupsFilled.push(id));
    for (const [key, id] of ids) this.stateIds.set(key, id);
    for (const w of wanted) {
      const created = !existingKeys.has(stateKey(w.state));
      if (created) {
        this.summary.statesCreated.push({ name: w.state.name, iso3: w.state.iso3 });
        this.createdStateIds.push(this.stateIds.get(stateKey(w.state))!);
      }
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
    const missing = new Map<string, { stateId: number; cycle: number; session: number; name: string; symbol: string | null }>();
    for (const r of records) {
      const stateId = this.stateIds.get(stateKey(r.stateUnderReview))!;
      const key = `${stateId}:${r.cycle}`;
      const reviewId = this.reviewIds.get(key);
      if (reviewId !== undefined) await this.fillReportSymbol(reviewId, r.documentSymbol);
      else if (!missing.has(key)) missing.set(key, { stateId, cycle: r.cycle, session: r.session, name: r.stateUnderReview.name, symbol: reportSymbol(r.documentSymbol) });
    }
    if (missing.size === 0) return;

    // Every review stored before the import is in reviewIds (load); the missing ones are created.
    const toCreate = [...missing.values()];
    const created = await this.trx
      .insertInto("review")
      .values(toCreate.map((m) => ({ state_id: m.stateId, cycle: m.cycle, session: m.session, report_symbol: m.symbol })))
      .onConflict((oc) => oc.columns(["state_id", "cycle"]).doNothing())
      .returning(["id", "state_id", "cycle"])
      .execute();
    for (const r of created) {
      this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
      this.createdReviewIds.push(r.id);
    }
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

  /** A review held without its report's symbol takes it from the file (undo empties it again). */
  private async fillReportSymbol(reviewId: number, documentSymbol: string | null): Promise<void> {
    const before = this.reviewsBefore.get(reviewId);
    const symbol = reportSymbol(documentSymbol);
    if (!before || before.symbol !== null || symbol === null || this.symbolsSet.has(reviewId)) return;
    this.symbolsSet.add(reviewId);
    await this.trx.updateTable("review").set({ report_symbol: symbol }).where("id", "=", reviewId).where("report_symbol", "is", null).execute();
  }

  /** Recommendations whose own source key is one of these. */
  private async lookUp(format: SourceFormat, keys: string[]): Promise<Map<string, ExistingRow>> {
    // One index lookup per key (LATERAL ... LIMIT 1 keeps the planner from choosing a scan of the
    // whole table, which it may do as the table grows inside the import's transaction).
    const { rows } = await sql<ExistingRow>`
      select r.* from unnest(${keys}::text[]) as k(source_key)
      cross join lateral (
        select ${ROW_COLUMNS} from recommendation r
        where r.source_format = ${format} and r.source_key = k.source_key
        limit 1
      ) r
    `.execute(this.trx);
    return new Map(rows.map((r) => [r.source_key, r]));
  }

  /** Source keys merged into a recommendation before: key -> recommendation id. */
  private async lookUpMerged(format: SourceFormat, keys: string[]): Promise<Map<string, number>> {
    const rows = await this.trx
      .selectFrom("recommendation_source")
      .select(["source_key", "recommendation_id"])
      .where("source_format", "=", format)
      .where("source_key", "in", keys)
      .execute();
    return new Map(rows.map((r) => [r.source_key, r.recommendation_id]));
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
    if (!this.deferTried && this.freshWritten >= Math.max(this.options.bulkThreshold, this.storedBefore)) {
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
    await sql`
      insert into import_change (import_id, recommendation_id, action)
      select ${this.importId}::integer, unnest(${inserted.map((r) => r.id)}::int[]), 'inserted'
    `.execute(this.trx);
  }

  /** Keeps each row as it was before this import first changed it. */
  private async recordBefore(rows: ExistingRow[]): Promise<void> {
    const first = rows.filter((r) => !this.changedIds.has(r.id));
    if (first.length === 0) return;
    for (const r of first) this.changedIds.add(r.id);
    await sql`
      insert into import_change (import_id, recommendation_id, action, before)
      select ${this.importId}::integer, x.id, 'updated', x.before
      from jsonb_to_recordset(${json(first.map((r) => ({ id: r.id, before: beforeOf(r) })))}) as x(id integer, before jsonb)
      on conflict do nothing
    `.execute(this.trx);
  }

  private async update(changed: { p: Prepared; before: ExistingRow }[]): Promise<void> {
    if (changed.length === 0) return;
    await this.recordBefore(changed.map((c) => c.before));
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
    for (const { p, before } of changed) await this.audit("recommendation.updated", before, recommendationColumns(p), p);
  }

  /** Enriches held recommendations with what rows of another source add, and remembers those rows' keys. */
  private async merge(merges: { p: Prepared; target: ExistingRow; after: HeldValues }[]): Promise<void> {
    if (merges.length === 0) return;
    const before = new Map<number, ExistingRow>();
    for (const m of merges) if (!before.has(m.target.id)) before.set(m.target.id, await this.fetchBefore(m.target.id));
    await this.recordBefore([...before.values()]);
    // The last plan for each recommendation holds what every row of this batch added.
    const last = new Map<number, HeldValues>();
    for (const m of merges) last.set(m.target.id, m.after);
    const changedRows = [...last].filter(([id, after]) => {
      const b = before.get(id)!;
      return b.paragraph !== after.paragraph || b.response !== after.response || b.action_category !== after.actionCategory || !sameList(b.themes, after.themes);
    });
    if (changedRows.length > 0) {
      await sql`
        update recommendation r set paragraph = x.paragraph, response = x.response, action_category = x.action_category, themes = x.themes, updated_at = now()
        from jsonb_to_recordset(${json(changedRows.map(([id, a]) => ({ id, paragraph: a.paragraph, response: a.response, action_category: a.actionCategory, themes: a.themes })))})
          as x(id integer, paragraph text, response text, action_category smallint, themes text[])
        where r.id = x.id
      `.execute(this.trx);
    }
    await this.linkIssues(merges.flatMap(({ p, target }) => p.issueIds.map((i): [number, number] => [target.id, i])));
    await sql`
      insert into recommendation_source (recommendation_id, source_format, source_key, import_id)
      select x.id, x.format, x.key, ${this.importId}::integer
      from jsonb_to_recordset(${json(merges.map(({ p, target }) => ({ id: target.id, format: p.record.sourceFormat, key: p.record.sourceKey })))}) as x(id integer, format text, key text)
      on conflict (source_format, source_key) do nothing
    `.execute(this.trx);
    for (const [id, after] of changedRows) {
      const b = before.get(id)!;
      await writeAudit(this.trx, {
        userId: this.options.userId,
        action: "recommendation.enriched",
        entity: "recommendation",
        entityId: id,
        before: { paragraph: b.paragraph, response: b.response, actionCategory: b.action_category, themes: b.themes },
        after: { paragraph: after.paragraph, response: after.response, actionCategory: after.actionCategory, themes: after.themes, file: this.summary.fileName },
      });
    }
  }

  /** The row as stored now (this import's earlier batches included), for import_change and the audit log. */
  private async fetchBefore(id: number): Promise<ExistingRow> {
    return this.fetchRow(id);
  }

  private async audit(action: string, before: ExistingRow, after: ReturnType<typeof recommendationColumns>, p: Prepared): Promise<void> {
    const names = (ids: number[]) => ids.map((id) => this.issueSlugById.get(id)!).sort();
    await writeAudit(this.trx, {
      userId: this.options.userId,
      action,
      entity: "recommendation",
      entityId: before.id,
      before: { reviewId: before.review_id, paragraph: before.paragraph, text: before.text, response: before.response, actionCategory: before.action_category, themes: before.themes, kind: before.kind, recommendingStateIds: before.state_ids, issues: names(before.issue_ids) },
      after: {
        reviewId: after.review_id,
        paragraph: after.paragraph,
        text: after.text,
        response: after.response,
        actionCategory: after.action_category,
        themes: after.themes,
        kind: after.kind,
        recommendingStateIds: p.stateIds,
        issues: [...new Set([...names(before.issue_ids), ...names(p.issueIds)])].sort(),
      },
    });
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
      select x.r, x.i, ${this.options.userId}::integer from unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::int[]) as x(r, i)
      on conflict do nothing
    `.execute(this.trx);
  }
}

/**
 * The same source row imported again never erases what is held: an empty cell (no themes, no action
 * category, a pending response) keeps the held value, and themes are added to those held (another
 * source may have added some). Changes the record in place.
 */
function keepHeldValues(p: Prepared, row: ExistingRow): void {
  const r = p.record;
  const themes = [...row.themes];
  for (const theme of r.themes) if (!themes.includes(theme)) themes.push(theme);
  p.record = {
    ...r,
    themes,
    actionCategory: r.actionCategory ?? (row.action_category as ImportRecord["actionCategory"]),
    response: r.response === "pending" ? (row.response as ImportRecord["response"]) : r.response,
    paragraph: r.paragraph ?? row.paragraph,
  };
}

/** The Working Group report's symbol from a row's document symbol (a matrix cites the addendum: ".../Add.1"). */
export function reportSymbol(documentSymbol: string | null): string | null {
  if (!documentSymbol) return null;
  const symbol = documentSymbol.trim().replace(/\/Add\.\d+$/i, "");
  return /^A\/HRC\/\d+\/\d+$/.test(symbol) ? symbol : null;
}
