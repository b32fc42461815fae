// Follow-ups across cycles, on a small setup: Kenya's real cycle-1 recommendations (seeded) and a few
// cycle-2 recommendations written for this test (synthetic texts, not Kenya's real cycle-2 ones, which
// the project does not hold yet), plus the same text under another state under review.
import { beforeAll, describe, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import type { Actor } from "~/models/assessments.server";
import {
  decideFollowup,
  detectFollowups,
  FOLLOWUP_THRESHOLD,
  listFollowupsFor,
  scoreFollowupPairs,
} from "~/models/followups.server";
import { describeEachEngine } from "../helpers/test-db";

/**
 * Later recommendations for a (test) cycle-2 review of Kenya. We hold no real cycle-2 texts yet, so
 * these are real texts of the same 2010 review as UPR Info's database records them (verbatim from
 * ../shared/samples/uprinfo-export-kenya-session8.csv, differently worded from the report's), placed
 * in cycle 2 for the test: each repeats a report paragraph of cycle 1.
 */
const LATER = {
  childLabour: { text: "Take effective steps to address child labour", repeats: "101.91" },
  trafficking: {
    text: "Adopt a comprehensive national policy aimed at the fight against child prostitution and the trafficking of children",
    repeats: "101.59",
  },
  // A short recommendation found inside a long one that merges seven states' (103.1).
  deathPenalty: { text: "Abolish the death penalty", repeats: "103.1" },
} as const;

describeEachEngine("follow-ups across cycles", (t) => {
  let editor: Actor;
  let kenya: number;
  const earlier = new Map<string, number>();
  const later = new Map<keyof typeof LATER, number>();
  let elsewhere: number;

  const pairs = () =>
    t.db.selectFrom("recommendation_followup").selectAll().orderBy("later_id").orderBy("earlier_id").execute();

  beforeAll(async () => {
    await seed(t.db);
    const org = (
      await t.db
        .insertInto("organisation")
        .values({ name: "Stop the Traffik Kenya" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    editor = {
      id: (
        await t.db
          .insertInto("app_user")
          .values({
            email: "editor@example.org",
            role: "editor",
            organisation_id: org,
            password_hash: "x",
            display_name: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
      role: "editor",
    };
    kenya = (await t.db.selectFrom("state").select("id").where("iso3", "=", "KEN").executeTakeFirstOrThrow()).id;
    for (const r of await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute())
      earlier.set(r.paragraph!, r.id);
    const cycle2 = (
      await t.db
        .selectFrom("review")
        .select("id")
        .where("state_id", "=", kenya)
        .where("cycle", "=", 2)
        .executeTakeFirstOrThrow()
    ).id;
    let n = 0;
    for (const [key, l] of Object.entries(LATER) as [keyof typeof LATER, (typeof LATER)[keyof typeof LATER]][]) {
      const row = await t.db
        .insertInto("recommendation")
        .values({
          review_id: cycle2,
          paragraph: `142.${++n}`,
          text: l.text,
          response: "supported",
          source_format: "native",
          source_key: `KEN:2:142.${n}`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      later.set(key, row.id);
    }
    // The same text as 101.91, to another state under review in its cycle 2: never paired with Kenya's.
    const uganda = (
      await t.db
        .insertInto("state")
        .values({ name: "Uganda", iso3: "UGA", regional_group: "African" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const ugandaReview = (
      await t.db
        .insertInto("review")
        .values({ state_id: uganda, cycle: 2, session: 12, review_date: "2011-10-11" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    elsewhere = (
      await t.db
        .insertInto("recommendation")
        .values({
          review_id: ugandaReview,
          paragraph: "111.1",
          text: "Take effective steps to address child labour (Azerbaijan);",
          source_format: "native",
          source_key: "UGA:2:111.1",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    // The earlier recommendation's history: in progress from 2012, fully implemented from 2016.
    for (const [status, as_of] of [
      ["in_progress", "2012-01-01"],
      ["fully_implemented", "2016-01-01"],
    ] as const) {
      await t.db
        .insertInto("assessment")
        .values({
          recommendation_id: earlier.get("101.91")!,
          organisation_id: org,
          author_id: editor.id,
          status,
          as_of,
        })
        .execute();
    }
  });

  it("a cycle-1 recommendation is never the later one of a pair", async () => {
    const only = await scoreFollowupPairs(t.db, kenya);
    expect(only.every((p) => [...later.values()].includes(p.laterId))).toBe(true);
  });

  it("finds the known pairs, and no others", async () => {
    const result = await detectFollowups(t.db, { stateId: kenya });
    const found = (await pairs()).map((p) => [p.earlier_id, p.later_id]);
    const expected = Object.entries(LATER)
      .filter(([, l]) => l.repeats)
      .map(([key, l]) => [earlier.get(l.repeats!)!, later.get(key as keyof typeof LATER)!]);
    expect(found.sort()).toEqual(expected.sort());
    expect(result).toEqual({ found: 3, added: 3, decided: 0, removed: 0 });
    for (const p of await pairs()) {
      expect(p.status).toBe("detected");
      expect(p.similarity).toBeGreaterThanOrEqual(FOLLOWUP_THRESHOLD);
      expect(p.decided_at).toBeNull();
    }
    // The detection run is in the audit log.
    const log = await t.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("entity", "=", "recommendation_followup")
      .execute();
    expect(log).toEqual([
      { action: "recommendation_followup.detected", after: expect.objectContaining({ stateId: kenya, added: 3 }) },
    ]);
  });

  it("never pairs across states under review, nor within a cycle, nor backwards", async () => {
    const all = await pairs();
    expect(all.some((p) => p.later_id === elsewhere || p.earlier_id === elsewhere)).toBe(false);
    const laterIds = new Set(later.values());
    expect(all.every((p) => laterIds.has(p.later_id) && !laterIds.has(p.earlier_id))).toBe(true);
    // Detection over every state: Uganda has one cycle only, so the same as before.
    expect(await detectFollowups(t.db)).toEqual({ found: 3, added: 0, decided: 0, removed: 0 });
  });

  it("shows the earlier recommendation with its cycle, recommending states and status at the later review", async () => {
    const list = await listFollowupsFor(t.db, later.get("childLabour")!);
    expect(list).toEqual([
      expect.objectContaining({
        earlierId: earlier.get("101.91"),
        paragraph: "101.91",
        cycle: 1,
        reviewDate: "2010-05-06",
        recommendingStates: [{ name: "Azerbaijan", iso3: "AZE" }],
        response: "supported",
        // Kenya's cycle 2 was reviewed on 2015-01-22: the assessment of 2012 applied then, not the one of 2016.
        statusThen: "in_progress",
        statusThenDate: "2015-01-22",
        status: "detected",
        decidedBy: null,
      }),
    ]);
    const merged = await listFollowupsFor(t.db, later.get("deathPenalty")!);
    expect(merged[0]!.recommendingStates.map((s) => s.name)).toEqual([
      "Argentina",
      "Austria",
      "Belgium",
      "Germany",
      "Ireland",
      "Spain",
      "Uruguay",
    ]);
    expect(merged[0]).toMatchObject({
      paragraph: "103.1",
      statusThen: "not_assessed",
      response: "noted",
    });
  });

  it("editors confirm or reject; audited; detection never overwrites a decision", async () => {
    const [childLabour, trafficking, deathPenalty] = [
      later.get("childLabour")!,
      later.get("trafficking")!,
      later.get("deathPenalty")!,
    ];
    expect(await decideFollowup(t.db, editor, earlier.get("101.91")!, childLabour, "confirmed")).toEqual({
      ok: true,
      changed: true,
    });
    expect(await decideFollowup(t.db, editor, earlier.get("101.91")!, childLabour, "confirmed")).toEqual({
      ok: true,
      changed: false,
    });
    expect(await decideFollowup(t.db, editor, earlier.get("103.1")!, deathPenalty, "rejected")).toEqual({
      ok: true,
      changed: true,
    });
    expect(await decideFollowup(t.db, editor, earlier.get("101.1")!, childLabour, "confirmed")).toEqual({
      ok: false,
      kind: "not_found",
    });
    const log = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id", "user_id", "before", "after"])
      .where("action", "in", ["recommendation_followup.confirmed", "recommendation_followup.rejected"])
      .orderBy("id")
      .execute();
    expect(log.map((e) => [e.action, e.entity_id, e.user_id])).toEqual([
      ["recommendation_followup.confirmed", `${earlier.get("101.91")}:${childLabour}`, editor.id],
      ["recommendation_followup.rejected", `${earlier.get("103.1")}:${deathPenalty}`, editor.id],
    ]);
    expect(log[0]!.before).toMatchObject({ status: "detected" });
    expect(log[0]!.after).toMatchObject({ status: "confirmed", decided_by: editor.id });

    // A threshold no pair can reach (these texts match exactly once attributions are stripped): the undecided
    // pair goes, the decided ones stay exactly as they were.
    const before = (await pairs()).filter((p) => p.status !== "detected");
    expect(await detectFollowups(t.db, { stateId: kenya, threshold: 1.01 })).toEqual({
      found: 0,
      added: 0,
      decided: 0,
      removed: 1,
    });
    expect(await pairs()).toEqual(before);
    // A loose one finds them all again: the rejected pair stays rejected, the confirmed one confirmed.
    const loose = await detectFollowups(t.db, { stateId: kenya, threshold: 0.3 });
    expect(loose.decided).toBe(2);
    const after = await pairs();
    expect(after.find((p) => p.later_id === childLabour)).toMatchObject({ status: "confirmed", decided_by: editor.id });
    expect(after.find((p) => p.later_id === deathPenalty && p.earlier_id === earlier.get("103.1"))).toMatchObject({
      status: "rejected",
    });
    expect(after.find((p) => p.later_id === trafficking)).toMatchObject({ status: "detected" });
    // Back to the default: the extra pairs found with the loose threshold go again; decisions stay.
    await detectFollowups(t.db, { stateId: kenya });
    expect((await pairs()).map((p) => [p.earlier_id, p.later_id, p.status])).toEqual(
      [
        [earlier.get("101.91"), childLabour, "confirmed"],
        [earlier.get("101.59"), trafficking, "detected"],
        [earlier.get("103.1"), deathPenalty, "rejected"],
      ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    );
  });

  it("a rejected pair stays listed for editors (to undo) and can be confirmed later", async () => {
    const deathPenalty = later.get("deathPenalty")!;
    const list = await listFollowupsFor(t.db, deathPenalty);
    expect(list[0]).toMatchObject({ status: "rejected", decidedBy: "editor@example.org", decidedAt: expect.any(Date) });
    expect(await decideFollowup(t.db, editor, earlier.get("103.1")!, deathPenalty, "confirmed")).toEqual({
      ok: true,
      changed: true,
    });
    expect((await listFollowupsFor(t.db, deathPenalty))[0]).toMatchObject({ status: "confirmed" });
  });

  describe("the score", () => {
    it("strips the recommending states' attributions before comparing", async () => {
      const { rows } = await (
        await import("kysely")
      ).sql<{ a: string; b: string; c: string }>`
        select followup_text('Consider ratifying OP-CAT (Denmark);') as a,
               followup_text('Consider ratifying ICRMW (Algeria);') as b,
               followup_text('Consider ratifying ICRMW ') as c`.execute(t.db);
      expect(rows[0]).toEqual({
        a: "consider ratifying op-cat",
        b: "consider ratifying icrmw",
        c: "consider ratifying icrmw",
      });
    });
  });
});
