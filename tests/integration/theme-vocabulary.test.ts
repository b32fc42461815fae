// One vocabulary of themes (issue #27): a filter on a topic finds the recommendations of UPR Info's label and
// OHCHR's alike, on the list, its counts and the matrix; a label still finds just its own. On both engines.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { importFile } from "~/import/store/import.server";
import { loadMatrix } from "~/models/export.server";
import { searchRecommendations } from "~/models/search.server";
import { describeEachEngine } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MATRIX_EXCERPT = path.join(ROOT, "tests/fixtures/import/ohchr-matrix-slovenia-excerpt.docx");
const UPR_INFO_EXCERPT = path.join(ROOT, "tests/fixtures/import/uprinfo-kenya-session8-excerpt.csv");
const MATRIX = path.resolve(ROOT, "../shared/samples/ohchr-matrix-slovenia-cycle3.docx");
const UPR_INFO = path.resolve(ROOT, "../shared/samples/uprinfo-export-kenya-session8.csv");

const list = (db: Parameters<typeof searchRecommendations>[0], theme: string) =>
  searchRecommendations(db, { kind: "recommendation", theme }, { sort: "report", page: 1 }, 500);

describeEachEngine("one vocabulary of themes", (t) => {
  beforeAll(async () => {
    for (const file of [MATRIX_EXCERPT, UPR_INFO_EXCERPT])
      expect(await importFile(t.db, fs.readFileSync(file), {}, { fileName: path.basename(file) })).toMatchObject({
        committed: true,
        errorCount: 0,
      });
  });

  it("a topic finds both vocabularies' labels; each label finds only its own", async () => {
    const uprInfo = await list(t.db, "International instruments");
    const ohchr = await list(t.db, "Acceptance of international norms");
    expect(uprInfo.total).toBeGreaterThan(0);
    expect(ohchr.total).toBeGreaterThan(0);
    const topic = await list(t.db, "topic:international-instruments");
    expect(topic.total).toBe(uprInfo.total + ohchr.total);
    expect(new Set(topic.rows.map((r) => r.id))).toEqual(new Set([...uprInfo.rows, ...ohchr.rows].map((r) => r.id)));
    // The labels stay as the sources wrote them.
    const themes = new Set(topic.rows.flatMap((r) => r.themes));
    expect(themes).toContain("International instruments");
    expect(themes).toContain("Acceptance of international norms");
    // Labour: UPR Info's "Labour" and OHCHR's long label.
    const labour = await list(t.db, "topic:labour");
    expect(new Set(labour.rows.map((r) => r.stateName))).toEqual(new Set(["Kenya", "Slovenia"]));
  });

  it("an unknown topic finds nothing, and says so by its count", async () => {
    expect((await list(t.db, "topic:no-such-topic")).total).toBe(0);
  });

  it("the matrix grouped by theme and filtered by a topic keeps the topic's labels as its groups", async () => {
    const m = await loadMatrix(t.db, { kind: "recommendation", theme: "topic:international-instruments" }, "theme");
    if (!m.ok) throw new Error("matrix refused");
    expect(m.groups.map((g) => g.key).sort()).toEqual([
      "Acceptance of international norms",
      "International instruments",
    ]);
  });
});

describeEachEngine("one vocabulary of themes, with the real files", (t) => {
  it.skipIf(!fs.existsSync(MATRIX) || !fs.existsSync(UPR_INFO))(
    "a trafficking filter finds UPR Info's 'Trafficking' and OHCHR's 'Prohibition of slavery, trafficking'",
    async () => {
      for (const file of [MATRIX, UPR_INFO])
        expect(await importFile(t.db, fs.readFileSync(file), {}, { fileName: path.basename(file) })).toMatchObject({
          committed: true,
        });
      const uprInfo = await list(t.db, "Trafficking");
      const ohchr = await list(t.db, "Prohibition of slavery, trafficking");
      const topic = await list(t.db, "topic:trafficking");
      expect(uprInfo.total).toBeGreaterThan(0);
      expect(ohchr.total).toBe(18);
      expect(topic.total).toBe(uprInfo.total + ohchr.total);
    },
  );
});
