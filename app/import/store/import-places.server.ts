// The states and reviews of one import: found, or created (and remembered for its undo), inside
// the import's transaction, with their ids cached for the whole import (small tables).
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { reportSymbol, type RecordField } from "../readers/record-checks";
import type { DetectedInput, ImportRecord, ImportState } from "../readers/types";
import type { ImportSummary } from "../readers/summary";
import { ensureStates, stateKey } from "../../models/states.server";
import { calendarReviewDates } from "../../lib/session-calendar";

export class ImportPlaces {
  detected: DetectedInput | null = null;
  private readonly stateIds = new Map<string, number>();
  private readonly reviewIds = new Map<string, number>(); // `${stateId}:${cycle}` -> id
  /** Reviews stored when the import began, with their report symbol. */
  private readonly reviewsBefore = new Map<number, { symbol: string | null }>();
  private readonly symbolsSet = new Set<number>();
  readonly createdStateIds: number[] = [];
  readonly createdReviewIds: number[] = [];
  /** States stored without a regional group that this import gave one (undo empties it again). */
  readonly groupsFilled: number[] = [];

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly summary: ImportSummary,
  ) {}

  async load(): Promise<void> {
    // States without a regional group are left to ensureStates, which fills the group in from the file.
    const states = await this.trx
      .selectFrom("state")
      .select(["id", "name", "iso3"])
      .where("regional_group", "is not", null)
      .execute();
    for (const s of states) this.stateIds.set(stateKey({ name: s.name, iso3: s.iso3, regionalGroup: null }), s.id);
    const reviews = await this.trx.selectFrom("review").select(["id", "state_id", "cycle", "report_symbol"]).execute();
    for (const r of reviews) {
      this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
      this.reviewsBefore.set(r.id, { symbol: r.report_symbol });
    }
  }

  /** Finds or creates the states and reviews of these records. */
  async ensure(records: ImportRecord[]): Promise<void> {
    await this.ensureStates(records);
    await this.ensureReviews(records);
  }

  stateId(state: ImportState): number {
    return this.stateIds.get(stateKey(state))!;
  }

  reviewId(record: ImportRecord): number {
    return this.reviewIds.get(`${this.stateId(record.stateUnderReview)}:${record.cycle}`)!;
  }

  /** Whether the review was stored when the import began (only such reviews hold recommendations to merge into). */
  existedBefore(reviewId: number): boolean {
    return this.reviewsBefore.has(reviewId);
  }

  /** Review ids whose report symbol this import filled in (undo empties them again). */
  get reviewSymbolsSet(): number[] {
    return [...this.symbolsSet];
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

    const ids = await ensureStates(
      this.trx,
      wanted.map((w) => w.state),
      (id) => this.groupsFilled.push(id),
    );
    for (const [key, id] of ids) this.stateIds.set(key, id);
    for (const w of wanted) {
      const created = !existingKeys.has(stateKey(w.state));
      if (created) {
        this.summary.statesCreated.push({ name: w.state.name, iso3: w.state.iso3 });
        this.createdStateIds.push(this.stateIds.get(stateKey(w.state))!);
      }
    }
  }

  private async ensureReviews(records: ImportRecord[]): Promise<void> {
    const missing = new Map<
      string,
      { stateId: number; iso3: string | null; cycle: number; session: number; name: string; symbol: string | null }
    >();
    for (const r of records) {
      const stateId = this.stateIds.get(stateKey(r.stateUnderReview))!;
      const key = `${stateId}:${r.cycle}`;
      const reviewId = this.reviewIds.get(key);
      if (reviewId !== undefined) await this.fillReportSymbol(reviewId, r.documentSymbol);
      else if (!missing.has(key))
        missing.set(key, {
          stateId,
          iso3: r.stateUnderReview.iso3,
          cycle: r.cycle,
          session: r.session,
          name: r.stateUnderReview.name,
          symbol: reportSymbol(r.documentSymbol),
        });
    }
    if (missing.size === 0) return;

    // Every review stored before the import is in reviewIds (load); the missing ones are created.
    const toCreate = [...missing.values()];
    const created = await this.trx
      .insertInto("review")
      .values(
        toCreate.map((m) => {
          // Dated by the session calendar: the day of the review where held, else the session's; adoption estimated.
          const dates = calendarReviewDates(m.iso3, m.cycle, m.session);
          return {
            state_id: m.stateId,
            cycle: m.cycle,
            session: m.session,
            report_symbol: m.symbol,
            review_date: dates?.reviewDate ?? null,
            review_date_estimated: dates?.reviewDateEstimated ?? false,
            adoption_date: dates?.adoptionDate ?? null,
            adoption_date_estimated: dates !== null,
          };
        }),
      )
      .onConflict((oc) => oc.columns(["state_id", "cycle"]).doNothing())
      .returning(["id", "state_id", "cycle"])
      .execute();
    for (const r of created) {
      this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
      this.createdReviewIds.push(r.id);
    }
    for (const m of toCreate) {
      if (this.reviewIds.has(`${m.stateId}:${m.cycle}`))
        this.summary.reviewsCreated.push({ state: m.name, cycle: m.cycle, session: m.session });
    }
    // Created meanwhile by someone else (another import that has committed since this one began).
    const others = toCreate.filter((m) => !this.reviewIds.has(`${m.stateId}:${m.cycle}`));
    if (others.length > 0) {
      const rows = await this.trx
        .selectFrom("review")
        .select(["id", "state_id", "cycle"])
        .where(
          "state_id",
          "in",
          others.map((m) => m.stateId),
        )
        .execute();
      for (const r of rows) this.reviewIds.set(`${r.state_id}:${r.cycle}`, r.id);
    }
  }

  /** A review held without its report's symbol takes it from the file (undo empties it again). */
  private async fillReportSymbol(reviewId: number, documentSymbol: string | null): Promise<void> {
    const before = this.reviewsBefore.get(reviewId);
    const symbol = reportSymbol(documentSymbol);
    if (!before || before.symbol !== null || symbol === null || this.symbolsSet.has(reviewId)) return;
    this.symbolsSet.add(reviewId);
    await this.trx
      .updateTable("review")
      .set({ report_symbol: symbol })
      .where("id", "=", reviewId)
      .where("report_symbol", "is", null)
      .execute();
  }
}
