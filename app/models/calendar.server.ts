// The UPR calendar's data: every state under review with its held reviews and the milestone dates
// editors recorded (app/lib/upr-calendar.ts computes the rest), and recording or clearing such a date.
import { type Kysely, sql } from "kysely";
import type { Database, MilestoneKind } from "../../db/schema";
import type { CalendarState } from "../lib/upr-calendar";
import type { Actor } from "./assessments.server";
import { writeAudit } from "./audit.server";

/** The states under review with at least one held review (or only the one of that ISO code), by name. */
export async function listCalendarStates(db: Kysely<Database>, iso3?: string): Promise<CalendarState[]> {
  let q = db
    .selectFrom("review as r")
    .innerJoin("state as s", "s.id", "r.state_id")
    .select(["s.id as stateId", "s.name", "s.iso3", "r.cycle", "r.review_date", "r.adoption_date"]);
  if (iso3) q = q.where("s.iso3", "=", iso3.toUpperCase());
  const reviews = await q.orderBy("s.name").orderBy("r.cycle").execute();
  if (!reviews.length) return [];
  const stateIds = [...new Set(reviews.map((r) => r.stateId))];
  const recorded = await db
    .selectFrom("review_milestone")
    .select(["state_id", "cycle", "kind", "date"])
    .where("state_id", "in", stateIds)
    .execute();
  const states = new Map<number, CalendarState>();
  for (const r of reviews) {
    const state = states.get(r.stateId) ?? { iso3: r.iso3, name: r.name, reviews: [], recorded: [] };
    state.reviews.push({ cycle: r.cycle, reviewDate: r.review_date, adoptionDate: r.adoption_date });
    states.set(r.stateId, state);
  }
  for (const m of recorded) states.get(m.state_id)?.recorded.push({ cycle: m.cycle, kind: m.kind, date: m.date });
  return [...states.values()];
}

export type RecordMilestoneResult = { ok: true; changed: boolean } | { ok: false; kind: "not_found" };

/** Records the real date of a milestone (or clears it with null, so the rules apply again). Audited. */
export async function recordMilestone(
  db: Kysely<Database>,
  actor: Actor,
  input: { iso3: string; cycle: number; kind: MilestoneKind; date: string | null },
): Promise<RecordMilestoneResult> {
  return db.transaction().execute(async (trx) => {
    const state = await trx
      .selectFrom("state")
      .select("id")
      .where("iso3", "=", input.iso3.toUpperCase())
      .executeTakeFirst();
    if (!state) return { ok: false, kind: "not_found" } as const;
    const before = await trx
      .selectFrom("review_milestone")
      .selectAll()
      .where("state_id", "=", state.id)
      .where("cycle", "=", input.cycle)
      .where("kind", "=", input.kind)
      .forUpdate()
      .executeTakeFirst();
    if ((before?.date ?? null) === input.date) return { ok: true, changed: false } as const;
    const after =
      input.date === null
        ? null
        : await trx
            .insertInto("review_milestone")
            .values({
              state_id: state.id,
              cycle: input.cycle,
              kind: input.kind,
              date: input.date,
              updated_by: actor.id,
            })
            .onConflict((oc) =>
              oc
                .columns(["state_id", "cycle", "kind"])
                .doUpdateSet({ date: input.date!, updated_by: actor.id, updated_at: sql<Date>`now()` }),
            )
            .returningAll()
            .executeTakeFirstOrThrow();
    if (input.date === null)
      await trx
        .deleteFrom("review_milestone")
        .where("state_id", "=", state.id)
        .where("cycle", "=", input.cycle)
        .where("kind", "=", input.kind)
        .execute();
    await writeAudit(trx, {
      userId: actor.id,
      action: input.date === null ? "review_milestone.cleared" : "review_milestone.recorded",
      entity: "review_milestone",
      entityId: `${state.id}:${input.cycle}:${input.kind}`,
      before: before ?? null,
      after,
    });
    return { ok: true, changed: true } as const;
  });
}
