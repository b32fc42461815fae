// The mid-term report as a Word document, read back: Kenya's cycle 1 with the seeded data, the sample
// data and one assessment of our own with sources. The .docx is unzipped (word/document.xml) and its
// headings, tables and every linked recommendation's paragraph, text, statuses and evidence checked;
// LibreOffice converts it to PDF when it is installed; the route answers the file. Both engines.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, expect, it } from "vitest";
import { runProcess } from "../helpers/run-process";
import { STATUSES } from "../../db/schema";
import { setDb } from "~/db.server";
import { todayUtc } from "~/lib/dates";
import { formatDate, RESPONSE_LABELS, STATUS_LABELS } from "~/lib/format";
import { tFor } from "~/i18n/catalogues.server";
import { midtermReached, pointsToDate } from "~/lib/midterm-report";
import { DOCX_CONTENT_TYPE, midtermReportDocx } from "~/lib/report-docx";
import { docxDocument, type DocxBlock } from "~/lib/text/docx-text";
import { loadMidtermReport, type MidtermReport } from "~/models/report.server";
import { addSampleData } from "~/models/sample-data.server";
import { seed } from "~/models/seed.server";
import { loader } from "~/routes/reviews.$reviewId_.report[.]docx";
import { buildDocx, p } from "../helpers/docx";
import { describeEachEngine } from "../helpers/test-db";
import { parseXml, type XmlElement } from "../helpers/xml";

const COALITION = "Test coalition (test data)";
const EN = { t: tFor("en"), lng: "en" as const };
const SAMPLE_ASSESSMENT_LABEL = EN.t("report.sampleAssessment");
const OUR_EVIDENCE = "Evidence written for this test (test data): a second line follows.\nThe second line.";
const OUR_SOURCES = ["https://example.org/test-source?a=1&b=2", "https://example.org/another-test-source"];

/** Every element named `name` under `e`, in document order. */
function all(e: XmlElement, name: string): XmlElement[] {
  return e.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}
const textOf = (e: XmlElement): string => (e.name === "w:t" ? e.text : e.children.map(textOf).join(""));

/** The paragraphs of word/document.xml with their style, outside tables too. */
function styledParagraphs(xml: string): { style: string | null; text: string }[] {
  return all(parseXml(xml), "w:p").map((p) => ({
    style: all(p, "w:pStyle")[0]?.attrs["w:val"] ?? null,
    text: textOf(p),
  }));
}

/** Converts `file` to PDF in `dir` with LibreOffice; false when it made no PDF (no soffice, or no Writer to open it). */
async function sofficeToPdf(file: string, dir: string): Promise<boolean> {
  try {
    // A profile of its own, so that another LibreOffice running on the machine does not take the job.
    const r = await runProcess(
      "soffice",
      [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "pdf", "--outdir", dir, file],
      { timeout: 180_000 },
    );
    if (r.status !== 0) return false;
  } catch {
    return false;
  }
  return fs.existsSync(file.replace(/\.docx$/, ".pdf"));
}

