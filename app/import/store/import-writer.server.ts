// Writing the batches of one import inside its transaction (import.server.ts holds the transaction
// and the summary). Each record is (1) a source row imported before (its own key, or one merged into
// a recommendation, in recommendation_source): unchanged or changed in place; (2) a row of another
// source for a recommendation held for its review (readers/match.ts: by paragraph, else state and
// text): merged into it (readers/merge.ts), or waiting for the user while uncertain; (3) new.
// A real import records in import_change what it inserted and each row as it was before it changed
// it (import-runs.server.ts undoes it). A dry run reads and matches alike but writes no recommendation.
import { type Kysely, sql } from "kysely";
import type { Database, SourceFormat } from "../../../db/schema";
import { columnOf, DbRecord, type RecordField, themesProblem } from "../readers/record-checks";
import { ReviewMatcher } from "../readers/match";
import { planMerge, type HeldValues, type MergeConflict } from "../readers/merge";
import type { DetectedInput, ImportProblem, ImportRecord } from "../readers/types";
import { writeAuditMany } from "../../models/audit.server";
import { countOutcome, type ImportSummary, type RecordOutcome } from "../readers/summary";
import { detectTextLanguage } from "../readers/text-language";
import { ImportPlaces } from "./import-places.server";
import {
  beforeOf,
  differs,
  dropSearchIndexes,
  fetchRows,
  json,
  keepHeldValues,
  linkIssues,
  linkStates,
  lookUp,
  lookUpMerged,
  recommendationAudit,
  recommendationColumns,
  ROW_COLUMNS,
  sameList,
  sortedUnique,
  type ExistingRow,
  type Prepared,
  type RowBefore,
} from "./import-rows.server";

export type { RowBefore };

const MAX_LISTED = 500;

export interface WriterOptions {
  userId: number | null;
  previewRows: number;
  bulkThreshold: number;
  /** Where a merged row's value differs from the held one: take the file's (default: keep the held one). */
  preferFile: boolean;
  /** The user's answers for uncertain matches, by row: a recommendation id, or "new". Others are left out. */
  uncertainChoices: ReadonlyMap<number, number | "new">;
  /** The language of the file's texts; null: detected from the first batch (ImportRunOptions.textLanguage). */
  textLanguage: string | null;
  dryRun: boolean;
}

