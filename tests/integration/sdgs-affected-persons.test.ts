// Issue #27, parts 3 and 4: the SDGs and affected persons of OHCHR's matrices and UHRI exports, stored and
// shown on the recommendation's page, in the list's filters, the CSV export (and back, the round trip) and
// the dashboard; the cycle-2 matrix's coded themes. Through the import use case, the import page and
// `npm run import`, on both engines.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import Papa from "papaparse";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { setDb } from "~/db.server";
import { createUserSession, setSessionSecretsForTesting } from "~/http/session.server";
import { importFile } from "~/import/store/import.server";
import { undoImport } from "~/import/store/import-runs.server";
import { setUploadRootForTesting } from "~/import/uploads.server";
import { BOM } from "~/lib/csv";
import { createUser } from "~/models/users.server";
import * as chartCsv from "~/routes/dashboard.$chart[.]csv";
import * as dashboardPage from "~/routes/dashboard._index";
import * as exportCsvRoute from "~/routes/export[.]csv";
import * as importRoute from "~/routes/import";
import * as recommendationPage from "~/routes/recommendations.$id";
import * as listPage from "~/routes/recommendations._index";
import { main as importMain } from "../../scripts/import";
import { runScript } from "../helpers/cli";
import { maintained, recounted } from "../helpers/tally";
import { args, get, ORIGIN, run, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine, enginesUnderTest, createTestDatabase } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "tests/fixtures/import");
const MATRIX_EXCERPT = path.join(FIXTURES, "ohchr-matrix-slovenia-excerpt.docx");
const UHRI_EXCERPT = path.join(FIXTURES, "uhri-slovenia-cycle3-excerpt.json");
const CYCLE2_EXCERPT = path.join(FIXTURES, "ohchr-matrix-cycle2-layout-kenya-excerpt.docx");
const FULL_MATRIX = path.resolve(ROOT, "../shared/samples/ohchr-matrix-slovenia-cycle3.docx");

type Tags = { paragraph: string; themes: string[]; sdgs: string[]; affected_persons: string[] };

/** A file route's answer as text (byte-order mark kept), thrown or returned. */
async function file(
  loader: (a: ReturnType<typeof args>) => Promise<unknown>,
  url: string,
  params: Record<string, string> = {},
) {
  let r: unknown;
  try {
    r = await loader(args(get(url), {}, params));
  } catch (error) {
    r = error;
  }
  if (!(r instanceof Response)) throw new Error(`not a Response: ${JSON.stringify(r)}`);
  return { status: r.status, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(await r.arrayBuffer()) };
}