describeEachEngine("mid-term report as .docx", (t) => {
  let report: MidtermReport;
  let bytes: Uint8Array;
  let xml: string;
  const today = todayUtc();

  beforeAll(async () => {
    await seed(t.db);
    await addSampleData(t.db, "KEN", today);
    const review = await t.db
      .selectFrom("review as r")
      .innerJoin("state as s", "s.id", "r.state_id")
      .where("s.iso3", "=", "KEN")
      .where("r.cycle", "=", 1)
      .select("r.id")
      .executeTakeFirstOrThrow();
    // 101.10, linked to an issue, with an assessment of our own (not sample data) with two sources.
    const rec = await t.db
      .selectFrom("recommendation")
      .where("review_id", "=", review.id)
      .where("paragraph", "=", "101.10")
      .select("id")
      .executeTakeFirstOrThrow();
    const issue = await t.db
      .selectFrom("coalition_issue")
      .where("slug", "=", "victim-protection")
      .select("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("recommendation_issue")
      .values({ recommendation_id: rec.id, issue_id: issue.id, is_sample: false })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const org = await t.db
      .insertInto("organisation")
      .values({ name: "Test organisation (test data)" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("assessment")
      .values({
        recommendation_id: rec.id,
        organisation_id: org.id,
        author_id: null,
        as_of: today,
        status: "partially_implemented",
        evidence: OUR_EVIDENCE,
        source_urls: OUR_SOURCES,
        is_sample: false,
      })
      .execute();
    report = (await loadMidtermReport(t.db, review.id))!;
    bytes = await midtermReportDocx(report, today, COALITION, EN);
    xml = strFromU8(unzipSync(bytes, { filter: (f) => f.name === "word/document.xml" })["word/document.xml"]!);
  });

  it("has the title as Heading 1 and each section as Heading 2", () => {
    const paragraphs = styledParagraphs(xml);
    const h1 = paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text);
    const h2 = paragraphs.filter((p) => p.style === "Heading2").map((p) => p.text);
    expect(h1).toEqual(["Kenya: implementation of the recommendations of the UPR review of cycle 1"]);
    const linked = report.issues.filter((s) => s.recommendations.length > 0);
    expect(linked.length).toBeGreaterThan(1);
    expect(h2).toEqual(["All recommendations of the review", ...linked.map((s) => s.title)]);
    // The styles are real: styles.xml defines them, as Word's "heading 1" and "heading 2".
    const styles = strFromU8(unzipSync(bytes, { filter: (f) => f.name === "word/styles.xml" })["word/styles.xml"]!);
    expect(styles).toMatch(/w:styleId="Heading1"><w:name w:val="heading 1"\/>.*?<w:outlineLvl w:val="0"\/>/);
    expect(styles).toMatch(/w:styleId="Heading2"><w:name w:val="heading 2"\/>.*?<w:outlineLvl w:val="1"\/>/);
  });

  it("has a summary table and the chart's table in every section, and a table of the linked recommendations per issue", () => {
    const { blocks, headers } = docxDocument(bytes);
    const tables = blocks.filter((b): b is Extract<DocxBlock, { kind: "table" }> => b.kind === "table");
    const linked = report.issues.filter((s) => s.recommendations.length > 0);
    const summaries = tables.filter((tb) => tb.rows[0]![1]!.text.startsWith("At mid-term"));
    const charts = tables.filter((tb) => tb.rows[0]![0]!.text === "Month");
    const recommendations = tables.filter((tb) => tb.rows[0]![0]!.text === "¶");
    expect(summaries).toHaveLength(1 + linked.length);
    expect(charts).toHaveLength(1 + linked.length);
    expect(recommendations.map((tb) => tb.rows.length - 1)).toEqual(linked.map((s) => s.recommendations.length));
    // The summary's rows are the printed report's: the overall numbers now.
    const overall = summaries[0]!.rows.map((r) => r.map((c) => c.text));
    const h = report.overall.headline;
    expect(overall[0]![2]).toBe(`Now\n${formatDate(today)}`);
    expect(overall[1]).toEqual(["Recommendations", expect.any(String), String(h.total)]);
    expect(overall.map((r) => r[0])).toEqual([
      "",
      "Recommendations",
      "Supported",
      "Supported, at least partially implemented",
      ...STATUSES.map((s) => STATUS_LABELS[s]),
    ]);
    // The chart's table: the status columns in full; its last row the latest month, whose counts add up to the supported ones.
    const chart = charts[0]!.rows;
    expect(chart[0]!.map((c) => c.text)).toEqual(["Month", ...STATUSES.map((s) => STATUS_LABELS[s])]);
    const lastRow = chart.at(-1)!.map((c) => c.text);
    expect(lastRow[0]).toContain(formatDate(pointsToDate(report.overall.points, today).at(-1)!.month));
    expect(lastRow.slice(1).reduce((a, c) => a + Number(c), 0)).toBe(h.supported);
    expect(chart.length).toBeLessThan(20); // a small table, not one row per month
    // The state's shares at mid-term beside UPR Info's study, as on the page, with the source.
    const benchmark = tables
      .find((tb) => tb.rows[0]![2]!.text === "UPR Info's study")!
      .rows.map((r) => r.map((c) => c.text));
    expect(benchmark.map((r) => r[0])).toEqual(["", "All recommendations", "Supported (accepted)", "Noted"]);
    expect(benchmark.slice(1).map((r) => r[2])).toEqual(["48%", "55%", "19%"]);
    expect(benchmark[1]![1]).toMatch(new RegExp(`^\\d+\\.\\d% \\(\\d+ of ${h.total}\\)$`));
    expect(blocks.some((b) => b.kind === "paragraph" && b.text.includes("Beyond promises"))).toBe(true);
    expect(blocks.some((b) => b.kind === "paragraph" && /month-end counts every (six|\d+) months/.test(b.text))).toBe(
      true,
    );
    // The coalition in the page header; page numbers in the footer.
    expect(headers.join(" ")).toContain(COALITION);
    const footer = Object.entries(unzipSync(bytes, { filter: (f) => f.name.startsWith("word/footer") }));
    expect(footer.length).toBeGreaterThan(0);
    expect(footer.map(([, b]) => strFromU8(b)).join("")).toMatch(/PAGE[\s\S]*NUMPAGES/);
  });

  it("gives every linked recommendation whole: paragraph, text, states, response, both statuses, evidence, organisation, sources", () => {
    const { blocks } = docxDocument(bytes);
    const rows = blocks
      .filter((b): b is Extract<DocxBlock, { kind: "table" }> => b.kind === "table" && b.rows[0]![0]!.text === "¶")
      .flatMap((tb) => tb.rows.slice(1));
    const linked = report.issues.flatMap((s) => s.recommendations);
    expect(rows).toHaveLength(linked.length);
    const reached = midtermReached(report.midterm, today);
    expect(reached).toBe(true); // Kenya's cycle-1 mid-term (2012) has passed
    const paragraphsSeen = new Set<string>();
    for (const [i, r] of linked.entries()) {
      const [para, text, response, atMidterm, now, evidence] = rows[i]!.map((c) => c.text);
      expect(para).toBe(r.paragraph); // whole: "101.10", never "101.1"
      paragraphsSeen.add(para!);
      expect(text).toContain(r.text);
      for (const state of r.recommendingStates) expect(text).toContain(state);
      expect(response).toBe(RESPONSE_LABELS[r.response]);
      expect(atMidterm).toBe(STATUS_LABELS[r.statusAtMidterm!]);
      expect(now!.split("\n")[0]).toBe(STATUS_LABELS[r.status]);
      if (r.asOf) expect(now).toContain(`as of ${formatDate(r.asOf)}`);
      if (r.evidence) expect(evidence).toContain(r.evidence);
      if (r.organisation) expect(evidence).toContain(`(${r.organisation})`);
      for (const url of r.sourceUrls) expect(evidence).toContain(url);
      expect(evidence!.includes(SAMPLE_ASSESSMENT_LABEL)).toBe(r.isSample);
    }
    expect(paragraphsSeen).toContain("101.10");
    // Our own assessment: not sample data, its evidence's lines, organisation and both sources.
    const ours = rows.find((r) => r[0]!.text === "101.10")!.map((c) => c.text);
    expect(ours[4]).toBe(`${STATUS_LABELS.partially_implemented}\nas of ${formatDate(today)}`);
    expect(ours[5]).toBe(`${OUR_EVIDENCE} (Test organisation (test data))\nSources:\n${OUR_SOURCES.join("\n")}`);
    // Sample assessments are labelled; the document says so at the top too.
    expect(linked.filter((r) => r.isSample).length).toBeGreaterThan(10);
    expect(xml).toContain("Sample data, not real assessments.");
    // Every status label appears whole in some table cell.
    const cells = rows.flatMap((r) => r.map((c) => c.text));
    for (const label of new Set(linked.flatMap((r) => [r.status, r.statusAtMidterm!]).map((s) => STATUS_LABELS[s])))
      expect(cells.some((c) => c.split("\n")[0] === label)).toBe(true);
    // The sources are links too (relationships), with "&" escaped in the XML.
    const rels = strFromU8(
      unzipSync(bytes, { filter: (f) => f.name === "word/_rels/document.xml.rels" })["word/_rels/document.xml.rels"]!,
    );
    expect(rels).toContain('Target="https://example.org/test-source?a=1&amp;b=2"');
  });

  it("opens in LibreOffice: converted to PDF, with pages and the title (skipped without LibreOffice Writer)", async (ctx) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-docx-"));
    try {
      const file = path.join(dir, "kenya-cycle1-midterm-report.docx");
      fs.writeFileSync(file, bytes);
      if (!(await sofficeToPdf(file, dir))) {
        // Not our file's fault when LibreOffice cannot open the smallest Word file either (absent, or without Writer).
        const probe = path.join(dir, "probe.docx");
        fs.writeFileSync(probe, buildDocx(p("A probe")));
        if (!(await sofficeToPdf(probe, dir))) ctx.skip();
        expect.fail("LibreOffice converts a minimal .docx but not the report");
      }
      const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
      const doc = await pdfjs.getDocument({
        data: new Uint8Array(fs.readFileSync(file.replace(/\.docx$/, ".pdf"))),
        useSystemFonts: true,
      }).promise;
      expect(doc.numPages).toBeGreaterThan(2);
      const first = await (await doc.getPage(1)).getTextContent();
      const text = first.items
        .map((item) => ("str" in item ? item.str : ""))
        .join(" ")
        .replace(/\s+/g, " ");
      expect(text).toContain("Kenya: implementation of the recommendations of the UPR");
      expect(text).toContain(COALITION);
      expect(text).toContain(`Page 1 of ${doc.numPages}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);

  it("is served at /reviews/<id>/report.docx as a Word file named for the review; a missing review is 404", async () => {
    setDb(Promise.resolve(t.handle));
    const call = (id: string) =>
      loader({
        request: new Request(`http://upr.test/reviews/${id}/report.docx`),
        params: { reviewId: id },
        context: {},
      });
    const response = await call(String(report.review.id));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(DOCX_CONTENT_TYPE);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="kenya-cycle1-midterm-report.docx"');
    const served = new Uint8Array(await response.arrayBuffer());
    expect(docxDocument(served).blocks[0]).toEqual({
      kind: "paragraph",
      text: "Kenya: implementation of the recommendations of the UPR review of cycle 1",
    });
    for (const id of ["999999", "abc", "0"]) {
      const missing = await call(id).then(
        () => null,
        (e: unknown) => e,
      );
      expect(missing).toBeInstanceOf(Response);
      expect((missing as Response).status).toBe(404);
      expect(await (missing as Response).text()).toBe("There is no such review.");
    }
  });

  it("is written in the reader's language: French headings, table heads, statuses and page numbers", async () => {
    setDb(Promise.resolve(t.handle));
    const response = await loader({
      request: new Request(`http://upr.test/reviews/${report.review.id}/report.docx?lang=fr`),
      params: { reviewId: String(report.review.id) },
      context: {},
    });
    expect(response.headers.get("Content-Language")).toBe("fr");
    const served = new Uint8Array(await response.arrayBuffer());
    const frXml = strFromU8(unzipSync(served, { filter: (f) => f.name === "word/document.xml" })["word/document.xml"]!);
    const paragraphs = styledParagraphs(frXml);
    expect(paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual([
      "Kenya : mise en œuvre des recommandations de l’Examen périodique universel du cycle 1",
    ]);
    expect(paragraphs.filter((p) => p.style === "Heading2")[0]!.text).toBe("Toutes les recommandations de l’examen");
    for (const words of ["Résumé", "À mi-parcours", "Aujourd’hui", "Recommandations liées à ce sujet", "Préparé par"])
      expect(frXml).toContain(words);
    expect(frXml).toContain("Partiellement mise en œuvre");
    expect(frXml).not.toContain("Recommendations linked to this issue");
    const footer = Object.entries(unzipSync(served, { filter: (f) => /^word\/footer\d*\.xml$/.test(f.name) }))
      .map(([, b]) => strFromU8(b))
      .join("");
    expect(footer).toMatch(/Page [\s\S]*PAGE[\s\S]*sur [\s\S]*NUMPAGES/);
  });
});
