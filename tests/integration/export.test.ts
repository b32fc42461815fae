// The CSV export (/export.csv) and the OHCHR matrix (/export/matrix, /export/matrix.csv) on both engines:
// columns and values, BOM and CRLF, formula neutralising, filters, the mid-term status, unknown filter
// values, and the round trip: the exported file re-imports as a native file with the same texts.
import Papa from "papaparse";
import { beforeAll, expect, it } from "vitest";
import { seed } from "~/models/seed.server";
import { setDb } from "~/db.server";
import { parseImportBuffer } from "~/import/readers";
import { BOM } from "~/lib/csv";
import { EXPORT_COLUMNS, MATRIX_COLUMNS, NATIVE_COLUMNS } from "~/lib/export-format";
import { addMonths } from "~/lib/review-period";
import { exportCsv, exportRows, loadMatrix } from "~/models/export.server";
import { filteredRecommendations } from "~/models/search.server";
import * as exportCsvRoute from "~/routes/export[.]csv";
import * as matrixPage from "~/routes/export.matrix";
import * as matrixCsvRoute from "~/routes/export.matrix[.]csv";
import { args, get, run } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

type Row = Record<(typeof EXPORT_COLUMNS)[number], string>;

/**
 * Runs a file route's loader; the body as text with its byte-order mark kept (Response.text() would
 * drop it). Thrown or returned Responses alike.
 */
async function fetchFile(loader: (a: ReturnType<typeof args>) => Promise<unknown>, path: string) {
  let r: unknown;
  try {
    r = await loader(args(get(path)));
  } catch (error) {
    r = error;
  }
  if (!(r instanceof Response)) throw new Error(`not a Response: ${JSON.stringify(r)}`);
  const bytes = new Uint8Array(await r.arrayBuffer());
  return {
    status: r.status,
    headers: r.headers,
    bytes,
    body: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes),
  };
}

/** The body of a CSV answer: BOM first, CRLF line ends; parsed back with papaparse. */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  expect(text.startsWith(BOM)).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { header: parsed.data[0]!, rows: parsed.data.slice(1) };
}

function records(text: string): Row[] {
  const { header, rows } = parseCsv(text);
  expect(header).toEqual([...EXPORT_COLUMNS]);
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]!])) as Row);
}