function csvRecords(text: string): Record<string, string>[] {
  expect(text.startsWith(BOM)).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describeEachEngine("SDGs and affected persons", (t) => {
  const tags = async (iso3 = "SVN"): Promise<Tags[]> =>
    (
      await sql<Tags>`select r.paragraph, r.themes, r.sdgs, r.affected_persons from recommendation r
        join review v on v.id = r.review_id join state s on s.id = v.state_id where s.iso3 = ${iso3}
        order by string_to_array(r.paragraph, '.')::int[]`.execute(t.db)
    ).rows;
  const clear = async () => {
    await t.db.deleteFrom("import_change").execute();
    await t.db.deleteFrom("import_run").execute();
    await t.db.deleteFrom("recommendation").execute();
  };

  beforeAll(() => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
  });
  // Each test starts from a database without recommendations.
  afterEach(clear);

  it("the matrix excerpt: stored, on the recommendation's page, in the filters, the export and the dashboard", async () => {
    const s = await importFile(t.db, MATRIX_EXCERPT, {}, { fileName: "matrix.docx" });
    expect(s).toMatchObject({ format: "ohchr-matrix", committed: true, inserted: 14, errorCount: 0 });
    expect(s.warnings).toEqual([]);
    const held = await tags();
    const byParagraph = new Map(held.map((r) => [r.paragraph, r]));
    expect(byParagraph.get("121.23")).toEqual({
      paragraph: "121.23",
      themes: ["Prohibition of slavery, trafficking"],
      sdgs: ["5", "8", "10", "16"],
      affected_persons: [
        "refugees & asylum seekers",
        "Women",
        "minorities/ racial, ethnic, linguistic, religious or descent-based groups",
      ],
    });
    expect(await maintained(t.db)).toEqual(await recounted(t.db));

    // The recommendation's page.
    const id = (
      await t.db.selectFrom("recommendation").select("id").where("paragraph", "=", "121.23").executeTakeFirstOrThrow()
    ).id;
    const page = await run(recommendationPage.loader(args(get(`/recommendations/${id}`), {}, { id: String(id) })));
    expect(page.status).toBe(200);
    expect(page.body.recommendation).toMatchObject({
      sdgs: ["5", "8", "10", "16"],
      affectedPersons: byParagraph.get("121.23")!.affected_persons,
    });

    // The list's filters: goal 16 (written as a code or as the sources write it), an affected group.
    const with16 = held.filter((r) => r.sdgs.includes("16")).map((r) => r.paragraph);
    const women = held.filter((r) => r.affected_persons.includes("Women")).map((r) => r.paragraph);
    expect(with16).toEqual(["121.1", "121.2", "121.23", "121.24", "122.157"]);
    expect(women).toEqual(["121.23", "121.24", "122.10"]);
    const list = async (query: string) => (await run(listPage.loader(args(get(`/recommendations?${query}`))))).body;
    for (const query of ["state=SVN&sdg=16", "sdg=Goal%2016", "sdg=16"]) {
      const body = await list(query);
      expect(body.filter.sdg, query).toBe("16");
      expect(body.result.rows.map((r: { paragraph: string }) => r.paragraph).sort(), query).toEqual([...with16].sort());
    }
    const affected = await list("affected=Women");
    expect(affected.result.total).toBe(women.length);
    expect((await list("state=SVN&sdg=16&affected=Women")).result.total).toBe(2); // 121.23, 121.24
    expect((await list("sdg=18")).ignored).toEqual(["sdg=18"]);
    // The selects list the values held, counted: from the kept counts (unfiltered) and counted afresh (filtered).
    const unfiltered = (await list("")).result.facets;
    const filtered = (await list("state=SVN")).result.facets;
    expect(unfiltered.sdg).toEqual(filtered.sdg);
    expect(unfiltered.affected).toEqual(filtered.affected);
    expect(unfiltered.sdg).toEqual([
      { value: "5", count: 1 },
      { value: "8", count: 4 },
      { value: "10", count: 3 },
      { value: "16", count: 5 },
    ]);
    expect(unfiltered.affected).toContainEqual({ value: "Women", count: 3 });

    // The CSV export: the two columns, "; " separated like themes.
    const exported = await file(exportCsvRoute.loader, "/export.csv?state=SVN");
    expect(exported.status).toBe(200);
    const rows = csvRecords(exported.text);
    expect(rows).toHaveLength(14);
    const row = rows.find((r) => r.paragraph === "121.23")!;
    expect(row.sdgs).toBe("5; 8; 10; 16");
    expect(row.affected_persons).toBe(
      "refugees & asylum seekers; Women; minorities/ racial, ethnic, linguistic, religious or descent-based groups",
    );
    expect(csvRecords((await file(exportCsvRoute.loader, "/export.csv?sdg=8")).text)).toHaveLength(4);

    // The dashboard: responses per goal, its table and its CSV.
    const dashboard = (await run(dashboardPage.loader(args(get("/dashboard?state=SVN"))))).body.dashboard;
    expect(dashboard.bySdg).toEqual([
      { key: "5", label: "SDG 5: Gender equality", supported: 1, noted: 0, pending: 0 },
      { key: "8", label: "SDG 8: Decent work and economic growth", supported: 3, noted: 1, pending: 0 },
      { key: "10", label: "SDG 10: Reduced inequalities", supported: 1, noted: 2, pending: 0 },
      { key: "16", label: "SDG 16: Peace, justice and strong institutions", supported: 4, noted: 1, pending: 0 },
    ]);
    const chart = await file(chartCsv.loader, "/dashboard/responses-by-sdg.csv?state=SVN", {
      chart: "responses-by-sdg",
    });
    expect(chart.status).toBe(200);
    expect(chart.text.slice(1).split("\r\n").slice(0, 2)).toEqual([
      "Sustainable Development Goal,Supported,Noted,No response known,Total",
      "SDG 5: Gender equality,1,0,0,1",
    ]);

    // The round trip: the export imports again (into a database without them) with every tag.
    await clear();
    const back = await importFile(t.db, Buffer.from(exported.text, "utf8"), {}, { fileName: "export.csv" });
    expect(back).toMatchObject({ format: "native", committed: true, inserted: 14, errorCount: 0 });
    expect(back.warnings).toEqual([]);
    expect(await tags()).toEqual(held);
    expect(await maintained(t.db)).toEqual(await recounted(t.db));
  });

  it("a UHRI export's Sdgs and AffectedPersons; merged into the matrix's recommendations, and undone", async () => {
    const s = await importFile(t.db, UHRI_EXCERPT, {}, { fileName: "uhri.json" });
    expect(s).toMatchObject({ format: "uhri", committed: true, inserted: 3, errorCount: 0 });
    const fromUhri = await tags();
    expect(fromUhri.map((r) => [r.paragraph, r.sdgs, r.affected_persons])).toEqual([
      ["121.1", ["16"], ["Disappeared persons"]],
      [
        "121.23",
        ["5", "8", "10", "16"],
        [
          "refugees & asylum seekers",
          "Women",
          "minorities/ racial, ethnic, linguistic, religious or descent-based groups",
        ],
      ],
      ["122.10", ["8"], ["Migrants & domestic workers", "Women"]],
    ]);
    // The same way to the list's filter, the export and the dashboard.
    const list = (await run(listPage.loader(args(get("/recommendations?sdg=8&affected=Women"))))).body;
    expect(list.result.rows.map((r: { paragraph: string }) => r.paragraph)).toEqual(["121.23", "122.10"]);
    const rows = csvRecords((await file(exportCsvRoute.loader, "/export.csv?state=SVN")).text);
    expect(rows.map((r) => [r.paragraph, r.sdgs, r.affected_persons])).toEqual(
      fromUhri.map((r) => [r.paragraph, r.sdgs.join("; "), r.affected_persons.join("; ")]),
    );
    const bySdg = (await run(dashboardPage.loader(args(get("/dashboard?state=SVN"))))).body.dashboard.bySdg;
    expect(bySdg.map((r: { key: string; supported: number; noted: number }) => [r.key, r.supported, r.noted])).toEqual([
      ["5", 1, 0],
      ["8", 1, 1],
      ["10", 1, 0],
      ["16", 2, 0],
    ]);
    await clear();

    // The matrix first, its SDGs removed from one recommendation: the UHRI row of it adds them back.
    await importFile(t.db, MATRIX_EXCERPT);
    await t.db
      .updateTable("recommendation")
      .set({ sdgs: [], affected_persons: [] })
      .where("paragraph", "=", "121.1")
      .execute();
    const merge = await importFile(t.db, UHRI_EXCERPT);
    expect(merge).toMatchObject({ committed: true, inserted: 0, merged: 3, errorCount: 0 });
    expect((await tags()).find((r) => r.paragraph === "121.1")).toMatchObject({
      sdgs: ["16"],
      affected_persons: ["Disappeared persons"],
    });
    expect(await maintained(t.db)).toEqual(await recounted(t.db));
    await undoImport(t.db, merge.importId!, null);
    expect((await tags()).find((r) => r.paragraph === "121.1")).toMatchObject({ sdgs: [], affected_persons: [] });
    expect(await maintained(t.db)).toEqual(await recounted(t.db));
  });

  it.skipIf(!fs.existsSync(FULL_MATRIX))("the whole Slovenia sample (../shared/samples)", async () => {
    const s = await importFile(t.db, FULL_MATRIX, {}, { fileName: "matrix.docx" });
    expect(s).toMatchObject({ committed: true, inserted: 215, errorCount: 0 });
    const held = await tags();
    expect(held.filter((r) => r.sdgs.length > 0)).toHaveLength(202);
    expect(held.filter((r) => r.affected_persons.length > 0)).toHaveLength(196);
    const list = (await run(listPage.loader(args(get("/recommendations?sdg=16"))))).body;
    expect(list.result.total).toBe(92);
    // Within the filter, the goals tagged beside 16 are counted too.
    expect(list.result.facets.sdg).toContainEqual({ value: "16", count: 92 });
    const all = (await run(listPage.loader(args(get("/recommendations"))))).body.result.facets;
    expect(all.sdg.map((f: { value: string }) => f.value)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "8",
      "10",
      "11",
      "12",
      "13",
      "16",
      "17",
    ]);
    expect(all.affected.find((f: { value: string }) => f.value === "Women")).toEqual({ value: "Women", count: 57 });
    const rows = csvRecords((await file(exportCsvRoute.loader, "/export.csv?state=SVN&affected=Women")).text);
    expect(rows).toHaveLength(57);
    expect(rows.every((r) => r.affected_persons.split("; ").includes("Women"))).toBe(true);
    const bySdg = (await run(dashboardPage.loader(args(get("/dashboard?state=SVN"))))).body.dashboard.bySdg;
    expect(bySdg).toHaveLength(13);
    const goal16 = bySdg.find((r: { key: string }) => r.key === "16");
    expect(goal16.supported + goal16.noted + goal16.pending).toBe(92);
    expect(await maintained(t.db)).toEqual(await recounted(t.db));
  });

  describe("the cycle-2 layout's coded themes", () => {
    let uploads: string;
    beforeAll(() => {
      uploads = fs.mkdtempSync(path.join(os.tmpdir(), "upr-sdgs-"));
      setUploadRootForTesting(uploads);
    });
    afterAll(() => {
      setUploadRootForTesting(null);
      fs.rmSync(uploads, { recursive: true, force: true });
    });

    it("the import page stores them by name", async () => {
      const created = await createUser(
        t.db,
        {
          email: "sdg-editor@example.org",
          password: "a long enough password",
          role: "editor",
          organisation: { name: "Test organisation" },
        },
        { userId: null },
      );
      if (!created.ok) throw new Error(created.error);
      const cookie = (
        await createUserSession({ request: new Request(`${ORIGIN}/login`), userId: created.user.id, sessionVersion: 1 })
      ).headers
        .get("Set-Cookie")!
        .split(";")[0]!;
      const form = new FormData();
      form.append("intent", "preview");
      form.append("file", new File([new Uint8Array(fs.readFileSync(CYCLE2_EXCERPT))], "matrix.docx"));
      const headers = new Headers({ Origin: ORIGIN, Cookie: cookie });
      const act = (request: Request) => run(importRoute.action({ request, params: {}, context: {} }));
      const preview = await act(new Request(`${ORIGIN}/import`, { method: "POST", body: form, headers }));
      expect(preview.body).toMatchObject({ kind: "preview", summary: { format: "ohchr-matrix", errorCount: 0 } });
      expect(preview.body.summary.preview[0].themes).toEqual(["Acceptance of international norms", "Migrants"]);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      const done = await act(
        new Request(`${ORIGIN}/import`, {
          method: "POST",
          headers,
          body: new URLSearchParams({ intent: "import", uploadId: preview.body.upload.id, format: "auto" }),
        }),
      );
      expect(done.body).toMatchObject({ kind: "imported", summary: { inserted: 5, committed: true } });
      expect((await tags("KEN")).map((r) => [r.paragraph, r.themes])).toEqual([
        ["101.1", ["Acceptance of international norms", "Migrants"]],
        ["101.19", ["Children: definition; general principles; protection"]],
        ["101.47", ["Prohibition of slavery, trafficking", "Violence against women"]],
        ["101.59", ["Prohibition of slavery, trafficking", "Children: protection against exploitation"]],
        ["102.4", ["Acceptance of international norms", "Enforced disappearances"]],
      ]);
      const list = (await run(listPage.loader(args(get("/recommendations?theme=Acceptance+of+international+norms")))))
        .body;
      expect(list.result.total).toBe(2);
    });
  });
});

