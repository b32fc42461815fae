// The world-scale generator (npm run bench:seed): the plan is pure and deterministic; the rows, made
// at a small scale on embedded PGlite, have the promised shape, and a database with other data is refused.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { prng } from "../../app/lib/prng";
import {
  allocate,
  CYCLE_SESSIONS,
  countRows,
  inspectTarget,
  planWorld,
  realTexts,
  seedWorld,
  sessionDate,
  slots,
  worldSpec,
} from "../../bench/lib/world";

describe("the plan", () => {
  it("the issue's world: 193 states, 4 cycles, 100,000 recommendations, 400,000 assessments, 200,000 issue links", () => {
    const spec = worldSpec();
    expect(spec).toMatchObject({
      states: 193,
      cycles: 4,
      recommendations: 100_000,
      assessments: 400_000,
      issueLinks: 200_000,
      issues: 20,
    });
    const plan = planWorld(spec);
    expect(plan.reviews).toHaveLength(193 * 4);
    expect(plan.reviews.reduce((a, r) => a + r.count, 0)).toBe(100_000);
    expect(new Set(plan.statesInOrder.map((s) => s.iso3)).size).toBe(193);
  });
  it("is deterministic: the same seed gives the same plan, another seed another", () => {
    expect(planWorld(worldSpec())).toEqual(planWorld(worldSpec()));
    expect(planWorld(worldSpec({ seed: 1 })).reviews.map((r) => r.count)).not.toEqual(
      planWorld(worldSpec()).reviews.map((r) => r.count),
    );
  });
  it("reviews: one per state and cycle, in the cycle's sessions, dated in order, recommendations numbered without gaps", () => {
    const plan = planWorld(worldSpec());
    let next = 0;
    for (const r of plan.reviews) {
      const c = CYCLE_SESSIONS[r.cycle - 1]!;
      expect(r.session).toBeGreaterThanOrEqual(c.first);
      expect(r.session).toBeLessThanOrEqual(c.last);
      expect(r.adoptionDate > r.reviewDate).toBe(true);
      expect(r.periodStart <= r.periodEnd).toBe(true);
      expect(r.periodEnd <= "2026-11-20").toBe(true);
      expect(r.firstOrd).toBe(next);
      next += r.count;
    }
    // Later cycles bring more recommendations.
    const perCycle = [1, 2, 3, 4].map((c) =>
      plan.reviews.filter((r) => r.cycle === c).reduce((a, r) => a + r.count, 0),
    );
    expect(perCycle[0]).toBeLessThan(perCycle[1]!);
    expect(perCycle[1]).toBeLessThan(perCycle[3]!);
  });
  it("session dates run from April 2008 and stay within each cycle's years", () => {
    expect(sessionDate(1)).toBe("2008-04-07");
    expect(sessionDate(12)).toBe("2011-10-03");
    expect(sessionDate(41)).toBe("2022-11-07");
    expect(sessionDate(20) > sessionDate(19)).toBe(true);
    expect(() => sessionDate(99)).toThrow(RangeError);
  });
  it("allocate splits a total exactly, in proportion", () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(100, [3, 1])).toEqual([75, 25]);
    expect(allocate(7, [0.2, 0.3, 0.5]).reduce((a, b) => a + b)).toBe(7);
    expect(() => allocate(1, [0])).toThrow(RangeError);
  });
  it("slots repeat each index by weight, at least once", () => {
    expect(slots([3, 1], 4)).toEqual([0, 0, 0, 1]);
    expect(slots([100, 0.0001], 10)).toContain(1);
  });
  it("prng: same seed, same numbers in [0, 1)", () => {
    const a = prng(42);
    const b = prng(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
  it("the texts are Kenya's 150 real ones", () => {
    const texts = realTexts();
    expect(texts).toHaveLength(150);
    expect(texts[0]).toContain(
      "Ratify the International Convention on the Protection of the Rights of All Migrant Workers",
    );
  });
});

describe("seeding a small world on PGlite", () => {
  const spec = worldSpec({ scale: 0.01 }); // 1,000 recommendations
  let handle: Db;
  beforeAll(async () => {
    handle = await createDb({ dataDir: null });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("makes the promised rows, with the current status the trigger's rule gives", async () => {
    const report = await seedWorld(handle, spec);
    expect(report.skipped).toBe(false);
    expect(report.counts).toMatchObject({
      states: 193,
      reviews: 772,
      recommendations: 1000,
      assessments: 4000,
      issues: 20,
      issue_links: 2000,
    });
    expect(report.counts.recommending_states).toBeGreaterThanOrEqual(1000);
    const db = handle.db;
    const mismatched = await sql<{ n: number }>`select count(*)::int as n from recommendation r
      where r.current_status is distinct from coalesce((select a.status from assessment a where a.recommendation_id = r.id order by a.as_of desc, a.id desc limit 1), 'not_assessed')
         or r.current_as_of is distinct from (select max(a.as_of) from assessment a where a.recommendation_id = r.id)`.execute(
      db,
    );
    expect(mismatched.rows[0]!.n).toBe(0);
    const texts = new Set(realTexts());
    const sample = await db
      .selectFrom("recommendation")
      .select(["text", "response", "themes", "action_category"])
      .execute();
    expect(sample.every((r) => texts.has(r.text))).toBe(true);
    const share = (response: string) => sample.filter((r) => r.response === response).length / sample.length;
    expect(share("supported")).toBeGreaterThan(0.68);
    expect(share("noted")).toBeGreaterThan(0.15);
    expect(sample.every((r) => r.themes.length >= 1 && r.themes.length <= 3 && r.action_category !== null)).toBe(true);
    const outOfPeriod = await sql<{
      n: number;
    }>`select count(*)::int as n from assessment a join recommendation rec on rec.id = a.recommendation_id
      join review r on r.id = rec.review_id where a.as_of < r.review_date or a.as_of > date '2026-11-20'`.execute(db);
    expect(outOfPeriod.rows[0]!.n).toBe(0);
    const ownState = await sql<{
      n: number;
    }>`select count(*)::int as n from recommendation_recommending_state rrs join recommendation rec on rec.id = rrs.recommendation_id
      join review r on r.id = rec.review_id where rrs.state_id = r.state_id`.execute(db);
    expect(ownState.rows[0]!.n).toBe(0);
    expect(await inspectTarget(db)).toMatchObject({ kind: "bench", marker: { status: "complete" } });
  });

  it("leaves the same world alone; seeds it again the same with force", async () => {
    const before = await sql<{
      h: string;
    }>`select md5(string_agg(source_key || current_status || coalesce(current_as_of::text, '') || text, ',' order by source_key)) as h from recommendation`.execute(
      handle.db,
    );
    expect((await seedWorld(handle, spec)).skipped).toBe(true);
    const again = await seedWorld(handle, spec, { force: true });
    expect(again.skipped).toBe(false);
    const after = await sql<{
      h: string;
    }>`select md5(string_agg(source_key || current_status || coalesce(current_as_of::text, '') || text, ',' order by source_key)) as h from recommendation`.execute(
      handle.db,
    );
    expect(after.rows[0]!.h).toBe(before.rows[0]!.h);
    expect((await countRows(handle.db)).assessments).toBe(4000);
  });

  it("refuses a database that holds other data", async () => {
    const other = await createDb({ dataDir: null });
    try {
      await migrateToLatest(other.db);
      await other.db.insertInto("organisation").values({ name: "A real coalition" }).execute();
      await expect(seedWorld(other, spec)).rejects.toThrow(/not a bench database/);
      expect(await other.db.selectFrom("organisation").select("name").execute()).toEqual([
        { name: "A real coalition" },
      ]);
    } finally {
      await other.close();
    }
  });
});
