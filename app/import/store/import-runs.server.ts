// The imports that were committed (import_run), and undoing one: what it inserted is removed, what it
// changed is put back as it was before (import_change.before), the other sources' keys it added are
// forgotten, and the reviews and states it created are removed when nothing else uses them. All in
// one transaction, audited. Recommendations it inserted that have assessments since are listed and
// kept, unless the admin confirms that they go too (with their assessments, kept in the audit log).
// The undo locks the recommendations it may remove before it looks at their assessments, so that it
// and a save of an assessment take turns (assessments.server.ts): a save that came first is seen (its
// recommendation is then kept as assessed), a save that comes second finds the recommendation gone.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/schema";
import { writeAudit } from "../../models/audit.server";
import type { RowBefore } from "./import-writer.server";

export interface ImportRunSummary {
  id: number;
  at: Date;
  fileName: string | null;
  format: string;
  by: string | null;
  counts: {
    rows?: number;
    inserted?: number;
    updated?: number;
    merged?: number;
    unchanged?: number;
    uncertain?: number;
    conflicts?: number;
  };
  undoneAt: Date | null;
  undoneBy: string | null;
}

/** The latest committed imports, newest first (or the one with that id). */
export async function listImportRuns(
  db: Kysely<Database>,
  options: { limit?: number; id?: number } = {},
): Promise<ImportRunSummary[]> {
  let query = db
    .selectFrom("import_run as r")
    .leftJoin("app_user as u", "u.id", "r.user_id")
    .leftJoin("app_user as v", "v.id", "r.undone_by")
    .select([
      "r.id",
      "r.at",
      "r.file_name",
      "r.format",
      "r.counts",
      "r.undone_at",
      "u.email as by",
      "v.email as undone_by",
    ])
    .orderBy("r.id", "desc")
    .limit(options.limit ?? 100);
  if (options.id !== undefined) query = query.where("r.id", "=", options.id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    fileName: r.file_name,
    format: r.format,
    by: r.by,
    counts: (r.counts ?? {}) as ImportRunSummary["counts"],
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
  }));
}

export interface AssessedRecommendation {
  id: number;
  paragraph: string | null;
  text: string;
  assessments: number;
}

export interface UndoPlan {
  run: ImportRunSummary;
  inserted: number;
  updated: number;
  /** Inserted recommendations that have assessments since: kept unless the admin confirms. */
  assessed: AssessedRecommendation[];
  /** A later import changed some of the same recommendations: undo that one first. */
  blockedBy: number | null;
}

export type UndoResult =
  | { kind: "not-found" }
  | { kind: "already-undone"; at: Date }
  | { kind: "blocked"; by: number }
  | { kind: "undone"; removed: number; restored: number; kept: number; assessmentsRemoved: number };

async function planFor(db: Kysely<Database>, id: number): Promise<UndoPlan | null> {
  const run = (await listImportRuns(db, { id }))[0];
  if (!run) return null;
  const changes = await db
    .selectFrom("import_change")
    .select(["action", sql<number>`count(*)::int`.as("n")])
    .where("import_id", "=", id)
    .groupBy("action")
    .execute();
  const count = (action: string) => changes.find((c) => c.action === action)?.n ?? 0;
  const { rows: assessed } = await sql<AssessedRecommendation>`
    select r.id, r.paragraph, r.text, count(a.id)::int as assessments
    from import_change c join recommendation r on r.id = c.recommendation_id join assessment a on a.recommendation_id = r.id
    where c.import_id = ${id} and c.action = 'inserted'
    group by r.id order by r.id
  `.execute(db);
  const later = await sql<{ id: number }>`
    select min(c2.import_id) as id from import_change c
    join import_change c2 on c2.recommendation_id = c.recommendation_id and c2.import_id > c.import_id
    join import_run r2 on r2.id = c2.import_id and r2.undone_at is null
    where c.import_id = ${id}
  `.execute(db);
  return {
    run,
    inserted: count("inserted"),
    updated: count("updated"),
    assessed,
    blockedBy: later.rows[0]?.id ?? null,
  };
}

/** What undoing an import would do, for the admin to confirm. */
export function planUndo(db: Kysely<Database>, id: number): Promise<UndoPlan | null> {
  return planFor(db, id);
}