describeEachEngine("CSV export", (t) => {
  const ids: Record<string, number> = {};
  let norwayReview: number;

  const download = (path: string) => fetchFile(exportCsvRoute.loader, path);

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    await seed(t.db);
    const kenya = await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute();
    for (const r of kenya) ids[r.paragraph!] = r.id;
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "Stop the Traffik Kenya" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const assess = (
      paragraph: string,
      as_of: string,
      status: "no_action" | "in_progress" | "partially_implemented" | "fully_implemented",
      evidence = "",
      source_urls: string[] = [],
    ) =>
      t.db
        .insertInto("assessment")
        .values({
          recommendation_id: ids[paragraph]!,
          organisation_id: org.id,
          author_id: null,
          as_of,
          status,
          evidence,
          source_urls,
        })
        .execute();
    // Kenya cycle 1: reviewed 2010-05-06, no adoption date known: mid-term date 2012-11-06.
    await assess("101.1", "2011-01-15", "in_progress", "Bill drafted.", ["https://example.org/bill"]);
    await assess(
      "101.1",
      "2013-06-30",
      "fully_implemented",
      "Act passed — see the Kenya Gazette, vis-à-vis the Convention.",
      ["https://example.org/act", "https://example.org/gazette"],
    );
    await assess("101.2", "2012-11-06", "partially_implemented", "On the mid-term date itself.");
    await assess("101.3", "2012-11-07", "no_action", "The day after the mid-term date.");
    await assess("101.4", "2011-03-10", "in_progress", '=HYPERLINK("http://evil.example","click")');
    await assess("101.5", "2011-03-10", "in_progress", "+254 700 000 000 is the hotline");
    await t.db
      .updateTable("recommendation")
      .set({ themes: ["A12 Acceptance of international norms", "D27 Prohibition of slavery, trafficking"] })
      .where("id", "=", ids["101.1"]!)
      .execute();
    await t.db
      .updateTable("recommendation")
      .set({ themes: ["A12 Acceptance of international norms"], action_category: 3 })
      .where("id", "=", ids["101.2"]!)
      .execute();
    const issue = (slug: string) =>
      t.db.selectFrom("coalition_issue").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
    const victims = await issue("victim-protection");
    const data = await issue("trafficking-data");
    await t.db
      .insertInto("recommendation_issue")
      .values([
        { recommendation_id: ids["101.1"]!, issue_id: victims.id, created_by: null },
        { recommendation_id: ids["101.5"]!, issue_id: victims.id, created_by: null },
        { recommendation_id: ids["101.1"]!, issue_id: data.id, created_by: null },
      ])
      .execute();
    // Norway (a seeded recommending state) under review: adopted on 31 August, so the mid-term date is
    // the last day of February; a voluntary pledge there, and a review with no dates at all.
    const norway = await t.db.selectFrom("state").select("id").where("iso3", "=", "NOR").executeTakeFirstOrThrow();
    norwayReview = (
      await t.db
        .insertInto("review")
        .values({
          state_id: norway.id,
          cycle: 1,
          session: 6,
          review_date: "2010-05-31",
          adoption_date: "2010-08-31",
          report_symbol: "A/HRC/13/5",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const noDates = await t.db
      .insertInto("review")
      .values({ state_id: norway.id, cycle: 2, session: 19 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const recIds = await t.db
      .insertInto("recommendation")
      .values([
        {
          review_id: norwayReview,
          paragraph: "110.1",
          text: "Consider ratifying OP-CAT (Denmark);",
          response: "supported",
          kind: "pledge",
          source_format: "native",
          source_key: "test:pledge",
        },
        {
          review_id: noDates.id,
          paragraph: "120.1",
          text: "Consider ratifying ICRMW (Algeria);",
          response: "noted",
          source_format: "native",
          source_key: "test:nodate",
        },
      ])
      .returning("id")
      .execute();
    ids.pledge = recIds[0]!.id;
    ids.nodate = recIds[1]!.id;
  });

  it("Kenya cycle 1: one row per recommendation, BOM, CRLF, the columns and values", async () => {
    const o = await download("/export.csv?state=KEN&cycle=1");
    expect(o.status).toBe(200);
    expect(o.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(o.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="upr-monitor-export-KEN-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect([...o.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = o.body;
    // Every line ends with CRLF (no evidence here holds a line break).
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const rows = records(text);
    expect(rows).toHaveLength(150);
    const first = rows.find((r) => r.paragraph === "101.1")!;
    expect(first).toEqual({
      state_under_review: "KEN",
      cycle: "1",
      session: "8",
      document_symbol: "A/HRC/15/8",
      paragraph: "101.1",
      recommending_states: "Burkina Faso",
      recommendation:
        "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
      response: "supported",
      action_category: "",
      themes: "A12 Acceptance of international norms; D27 Prohibition of slavery, trafficking",
      sdgs: "",
      affected_persons: "",
      issues: "trafficking-data; victim-protection",
      current_status: "fully_implemented",
      current_as_of: "2013-06-30",
      organisation: "Stop the Traffik Kenya",
      evidence: "Act passed — see the Kenya Gazette, vis-à-vis the Convention.",
      source_urls: "https://example.org/act; https://example.org/gazette",
      midterm_date: "2012-11-06",
      midterm_status: "in_progress",
      upr_monitor_id: String(ids["101.1"]),
    });
    const joint = rows.find((r) => r.paragraph === "103.1")!;
    expect(joint.recommending_states).toBe("Argentina; Austria; Belgium; Germany; Ireland; Spain; Uruguay");
    expect(joint).toMatchObject({
      response: "noted",
      current_status: "not_assessed",
      current_as_of: "",
      organisation: "",
      evidence: "",
      source_urls: "",
      midterm_status: "not_assessed",
    });
    expect(rows.find((r) => r.paragraph === "101.2")).toMatchObject({
      action_category: "3",
      themes: "A12 Acceptance of international norms",
    });
    // Rows come in id order (which is report order for the seeded review).
    expect(rows.map((r) => Number(r.upr_monitor_id))).toEqual(
      [...rows.map((r) => Number(r.upr_monitor_id))].sort((a, b) => a - b),
    );
  });

  it("cells a spreadsheet would run as a formula start with an apostrophe", async () => {
    const rows = records((await download("/export.csv?state=KEN&cycle=1")).body);
    expect(rows.find((r) => r.paragraph === "101.4")!.evidence).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows.find((r) => r.paragraph === "101.5")!.evidence).toBe("'+254 700 000 000 is the hotline");
    for (const r of rows) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("the status at the mid-term date: the latest assessment on or before it", async () => {
    const rows = records((await download("/export.csv?state=KEN&cycle=1")).body);
    const at = (p: string) => rows.find((r) => r.paragraph === p)!;
    expect([at("101.1").midterm_status, at("101.1").current_status]).toEqual(["in_progress", "fully_implemented"]);
    expect(at("101.2").midterm_status).toBe("partially_implemented");
    expect([at("101.3").midterm_status, at("101.3").current_status]).toEqual(["not_assessed", "no_action"]);
    // The same date arithmetic as the review timeline (addMonths): 31 August + 30 months = 28 February.
    const pledges = [];
    for await (const r of exportRows(t.db, { kind: "pledge", state: "NOR" })) pledges.push(r);
    expect(pledges.map((r) => r.midtermDate)).toEqual([addMonths("2010-08-31", 30)]);
    expect(addMonths("2010-08-31", 30)).toBe("2013-02-28");
    expect(addMonths("2010-05-06", 30)).toBe(at("101.1").midterm_date);
    // No review date: no mid-term date, and so no status at it.
    const noDate = records((await download("/export.csv?state=NOR&cycle=2")).body);
    expect(noDate).toHaveLength(1);
    expect(noDate[0]).toMatchObject({
      midterm_date: "",
      midterm_status: "",
      current_status: "not_assessed",
      document_symbol: "",
    });
  });

  it("filters: the same as the recommendation list", async () => {
    const count = async (query: string) => records((await download(`/export.csv?${query}`)).body).length;
    expect(await count("state=KEN")).toBe(150);
    expect(await count("")).toBe(151); // Kenya's 150 and Norway's dateless one; the pledge is not a recommendation
    expect(await count("kind=pledge")).toBe(1);
    expect(await count("state=KEN&response=noted")).toBe(19);
    expect(await count("state=KEN&response=pending")).toBe(3);
    expect(await count("status=fully_implemented")).toBe(1);
    expect(await count("status=in_progress")).toBe(2);
    expect(await count("issue=victim-protection")).toBe(2);
    expect(await count("issue=victim-protection&status=in_progress")).toBe(1);
    expect(await count("theme=A12%20Acceptance%20of%20international%20norms")).toBe(2);
    expect(await count("cycle=2")).toBe(1);
    expect(await count("from=DNK")).toBe(5);
    expect(await count("state=KEN&q=trafficking")).toBe(
      (
        await filteredRecommendations(t.db, { kind: "recommendation", state: "KEN", q: "trafficking" })
          .select("rec.id")
          .execute()
      ).length,
    );
    const danish = records((await download("/export.csv?from=DNK")).body);
    expect(danish.every((r) => r.recommending_states.split("; ").includes("Denmark"))).toBe(true);
  });

  it("a voluntary pledge is marked so that it re-imports as one", async () => {
    const file = await download("/export.csv?kind=pledge&state=NOR");
    const [pledge] = records(file.body);
    expect(pledge).toMatchObject({
      state_under_review: "NOR",
      recommending_states: "Voluntary pledge",
      response: "supported",
      midterm_date: "2013-02-28",
    });
    const again = await parseImportBuffer(file.bytes);
    expect(again.problems).toEqual([]);
    expect(again.records.map((r) => r.kind)).toEqual(["pledge"]);
  });

  it("unknown or malformed filter values: 400 with a plain-text message naming them, never a 500", async () => {
    for (const [query, named] of [
      ["issue=no-such-issue", "issue=no-such-issue"],
      ["state=XXX&cycle=1", "state=XXX"],
      ["cycle=abc", "cycle=abc"],
      ["status=done&state=KEN", "status=done"],
      ["from=ZZZ", "from=ZZZ"],
    ]) {
      const o = await download(`/export.csv?${query}`);
      expect(o.status, query).toBe(400);
      expect(o.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(o.body).toContain(`Unknown filter values: ${named}`);
      expect(o.body).toContain("Nothing was exported");
    }
  });

  it("the exported file re-imports as a native file: no problems, the same texts", async () => {
    const result = await parseImportBuffer((await download("/export.csv?state=KEN&cycle=1")).bytes);
    expect(result.problems).toEqual([]);
    expect(result.detected).toMatchObject({ format: "native", encoding: "utf-8", delimiter: ",", lineEnding: "CRLF" });
    expect(result.detected!.ignoredColumns).toEqual(EXPORT_COLUMNS.slice(NATIVE_COLUMNS.length));
    expect(result.records).toHaveLength(150);
    const stored = await t.db
      .selectFrom("recommendation as rec")
      .innerJoin("review as r", "r.id", "rec.review_id")
      .select(["rec.paragraph", "rec.text", "rec.response", "rec.themes"])
      .where("r.cycle", "=", 1)
      .where("rec.kind", "=", "recommendation")
      .where("r.state_id", "=", (eb) => eb.selectFrom("state").select("id").where("iso3", "=", "KEN"))
      .orderBy("rec.id")
      .execute();
    expect(result.records.map((r) => [r.paragraph, r.text, r.response, r.themes])).toEqual(
      stored.map((s) => [s.paragraph, s.text, s.response, s.themes]),
    );
    const first = result.records.find((r) => r.paragraph === "101.1")!;
    expect(first).toMatchObject({
      stateUnderReview: { iso3: "KEN" },
      cycle: 1,
      session: 8,
      documentSymbol: "A/HRC/15/8",
      issues: ["trafficking-data", "victim-protection"],
    });
    const joint = result.records.find((r) => r.paragraph === "103.1")!;
    expect(joint.recommendingStates.map((s) => s.iso3).sort()).toEqual([
      "ARG",
      "AUT",
      "BEL",
      "DEU",
      "ESP",
      "IRL",
      "URY",
    ]);
  });

  it("keyset batches: any batch size gives every row once, in id order", async () => {
    const all: number[] = [];
    for await (const r of exportRows(t.db, { kind: "recommendation" }, { batchSize: 7 })) all.push(r.id);
    const expected = (
      await filteredRecommendations(t.db, { kind: "recommendation" }).select("rec.id").orderBy("rec.id").execute()
    ).map((r) => r.id);
    expect(all).toEqual(expected);
    let text = "";
    for await (const piece of exportCsv(t.db, { kind: "recommendation", state: "KEN" }, { batchSize: 40 }))
      text += piece;
    expect(text).toBe((await download("/export.csv?state=KEN")).body);
    let empty = "";
    for await (const piece of exportCsv(t.db, { kind: "recommendation", state: "KEN", cycle: 4 })) empty += piece;
    expect(empty).toBe(`${BOM}${EXPORT_COLUMNS.join(",")}\r\n`);
  });
});

describeEachEngine("OHCHR matrix", (t) => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    await seed(t.db);
    for (const r of await t.db.selectFrom("recommendation").select(["id", "paragraph"]).execute())
      ids[r.paragraph!] = r.id;
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "Stop the Traffik Kenya" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("assessment")
      .values({
        recommendation_id: ids["101.10"]!,
        organisation_id: org.id,
        author_id: null,
        as_of: "2016-08-31",
        status: "fully_implemented",
        evidence: "Access to Information Act, 2016.",
      })
      .execute();
    await t.db
      .updateTable("recommendation")
      .set({ themes: ["B31 Equality & non-discrimination", "A12 Acceptance of international norms"] })
      .where("id", "=", ids["101.10"]!)
      .execute();
    await t.db
      .updateTable("recommendation")
      .set({ themes: ["A12 Acceptance of international norms"] })
      .where("id", "in", [ids["101.2"]!, ids["101.3"]!])
      .execute();
    const victims = await t.db
      .selectFrom("coalition_issue")
      .select("id")
      .where("slug", "=", "victim-protection")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("recommendation_issue")
      .values({ recommendation_id: ids["101.3"]!, issue_id: victims.id, created_by: null })
      .execute();
  });

  it("grouped by theme: a recommendation under each of its themes, in report order", async () => {
    const m = await loadMatrix(t.db, { kind: "recommendation", state: "KEN", cycle: 1 }, "theme");
    if (!m.ok) throw new Error("matrix too large");
    expect(m.total).toBe(150);
    expect(m.stateNames).toEqual(["Kenya"]);
    expect(m.groups.map((g) => [g.heading, g.rows.length])).toEqual([
      ["Theme: A12 Acceptance of international norms", 3],
      ["Theme: B31 Equality & non-discrimination", 1],
      ["No theme recorded", 147],
    ]);
    expect(m.groups[0]!.rows.map((r) => r.paragraph)).toEqual(["101.2", "101.3", "101.10"]);
    const noTheme = m.groups[2]!.rows.map((r) => r.paragraph);
    expect(noTheme.slice(0, 3)).toEqual(["101.1", "101.4", "101.5"]);
    expect(noTheme.at(-1)).toBe("103.7");
  });

  it("too many recommendations for one matrix: said so, nothing loaded", async () => {
    expect(await loadMatrix(t.db, { kind: "recommendation", state: "KEN" }, "theme", 100)).toEqual({
      ok: false,
      total: 150,
      limit: 100,
    });
  });

  it("the page: OHCHR's four columns, cells as in the matrices", async () => {
    const o = await run(matrixPage.loader(args(get("/export/matrix?state=KEN&cycle=1"))));
    expect(o.status).toBe(200);
    const d = o.body as Awaited<ReturnType<typeof matrixPage.loader>>;
    expect(d.title).toBe("UPR recommendations matrix: Kenya, cycle 1");
    expect(d.csvHref).toBe("/export/matrix.csv?state=KEN&cycle=1&by=theme");
    const row = d.groups[0]!.rows.find((r) => r.id === ids["101.10"])!;
    // The cells' facts; the page words the position and the assessment in the reader's language.
    expect(row).toMatchObject({
      recommendation: "101.10 Enact as a matter of urgency the Freedom of Information Bill (Norway);",
      kind: "recommendation",
      response: "supported",
      themes: ["B31 Equality & non-discrimination", "A12 Acceptance of international norms"],
      status: "fully_implemented",
      asOf: "2016-08-31",
      organisation: "Stop the Traffik Kenya",
      evidence: "Access to Information Act, 2016.",
    });
    const fr = (await run(matrixPage.loader(args(get("/export/matrix?state=KEN&cycle=1&lang=fr"))))).body;
    expect(fr.title).toBe("Matrice des recommandations de l’EPU : Kenya, cycle 1");
    const byIssue = (
      await run(matrixPage.loader(args(get("/export/matrix?state=KEN&by=issue&issue=victim-protection"))))
    ).body;
    expect(byIssue.groups.map((g: { name: string; rows: unknown[] }) => [g.name, g.rows.length])).toEqual([
      ["Inadequate protection services for victims of trafficking", 1],
    ]);
    expect(byIssue.otherFilters).toEqual(["issue victim-protection"]);
    const odd = (await run(matrixPage.loader(args(get("/export/matrix?state=KEN&by=region&issue=nope"))))).body;
    expect(odd.ignored).toEqual(["issue=nope", "by=region"]);
    expect(odd.grouping).toBe("theme");
  });

  it("the CSV: the four columns, a heading row before each group", async () => {
    const o = await fetchFile(matrixCsvRoute.loader, "/export/matrix.csv?state=KEN&cycle=1");
    expect(o.status).toBe(200);
    expect(o.headers.get("Content-Disposition")).toMatch(/filename="upr-monitor-matrix-by-theme-KEN-/);
    const { header, rows } = parseCsv(o.body);
    expect(header).toEqual([...MATRIX_COLUMNS]);
    expect(rows).toHaveLength(3 + 1 + 147 + 3);
    expect(rows[0]).toEqual(["Theme: A12 Acceptance of international norms", "", "", ""]);
    expect(rows[1]).toEqual([
      "101.2 Consider ratifying ICRMW (Algeria);",
      "Supported",
      "A12 Acceptance of international norms",
      "Not assessed",
    ]);
    expect(rows.filter((r) => r[0]!.startsWith("101.10 ")).length).toBe(2);
    expect(rows.filter((r) => r[1] === "").map((r) => r[0])).toEqual([
      "Theme: A12 Acceptance of international norms",
      "Theme: B31 Equality & non-discrimination",
      "No theme recorded",
    ]);
    const bad = await fetchFile(matrixCsvRoute.loader, "/export/matrix.csv?state=KEN&by=region");
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("Unknown filter values: by=region");
  });
});