describe("npm run import: the cycle-2 layout's coded themes and a matrix's SDGs", () => {
  for (const engine of enginesUnderTest()) {
    it(`stores them [${engine}]`, async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "upr-sdgs-cli-"));
      const made = engine === "postgres" ? await createTestDatabase("postgres") : null;
      const env: Record<string, string> = made
        ? { NODE_ENV: "test", DATABASE_URL: made.url! }
        : { NODE_ENV: "test", DATA_DIR: path.join(work, "data") };
      try {
        for (const fixture of [CYCLE2_EXCERPT, MATRIX_EXCERPT]) {
          const cli = await runScript(importMain, [fixture, "--json"], env);
          expect(cli.errors).toEqual([]);
          expect(cli.code).toBe(0);
        }
        if (made) await made.handle.close();
        const handle = await createDb(made ? { databaseUrl: made.url! } : { dataDir: env.DATA_DIR! });
        try {
          const { rows } = await sql<{ paragraph: string; themes: string[]; sdgs: string[] }>`
            select paragraph, themes, sdgs from recommendation where paragraph in ('101.1', '121.23') order by paragraph`.execute(
            handle.db,
          );
          expect(rows).toEqual([
            { paragraph: "101.1", themes: ["Acceptance of international norms", "Migrants"], sdgs: [] },
            { paragraph: "121.23", themes: ["Prohibition of slavery, trafficking"], sdgs: ["5", "8", "10", "16"] },
          ]);
        } finally {
          await handle.close();
        }
      } finally {
        await made?.drop();
        fs.rmSync(work, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
