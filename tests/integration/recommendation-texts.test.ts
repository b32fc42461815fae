// A recommendation's text in several languages (issue #29): an import whose texts are in another language
// than the held recommendations' adds each text beside the held one ("translated") and changes nothing
// else; the same file again changes nothing; undoing the import removes its texts. We hold no UN text in
// French verbatim, and never invent one: the "French" file here is the English excerpt declared French
// (textLanguage), which is what decides where its texts go. Detection of the language: unit test.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { importFile } from "~/import/store/import.server";
import { undoImport } from "~/import/store/import-runs.server";
import { parseRecommendationFilter } from "~/lib/recommendation-filter";
import { getRecommendation } from "~/models/recommendations.server";
import { searchRecommendations } from "~/models/search.server";
import { seed } from "~/models/seed.server";
import { describeEachEngine } from "../helpers/test-db";

const FILE = fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/import/uhri-kenya-cycle1-excerpt.json"));

describeEachEngine("recommendation texts in several languages", (t) => {
  beforeAll(async () => {
    await seed(t.db);
    await t.db.deleteFrom("recommendation").execute();
  });

  const held = () =>
    t.db.selectFrom("recommendation").select(["id", "text", "text_language", "updated_at"]).orderBy("id").execute();
  const texts = () =>
    t.db
      .selectFrom("recommendation_text")
      .select(["recommendation_id", "language", "text"])
      .orderBy("recommendation_id")
      .execute();

  it("keeps the first import's texts in the language detected, then adds another language's beside them", async () => {
    const first = await importFile(t.db, FILE);
    expect(first).toMatchObject({ committed: true, textLanguage: "en", textLanguageDetected: true });
    const n = first.inserted;
    expect(n).toBeGreaterThan(0);
    const before = await held();
    expect(before.every((r) => r.text_language === "en")).toBe(true);

    const french = await importFile(t.db, FILE, {}, { textLanguage: "fr" });
    expect(french).toMatchObject({
      committed: true,
      textLanguage: "fr",
      textLanguageDetected: false,
      inserted: 0,
      updated: 0,
      merged: 0,
      translated: n,
    });
    expect(french.preview.every((r) => r.outcome === "translated")).toBe(true);
    // The held recommendations are untouched: text, language, and when they last changed.
    expect(await held()).toEqual(before);
    const added = await texts();
    expect(added).toHaveLength(n);
    expect(added.every((r) => r.language === "fr")).toBe(true);
    expect(added.map((r) => r.text).sort()).toEqual(before.map((r) => r.text).sort());

    // Read in French: the French text, said to be French; in Spanish (none held): the original, said English.
    const one = before[0]!;
    expect(await getRecommendation(t.db, one.id, "fr")).toMatchObject({
      textLanguage: "fr",
      originalText: one.text,
      originalLanguage: "en",
      languages: ["en", "fr"],
    });
    expect(await getRecommendation(t.db, one.id, "es")).toMatchObject({ text: one.text, textLanguage: "en" });
    const { filter } = parseRecommendationFilter(new URLSearchParams("state=KEN"));
    const list = await searchRecommendations(t.db, filter, { sort: "report", page: 1, language: "fr" });
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.rows.every((r) => r.textLanguage === "fr")).toBe(true);

    // The same file again: nothing to do, nothing recorded.
    const again = await importFile(t.db, FILE, {}, { textLanguage: "fr" });
    expect(again).toMatchObject({ committed: true, translated: 0, unchanged: n, importId: null });

    // Undo takes the French texts away, and only them.
    expect((await undoImport(t.db, french.importId!, null)).kind).toBe("undone");
    expect(await texts()).toEqual([]);
    expect(await held()).toEqual(before);
  });

  it("reports a text that differs from the one held in that language, and keeps the held one", async () => {
    const [one] = await held();
    await t.db
      .insertInto("recommendation_text")
      .values({ recommendation_id: one!.id, language: "es", text: "(held)" })
      .execute();
    const spanish = await importFile(t.db, FILE, {}, { textLanguage: "es", dryRun: true });
    expect(spanish.textConflictCount).toBe(1);
    expect(spanish.textConflicts[0]).toMatchObject({
      recommendationId: one!.id,
      language: "es",
      held: "(held)",
      kept: "held",
    });
    expect(spanish.planned.translated).toBe((await held()).length - 1);
  });
});
