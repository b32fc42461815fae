import { sql } from "kysely";
import { expect, it } from "vitest";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations";
import { describeEachEngine } from "../helpers/test-db";

describeEachEngine("schema", (t) => {
  async function aReview() {
    const state = await t.db
      .insertInto("state")
      .values({ name: `State ${Math.random()}`, iso3: null, regional_group: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    return t.db
      .insertInto("review")
      .values({
        state_id: state.id,
        cycle: 1,
        session: 8,
        review_date: "2010-05-06",
        adoption_date: null,
        report_symbol: null,
        official_received: null,
        official_supported: null,
        official_noted: null,
        notes: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  }

  it("has every table of the data model", async () => {
    const tables = (await t.db.introspection.getTables()).map((x) => x.name).sort();
    for (const name of [
      "state",
      "review",
      "recommendation",
      "recommendation_recommending_state",
      "organisation",
      "app_user",
      "coalition_issue",
      "recommendation_issue",
      "assessment",
      "audit_log",
    ]) {
      expect(tables).toContain(name);
    }
  });

  it("migrating again applies nothing", async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    const applied = await t.db
      .selectFrom("kysely_migration" as any)
      .select("name")
      .execute();
    expect(applied.map((r: any) => r.name)).toEqual(Object.keys(migrations));
  });

  it("keeps dates as calendar-date text", async () => {
    const review = await aReview();
    const row = await t.db
      .selectFrom("review")
      .select("review_date")
      .where("id", "=", review.id)
      .executeTakeFirstOrThrow();
    expect(row.review_date).toBe("2010-05-06");
  });

  it("rejects values outside the vocabulary", async () => {
    const review = await aReview();
    const base = {
      review_id: review.id,
      paragraph: "101.1",
      text: "Consider ratifying OP-CAT (Denmark);",
      source_format: "native" as const,
    };
    await expect(
      t.db
        .insertInto("recommendation")
        .values({ ...base, source_key: "a", response: "accepted" as any })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("recommendation")
        .values({ ...base, source_key: "b", action_category: 6 })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("recommendation")
        .values({ ...base, source_key: "c", paragraph: "101.x" })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("recommendation")
        .values({ ...base, source_key: "d", text: "   " })
        .execute(),
    ).rejects.toThrow();
    const rec = await t.db
      .insertInto("recommendation")
      .values({ ...base, source_key: "e" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto("recommendation")
        .values({ ...base, source_key: "e" })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);

    const org = await t.db
      .insertInto("organisation")
      .values({ name: `Org ${Math.random()}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    const assessment = { recommendation_id: rec.id, organisation_id: org.id, author_id: null, as_of: "2012-01-01" };
    await expect(
      t.db
        .insertInto("assessment")
        .values({ ...assessment, status: "done" as any })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("assessment")
        .values({ ...assessment, recommendation_id: 999_999, status: "in_progress" })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
    await t.db
      .insertInto("assessment")
      .values({ ...assessment, status: "in_progress" })
      .execute();
  });

  it("rejects an adoption before the review and supported+noted above the total", async () => {
    const state = await t.db
      .insertInto("state")
      .values({ name: `S ${Math.random()}`, iso3: null, regional_group: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const review = {
      state_id: state.id,
      cycle: 2,
      session: 21,
      review_date: "2015-01-22",
      report_symbol: null,
      official_received: 10,
      official_supported: 8,
      official_noted: 2,
      notes: null,
    };
    await expect(
      t.db
        .insertInto("review")
        .values({ ...review, adoption_date: "2014-01-01" })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("review")
        .values({ ...review, adoption_date: null, official_noted: 3 })
        .execute(),
    ).rejects.toThrow();
    await t.db
      .insertInto("review")
      .values({ ...review, adoption_date: "2015-06-25" })
      .execute();
  });

  it("enforces one review per state and cycle, and lower-case unique emails", async () => {
    const review = await aReview();
    const { state_id } = await t.db
      .selectFrom("review")
      .select("state_id")
      .where("id", "=", review.id)
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto("review")
        .values({
          state_id,
          cycle: 1,
          session: 9,
          review_date: null,
          adoption_date: null,
          report_symbol: null,
          official_received: null,
          official_supported: null,
          official_noted: null,
          notes: null,
        })
        .execute(),
    ).rejects.toThrow();
    const org = await t.db
      .insertInto("organisation")
      .values({ name: `Org ${Math.random()}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto("app_user")
        .values({
          email: "Editor@Example.org",
          password_hash: "x",
          organisation_id: org.id,
          role: "editor",
          display_name: null,
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db
        .insertInto("app_user")
        .values({
          email: "editor@example.org",
          password_hash: "x",
          organisation_id: org.id,
          role: "owner" as any,
          display_name: null,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it("rolls a failed transaction back whole", async () => {
    const before = await t.db
      .selectFrom("state")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto("state").values({ name: "Transient", iso3: null, regional_group: null }).execute();
        await trx.insertInto("state").values({ name: "Bad", iso3: "xx", regional_group: null }).execute();
      }),
    ).rejects.toThrow();
    const after = await t.db
      .selectFrom("state")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