/** Writes batches inside the import's transaction, caching state, review and issue ids. */
export class BatchWriter {
  /** The import's states and reviews. */
  readonly places: ImportPlaces;
  /** The import_run row of a real import (null in a dry run). */
  importId: number | null = null;
  private issueIdBySlug = new Map<string, number>();
  private issueSlugById = new Map<number, string>();
  /** Per review stored before the import: its recommendations (as they are now in this import) and a matcher. */
  private readonly held = new Map<number, { rows: Map<number, ExistingRow>; matcher: ReviewMatcher }>();
  /** Every held recommendation read by this import, as it is now in the import (merges change it)... */
  private readonly rowsById = new Map<number, ExistingRow>();
  /** ...and as it was stored before this import changed it. */
  private readonly originals = new Map<number, ExistingRow>();
  /** Recommendations this import changed, so that import_change keeps each one's first "before" only. */
  private readonly changedIds = new Set<number>();

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly summary: ImportSummary,
    private readonly options: WriterOptions,
    private readonly rejectRecord: (problems: ImportProblem[]) => void,
  ) {
    this.places = new ImportPlaces(trx, summary);
  }

  get detected(): DetectedInput | null {
    return this.places.detected;
  }
  set detected(detected: DetectedInput | null) {
    this.places.detected = detected;
  }

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
    await this.places.load();
    const { n } = await this.trx
      .selectFrom("recommendation")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    this.storedBefore = Number(n);
  }

  /** At the end of an import that will commit: builds the search indexes dropped for a bulk import again. */
  async finish(): Promise<void> {
    if (!this.deferredIndexes) return;
    for (const definition of this.deferredIndexes) await sql.raw(definition).execute(this.trx);
    this.deferredIndexes = null;
  }

  /** The language of the file's texts, known from the first batch on. */
  private language: string | null = null;

  async write(batch: ImportRecord[]): Promise<void> {
    const records = this.check(batch);
    if (records.length === 0) return;
    if (this.language === null) {
      const detected = this.options.textLanguage === null ? detectTextLanguage(records.map((r) => r.text)) : null;
      this.language = this.options.textLanguage ?? detected ?? "en";
      this.summary.textLanguage = this.language;
      this.summary.textLanguageDetected = detected !== null;
    }
    const language = this.language;
    await this.places.ensure(records);
    const prepared: Prepared[] = records.map((record) => ({
      record,
      reviewId: this.places.reviewId(record),
      stateIds: sortedUnique(record.recommendingStates.map((s) => this.places.stateId(s))),
      issueIds: sortedUnique(record.issues.map((slug) => this.issueIdBySlug.get(slug)!)),
    }));

    const format = records[0].sourceFormat;
    const keys = records.map((r) => r.sourceKey);
    const existing = await lookUp(this.trx, format, keys);
    const merged = await lookUpMerged(this.trx, format, keys);
    await this.remember(
      await fetchRows(
        this.trx,
        [...new Set(merged.values())].filter((id) => !this.rowsById.has(id)),
      ),
    );
    await this.loadHeld(
      format,
      prepared
        .filter((p) => !existing.has(p.record.sourceKey) && !merged.has(p.record.sourceKey))
        .map((p) => p.reviewId),
    );

    const fresh: Prepared[] = [];
    const changed: { p: Prepared; before: ExistingRow }[] = [];
    const merges: { p: Prepared; target: ExistingRow; after: HeldValues }[] = [];
    /** Rows of held recommendations whose text is in another language: their text, to add beside it. */
    const texts: { p: Prepared; id: number; at: number }[] = [];
    const shown: Prepared[] = [];
    const outcomes: (RecordOutcome | null)[] = [];
    /** Themes added to those held must still fit the database (record-checks.ts); else the row is rejected. */
    const themesFit = (p: Prepared, held: ExistingRow, themes: string[]) => {
      const problem = themesProblem(
        themes,
        `Added to the themes recommendation #${held.id} holds already, this row would give it`,
      );
      if (problem)
        this.rejectRecord([{ row: p.record.row, column: columnOf(this.detected, "themes"), message: problem }]);
      return problem === null;
    };
    for (const p of prepared) {
      const row = existing.get(p.record.sourceKey);
      let outcome: RecordOutcome;
      if (row && row.text_language !== language) {
        texts.push({ p, id: row.id, at: outcomes.length });
        outcome = "translated";
      } else if (row) {
        keepHeldValues(p, row);
        if (!themesFit(p, row, p.record.themes)) continue;
        if (differs(p, row)) {
          changed.push({ p, before: row });
          outcome = "changed";
        } else outcome = "unchanged";
      } else {
        const targetId = merged.get(p.record.sourceKey) ?? this.matchHeld(p);
        if (targetId === "skip") outcome = "uncertain";
        else if (targetId === null) {
          fresh.push(p);
          outcome = "new";
        } else if (this.rowsById.get(targetId)!.text_language !== language) {
          texts.push({ p, id: targetId, at: outcomes.length });
          outcome = "translated";
        } else {
          const target = this.rowsById.get(targetId)!;
          const plan = planMerge(
            {
              paragraph: target.paragraph,
              response: target.response as HeldValues["response"],
              actionCategory: target.action_category,
              themes: target.themes,
              sdgs: target.sdgs,
              affectedPersons: target.affected_persons,
            },
            p.record,
            this.options.preferFile,
          );
          if (!themesFit(p, target, plan.after.themes)) continue;
          for (const c of plan.conflicts) this.conflict(p, target, c);
          const newIssues = p.issueIds.some((id) => !target.issue_ids.includes(id));
          const known = merged.has(p.record.sourceKey);
          if (plan.changed || newIssues || !known) merges.push({ p, target, after: plan.after });
          outcome = plan.changed || newIssues || !known ? "merged" : "unchanged";
          // Later rows of this import merging into the same recommendation see what this one added.
          Object.assign(target, {
            paragraph: plan.after.paragraph,
            response: plan.after.response,
            action_category: plan.after.actionCategory,
            themes: plan.after.themes,
            sdgs: plan.after.sdgs,
            affected_persons: plan.after.affectedPersons,
          });
        }
      }
      shown.push(p);
      outcomes.push(outcome);
      if (outcome !== "translated") countOutcome(this.summary, p.record.kind, outcome);
    }
    for (const { p, at, outcome } of await this.addTexts(texts, language)) {
      outcomes[at] = outcome;
      countOutcome(this.summary, p.record.kind, outcome);
    }
    if (!this.options.dryRun) {
      await this.insert(fresh, language);
      await this.update(changed);
      await this.merge(merges);
    }
    this.addPreview(shown, outcomes);
  }

  /**
   * Texts in the file's language for held recommendations whose text is in another: added beside it where the
   * recommendation holds none in that language ("translated"); the same text again is "unchanged"; another
   * text than the one held in that language is a conflict, kept as held unless preferFile.
   */
  private async addTexts(
    texts: { p: Prepared; id: number; at: number }[],
    language: string,
  ): Promise<{ p: Prepared; at: number; outcome: "translated" | "unchanged" }[]> {
    if (texts.length === 0) return [];
    const held = new Map(
      (
        await this.trx
          .selectFrom("recommendation_text")
          .select(["recommendation_id", "text"])
          .where("language", "=", language)
          .where(
            "recommendation_id",
            "in",
            texts.map((t) => t.id),
          )
          .execute()
      ).map((r) => [r.recommendation_id, r.text]),
    );
    const results: { p: Prepared; at: number; outcome: "translated" | "unchanged" }[] = [];
    const written = new Map<number, string>();
    for (const t of texts) {
      const before = written.get(t.id) ?? held.get(t.id);
      const text = t.p.record.text;
      if (before === text) {
        results.push({ p: t.p, at: t.at, outcome: "unchanged" });
        continue;
      }
      if (before !== undefined) {
        this.summary.textConflictCount++;
        const kept = this.options.preferFile ? "file" : "held";
        if (this.summary.textConflicts.length < MAX_LISTED)
          this.summary.textConflicts.push({
            row: t.p.record.row,
            recommendationId: t.id,
            language,
            held: before,
            file: text,
            kept,
          });
        if (kept === "held") {
          results.push({ p: t.p, at: t.at, outcome: "unchanged" });
          continue;
        }
      }
      written.set(t.id, text);
      results.push({ p: t.p, at: t.at, outcome: "translated" });
    }
    if (!this.options.dryRun && written.size > 0) {
      const ids = [...written.keys()];
      await sql`
        insert into recommendation_text (recommendation_id, language, text, import_id)
        select x.id, ${language}, x.text, ${this.importId}::integer
        from unnest(${ids}::int[], ${ids.map((id) => written.get(id)!)}::text[]) as x(id, text)
        on conflict (recommendation_id, language) do update set text = excluded.text, import_id = excluded.import_id,
          updated_at = now()
      `.execute(this.trx);
    }
    return results;
  }

  private addPreview(prepared: Prepared[], outcomes: (RecordOutcome | null)[]): void {
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
        sdgs: r.sdgs,
        affectedPersons: r.affectedPersons,
        issues: r.issues,
        kind: r.kind,
        outcome: outcomes[i]!,
      });
    }
  }

  private conflict(p: Prepared, target: ExistingRow, c: MergeConflict): void {
    this.summary.conflictCount++;
    if (this.summary.conflicts.length >= MAX_LISTED) return;
    this.summary.conflicts.push({
      row: p.record.row,
      recommendationId: target.id,
      paragraph: target.paragraph,
      field: c.field,
      held: c.held,
      file: c.file,
      kept: this.options.preferFile ? "file" : "held",
    });
  }

  /** The held recommendation this record is a row of: its id, null for none, "skip" while uncertain. */
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

  /** Keeps rows read for matching or merging, and a copy of each as stored. */
  private async remember(rows: ExistingRow[]): Promise<void> {
    for (const r of rows) {
      if (this.rowsById.has(r.id)) continue;
      this.rowsById.set(r.id, r);
      this.originals.set(r.id, {
        ...r,
        themes: [...r.themes],
        sdgs: [...r.sdgs],
        affected_persons: [...r.affected_persons],
        state_ids: [...r.state_ids],
        issue_ids: [...r.issue_ids],
      });
    }
  }

  /**
   * Loads the recommendations of reviews stored before the import (once per review) to match rows
   * against: those of other sources (rows of the file's own source are found by their keys; a row of it
   * with a new key is a new row of that source, as identical rows of one file are distinct).
   */
  private async loadHeld(format: SourceFormat, reviewIds: number[]): Promise<void> {
    const wanted = [...new Set(reviewIds)].filter((id) => !this.held.has(id) && this.places.existedBefore(id));
    if (wanted.length === 0) return;
    const { rows } = await sql<ExistingRow>`
      select ${ROW_COLUMNS} from recommendation r
      where r.review_id in (select unnest(${wanted}::int[])) and r.kind = 'recommendation' and r.source_format <> ${format}
      order by r.id
    `.execute(this.trx);
    await this.remember(rows);
    for (const reviewId of wanted) {
      const mine = rows.filter((r) => r.review_id === reviewId).map((r) => this.rowsById.get(r.id)!);
      this.held.set(reviewId, {
        rows: new Map(mine.map((r) => [r.id, r])),
        matcher: new ReviewMatcher(
          mine.map((r) => ({ id: r.id, paragraph: r.paragraph, text: r.text, stateIds: r.state_ids })),
        ),
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
          problems.push({
            row: record.row,
            column: columnOf(this.detected, issue.path[0] as RecordField),
            message: issue.message,
          });
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
            (known.length
              ? `the issues are ${known.join(", ")} (add a new one on the Coalition issues page first).`
              : "there are no coalition issues yet."),
        });
      }
      if (problems.length > 0) this.rejectRecord(problems);
      else ok.push(record);
    }
    return ok;
  }

  /** Recommendations whose own source key is one of these. */

  private async insert(fresh: Prepared[], language: string): Promise<void> {
    if (fresh.length === 0) return;
    this.freshWritten += fresh.length;
    if (!this.deferTried && this.freshWritten >= Math.max(this.options.bulkThreshold, this.storedBefore)) {
      this.deferTried = true;
      this.deferredIndexes = await dropSearchIndexes(this.trx);
    }
    const rows = fresh.map((p) => ({
      ...recommendationColumns(p),
      source_format: p.record.sourceFormat,
      source_key: p.record.sourceKey,
    }));
    const { rows: inserted } = await sql<{ id: number; source_key: string }>`
      insert into recommendation (review_id, paragraph, text, response, action_category, themes, sdgs, affected_persons,
        kind, source_format, source_key, text_language)
      select review_id, paragraph, text, response, action_category, themes, sdgs, affected_persons, kind, source_format,
        source_key, ${language}
      from jsonb_to_recordset(${json(rows)}) as x(review_id integer, paragraph text, text text, response text,
        action_category smallint, themes text[], sdgs text[], affected_persons text[], kind text, source_format text, source_key text)
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
    await linkStates(this.trx, recommendationIds, stateIds);
    if (fresh.some((p) => p.issueIds.length > 0)) {
      await linkIssues(
        this.trx,
        this.options.userId,
        fresh.flatMap((p) => p.issueIds.map((i): [number, number] => [idByKey.get(p.record.sourceKey)!, i])),
      );
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
        action_category = x.action_category, themes = x.themes, sdgs = x.sdgs, affected_persons = x.affected_persons,
        kind = x.kind, updated_at = now()
      from jsonb_to_recordset(${json(
        changed.map(({ p, before }) => ({ id: before.id, ...recommendationColumns(p) })),
      )}) as x(id integer, review_id integer, paragraph text, text text, response text, action_category smallint, themes text[],
        sdgs text[], affected_persons text[], kind text)
      where r.id = x.id
    `.execute(this.trx);

    const statesChanged = changed.filter(({ p, before }) => !sameList(before.state_ids, p.stateIds));
    if (statesChanged.length > 0) {
      await this.trx
        .deleteFrom("recommendation_recommending_state")
        .where(
          "recommendation_id",
          "in",
          statesChanged.map(({ before }) => before.id),
        )
        .execute();
      const pairs = statesChanged.flatMap(({ p, before }) => p.stateIds.map((s) => [before.id, s]));
      await linkStates(
        this.trx,
        pairs.map((x) => x[0]),
        pairs.map((x) => x[1]),
      );
    }
    await linkIssues(
      this.trx,
      this.options.userId,
      changed.flatMap(({ p, before }) => p.issueIds.map((i): [number, number] => [before.id, i])),
    );
    await writeAuditMany(
      this.trx,
      changed.map(({ p, before }) =>
        recommendationAudit(
          this.options.userId,
          (id) => this.issueSlugById.get(id)!,
          "recommendation.updated",
          before,
          recommendationColumns(p),
          p,
        ),
      ),
    );
  }

  /** Enriches held recommendations with what rows of another source add, and remembers those rows' keys. */
  private async merge(merges: { p: Prepared; target: ExistingRow; after: HeldValues }[]): Promise<void> {
    if (merges.length === 0) return;
    const before = new Map<number, ExistingRow>();
    for (const m of merges) if (!before.has(m.target.id)) before.set(m.target.id, this.originals.get(m.target.id)!);
    await this.recordBefore([...before.values()]);
    // The last plan for each recommendation holds what every row of this batch added.
    const last = new Map<number, HeldValues>();
    for (const m of merges) last.set(m.target.id, m.after);
    const changedRows = [...last].filter(([id, after]) => {
      const b = before.get(id)!;
      return (
        b.paragraph !== after.paragraph ||
        b.response !== after.response ||
        b.action_category !== after.actionCategory ||
        !sameList(b.themes, after.themes) ||
        !sameList(b.sdgs, after.sdgs) ||
        !sameList(b.affected_persons, after.affectedPersons)
      );
    });
    if (changedRows.length > 0) {
      await sql`
        update recommendation r set paragraph = x.paragraph, response = x.response, action_category = x.action_category, themes = x.themes,
          sdgs = x.sdgs, affected_persons = x.affected_persons, updated_at = now()
        from jsonb_to_recordset(${json(changedRows.map(([id, a]) => ({ id, paragraph: a.paragraph, response: a.response, action_category: a.actionCategory, themes: a.themes, sdgs: a.sdgs, affected_persons: a.affectedPersons })))})
          as x(id integer, paragraph text, response text, action_category smallint, themes text[], sdgs text[], affected_persons text[])
        where r.id = x.id
      `.execute(this.trx);
    }
    await linkIssues(
      this.trx,
      this.options.userId,
      merges.flatMap(({ p, target }) => p.issueIds.map((i): [number, number] => [target.id, i])),
    );
    await sql`
      insert into recommendation_source (recommendation_id, source_format, source_key, import_id)
      select x.id, x.format, x.key, ${this.importId}::integer
      from jsonb_to_recordset(${json(merges.map(({ p, target }) => ({ id: target.id, format: p.record.sourceFormat, key: p.record.sourceKey })))}) as x(id integer, format text, key text)
      on conflict (source_format, source_key) do nothing
    `.execute(this.trx);
    await writeAuditMany(
      this.trx,
      changedRows.map(([id, after]) => {
        const b = before.get(id)!;
        return {
          userId: this.options.userId,
          action: "recommendation.enriched",
          entity: "recommendation",
          entityId: id,
          before: {
            paragraph: b.paragraph,
            response: b.response,
            actionCategory: b.action_category,
            themes: b.themes,
            sdgs: b.sdgs,
            affectedPersons: b.affected_persons,
          },
          after: {
            paragraph: after.paragraph,
            response: after.response,
            actionCategory: after.actionCategory,
            themes: after.themes,
            sdgs: after.sdgs,
            affectedPersons: after.affectedPersons,
            file: this.summary.fileName,
          },
        };
      }),
    );
  }
}
