import { type Kysely, sql } from "kysely";
import type { Database, RegionalGroup } from "../../db/schema";

export interface StateInput {
  name: string;
  iso3: string | null;
  regionalGroup: RegionalGroup | null;
}

/** How a state is known: its ISO code where it has one, else its name. */
export function stateKey(s: StateInput): string {
  return s.iso3 ?? `name:${s.name}`;
}

/**
 * Finds or creates each state and returns stateKey -> id. Existing states are never changed,
 * except that a missing regional group is filled in.
 */
export async function ensureStates(
  db: Kysely<Database>,
  states: Iterable<StateInput>,
  onGroupFilled?: (id: number) => void,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const s of states) {
    const key = stateKey(s);
    if (ids.has(key)) continue;
    const existing = await db
      .selectFrom("state")
      .select(["id", "regional_group"])
      .where((eb) => (s.iso3 ? eb("iso3", "=", s.iso3) : eb.and([eb("iso3", "is", null), eb("name", "=", s.name)])))
      .executeTakeFirst();
    if (existing) {
      if (!existing.regional_group && s.regionalGroup) {
        await db.updateTable("state").set({ regional_group: s.regionalGroup }).where("id", "=", existing.id).execute();
        onGroupFilled?.(existing.id);
      }
      ids.set(key, existing.id);
      continue;
    }
    const inserted = await db
      .insertInto("state")
      .values({ name: s.name, iso3: s.iso3, regional_group: s.regionalGroup })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.set(key, inserted.id);
  }
  return ids;
}

export async function getStateByIso3(db: Kysely<Database>, iso3: string) {
  return db.selectFrom("state").selectAll().where("iso3", "=", iso3).executeTakeFirst();
}

/** States with an ISO code, for choosing a state under review: those with held reviews first, then by name. */
export async function listStatesUnderReview(
  db: Kysely<Database>,
): Promise<{ iso3: string; name: string; reviews: number }[]> {
  const rows = await db
    .selectFrom("state as s")
    .select((eb) => [
      "s.iso3",
      "s.name",
      eb
        .selectFrom("review as r")
        .whereRef("r.state_id", "=", "s.id")
        .select(sql<number>`count(*)::int`.as("n"))
        .as("reviews"),
    ])
    .where("s.iso3", "is not", null)
    .execute();
  return rows
    .map((r) => ({ iso3: r.iso3!, name: r.name, reviews: r.reviews ?? 0 }))
    .sort((a, b) => Number(b.reviews > 0) - Number(a.reviews > 0) || a.name.localeCompare(b.name));
}

export interface StateWithCounts {
  iso3: string;
  name: string;
  regionalGroup: RegionalGroup | null;
  /** Reviews held of this state. */
  reviews: number;
  /** Recommendations (not pledges) held that this state received as state under review, and that it made. */
  received: number;
  made: number;
}

/**
 * Every state held with an ISO code, by name, with its reviews and recommendations counted (the read API's
 * list). The recommendations are counted by the writes (recommendation_tally, migration 2026-12-02T0300).
 */
export async function listStatesWithCounts(db: Kysely<Database>): Promise<StateWithCounts[]> {
  const { rows } = await sql<StateWithCounts>`with t as (
      select facet, value, sum(n)::int as n from recommendation_tally
      where kind = 'recommendation' and facet in ('review', 'from') group by facet, value having sum(n) <> 0
    )
    select s.iso3, s.name, s.regional_group as "regionalGroup",
      (select count(*)::int from review r where r.state_id = s.id) as reviews,
      coalesce((select sum(t.n)::int from t join review r on r.id::text = t.value
        where t.facet = 'review' and r.state_id = s.id), 0) as received,
      coalesce((select t.n from t where t.facet = 'from' and t.value = s.id::text), 0) as made
    from state s where s.iso3 is not null order by s.name, s.iso3`.execute(db);
  return rows;
}