export async function undoImport(
  db: Kysely<Database>,
  id: number,
  userId: number | null,
  options: { removeAssessed?: boolean } = {},
): Promise<UndoResult> {
  return db.transaction().execute(async (trx) => {
    // Imports and undos take turns (the same lock as importing).
    await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
    const run = await trx.selectFrom("import_run").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!run) return { kind: "not-found" } as const;
    if (run.undone_at) return { kind: "already-undone", at: run.undone_at } as const;
    // The recommendations it inserted, locked in id order: saves of assessments on them finish first,
    // later ones wait for this undo. The plan below then sees every assessment saved before.
    await sql`
      select r.id from recommendation r join import_change c on c.recommendation_id = r.id
      where c.import_id = ${id} and c.action = 'inserted'
      order by r.id for update of r
    `.execute(trx);
    const plan = (await planFor(trx, id))!;
    if (plan.blockedBy !== null) return { kind: "blocked", by: plan.blockedBy } as const;

    const keep = options.removeAssessed ? [] : plan.assessed.map((a) => a.id);
    let assessmentsRemoved = 0;
    if (options.removeAssessed && plan.assessed.length > 0) {
      const ids = plan.assessed.map((a) => a.id);
      const removed = await trx.deleteFrom("assessment").where("recommendation_id", "in", ids).returningAll().execute();
      assessmentsRemoved = removed.length;
      for (const a of removed) {
        await writeAudit(trx, {
          userId,
          action: "assessment.deleted",
          entity: "assessment",
          entityId: a.id,
          before: a,
          after: { reason: `undo of import #${id}` },
        });
      }
    }

    // 1. What it inserted.
    const inserted = await sql<{ id: number }>`
      delete from recommendation r using import_change c
      where c.import_id = ${id} and c.action = 'inserted' and r.id = c.recommendation_id
        and not (r.id = any(${keep}::int[]))
      returning r.id
    `.execute(trx);

    // 2. What it changed, as it was before.
    const changed = await trx
      .selectFrom("import_change")
      .select(["recommendation_id", "before"])
      .where("import_id", "=", id)
      .where("action", "=", "updated")
      .execute();
    for (const c of changed) {
      const before = c.before as RowBefore;
      await sql`
        update recommendation set review_id = ${before.review_id}, paragraph = ${before.paragraph}, text = ${before.text}, response = ${before.response},
          action_category = ${before.action_category}, themes = ${before.themes}::text[],
          -- An import recorded before these columns existed kept no SDGs or affected persons: those held stay.
          sdgs = coalesce(${before.sdgs ?? null}::text[], sdgs), affected_persons = coalesce(${before.affected_persons ?? null}::text[], affected_persons),
          kind = ${before.kind}, updated_at = cast(${before.updated_at}::text as timestamptz)
        where id = ${c.recommendation_id}
      `.execute(trx);
      const states = await trx
        .selectFrom("recommendation_recommending_state")
        .select("state_id")
        .where("recommendation_id", "=", c.recommendation_id)
        .orderBy("state_id")
        .execute();
      if (states.map((s) => s.state_id).join() !== before.state_ids.join()) {
        await trx
          .deleteFrom("recommendation_recommending_state")
          .where("recommendation_id", "=", c.recommendation_id)
          .execute();
        if (before.state_ids.length > 0) {
          await trx
            .insertInto("recommendation_recommending_state")
            .values(before.state_ids.map((s) => ({ recommendation_id: c.recommendation_id, state_id: s })))
            .execute();
        }
      }
      // Links to coalition issues that the import's own transaction made (created_at is its start).
      await trx
        .deleteFrom("recommendation_issue")
        .where("recommendation_id", "=", c.recommendation_id)
        .where("created_at", "=", run.at)
        .where((eb) => (before.issue_ids.length > 0 ? eb("issue_id", "not in", before.issue_ids) : eb.val(true)))
        .execute();
    }

    // 3. The other sources' keys it merged, the texts in other languages it added, the review symbols and
    // state groups it filled in.
    await trx.deleteFrom("recommendation_source").where("import_id", "=", id).execute();
    await trx.deleteFrom("recommendation_text").where("import_id", "=", id).execute();
    const counts = (run.counts ?? {}) as { reviewSymbolsSet?: number[]; stateGroupsFilled?: number[] };
    if (counts.reviewSymbolsSet?.length)
      await trx.updateTable("review").set({ report_symbol: null }).where("id", "in", counts.reviewSymbolsSet).execute();
    if (counts.stateGroupsFilled?.length)
      await trx
        .updateTable("state")
        .set({ regional_group: null })
        .where("id", "in", counts.stateGroupsFilled)
        .execute();

    // 4. The reviews and states it created, where nothing else uses them now.
    if (run.created_review_ids.length > 0) {
      await sql`
        delete from review v where v.id = any(${run.created_review_ids}::int[])
          and not exists (select 1 from recommendation r where r.review_id = v.id)
      `.execute(trx);
    }
    if (run.created_state_ids.length > 0) {
      await sql`
        delete from state s where s.id = any(${run.created_state_ids}::int[])
          and not exists (select 1 from review v where v.state_id = s.id)
          and not exists (select 1 from recommendation_recommending_state rs where rs.state_id = s.id)
      `.execute(trx);
    }

    await trx
      .updateTable("import_run")
      .set({ undone_at: sql`now()`, undone_by: userId })
      .where("id", "=", id)
      .execute();
    const result = { removed: inserted.rows.length, restored: changed.length, kept: keep.length, assessmentsRemoved };
    await writeAudit(trx, {
      userId,
      action: "import.undone",
      entity: "import_run",
      entityId: id,
      before: { file: run.file_name, format: run.format, counts: run.counts },
      after: result,
    });
    return { kind: "undone", ...result } as const;
  });
}
