// The printable mid-term report: printed to PDF by Chromium, and the PDF's text checked; and its Word
// version, downloaded through the report page's link and read back.
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docxDocument } from "~/lib/text/docx-text";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";

async function pdfText(file: string): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  return pages.join("\n").replace(/\s+/g, " ");
}

/** Each page of a PDF: its size and its text items with where they start and how wide they are. */
async function pdfPages(file: string) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: true }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const { width } = page.getViewport({ scale: 1 });
    const items = (await page.getTextContent()).items.flatMap((item) =>
      "str" in item && item.str.trim() ? [{ str: item.str, x: item.transform[4] as number, width: item.width }] : [],
    );
    pages.push({ width, items });
  }
  return pages;
}

const COALITION = "Test coalition (test data)";
// The layout's promise: on average five or more linked recommendations a printed page.
const PER_PAGE = 5;
// The printable width of each paper at the report's @page margins (14 mm left and right), in CSS pixels.
const PAPERS = [
  { format: "A4", printableWidth: Math.floor(((210 - 28) / 25.4) * 96) },
  { format: "Letter", printableWidth: Math.floor(((215.9 - 28) / 25.4) * 96) },
] as const;

describe("mid-term report [pglite]", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    const db = await newAppDatabase("pglite");
    for (const script of ["scripts/db-seed.ts", "scripts/seed-sample.ts"]) await runProjectScript(db.env, script);
    [app, browser] = await Promise.all([
      startApp({ ...db.start, env: { COALITION_NAME: COALITION } }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("prints Kenya's cycle-1 report to PDF with its numbers, issues and recommendations", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.getByRole("link", { name: "Cycle 1" }).click();
    await page.getByRole("link", { name: "Mid-term report (printable)" }).click();
    await page.locator("[data-testid=report-overall] .recharts-area").first().waitFor();
    const sections = await page.locator("section.report-section h2").allInnerTexts();
    expect(sections[0]).toBe("All recommendations of the review");
    expect(sections.length).toBeGreaterThan(1);
    const file = resultPath("midterm-report-kenya-cycle1.pdf");
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: file, format: "A4", printBackground: true });
    await page.close();

    const text = await pdfText(file);
    expect(text).toContain("Kenya: implementation of the recommendations of the UPR review of cycle 1");
    expect(text).toContain("Review of 6 May 2010 (report A/HRC/15/8)");
    expect(text).toContain("All recommendations of the review");
    expect(text).toContain(sections[1]);
    expect(text).toContain("Supported, at least partially implemented");
    expect(text).toContain("Sample data, not real assessments");
    expect(text).not.toContain("Sign in"); // the site's navigation is not printed
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });

  for (const paper of PAPERS) {
    it(`prints on ${paper.format} portrait without clipping, with the coalition, the date, page numbers and both statuses`, async () => {
      // Laid out at the paper's printable width, as the print engine lays it out: nothing is wider.
      const page = await browser.newPage({ viewport: { width: paper.printableWidth, height: 1000 } });
      await page.goto(`${app.baseUrl}/`);
      await page.getByRole("link", { name: "Cycle 1" }).click();
      await page.getByRole("link", { name: "Mid-term report (printable)" }).click();
      await page.locator("[data-testid=report-overall] .recharts-area").first().waitFor();
      await page.emulateMedia({ media: "print" });
      const m = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement!.scrollWidth,
        charts: [...document.querySelectorAll(".recharts-wrapper > svg")].map(
          (svg) => svg.getBoundingClientRect().right,
        ),
      }));
      expect(m.scrollWidth).toBeLessThanOrEqual(paper.printableWidth);
      expect(m.charts.length).toBeGreaterThan(0);
      for (const right of m.charts) expect(right).toBeLessThanOrEqual(paper.printableWidth);
      // What the page shows of each linked recommendation (one entry per issue link), to find in the PDF.
      const entries = await page.locator(".report-rec").evaluateAll((lis) =>
        lis.map((li) => ({
          paragraph: li.querySelector(".report-rec-para")!.textContent!,
          statuses: [...li.querySelectorAll(".status")].map((s) => s.textContent!.replace(/^\S+\s/, "")),
          evidence: li.querySelector(".report-rec-evidence .pre")?.textContent ?? null,
        })),
      );
      expect(entries.length).toBeGreaterThanOrEqual(30);
      const file = resultPath(`midterm-report-kenya-cycle1-${paper.format}.pdf`);
      await page.pdf({ path: file, format: paper.format, printBackground: true });
      await page.close();

      const pages = await pdfPages(file);
      expect(
        pages.length * PER_PAGE,
        `${pages.length} pages for ${entries.length} recommendations`,
      ).toBeLessThanOrEqual(entries.length);
      // Nothing past the page's edges: every piece of text starts and ends within the paper.
      for (const p of pages)
        for (const item of p.items) {
          expect(item.x, item.str).toBeGreaterThanOrEqual(0);
          expect(item.x + item.width, item.str).toBeLessThanOrEqual(p.width);
        }
      const items = pages.flatMap((p) => p.items.map((i) => i.str.trim()));
      const joined = pages
        .map((p) => p.items.map((i) => i.str).join(" "))
        .join(" ")
        .replace(/\s+/g, " ");
      for (const e of entries) {
        // The paragraph whole, as one piece of text ("101.10", not "1 / 0 / 1 / . / 1 / 0").
        expect(items, e.paragraph).toContain(e.paragraph);
        for (const label of e.statuses) expect(joined, `${e.paragraph}: ${label}`).toContain(label);
        if (e.evidence) expect(joined, `${e.paragraph}'s evidence`).toContain(e.evidence.replace(/\s+/g, " ").trim());
      }

      const text = await pdfText(file);
      expect(text).toContain(COALITION);
      expect(text).toMatch(/Prepared by Test coalition \(test data\) · \d{1,2} [A-Z][a-z]+ 20\d\d/);
      expect(text).toMatch(/Page 1 of \d+/);
      expect(text).toMatch(/Page 2 of \d+/);
      // The first page's summary has the status at the mid-term date beside the status now.
      expect(text).toMatch(/At mid-term \d{1,2} [A-Z][a-z]+ 20\d\d Now/);
      expect(text).toMatch(/status at mid-term \(\d{1,2} [A-Z][a-z]+ 20\d\d\) and now/);
    });
  }

  it("downloads Kenya's cycle-1 report from the report page's link, as a Word file with its title and the coalition", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.getByRole("link", { name: "Cycle 1" }).click();
    // The review page links the Word file beside the printable report.
    await page.getByRole("link", { name: "Mid-term report (Word document, .docx)" }).waitFor();
    await page.getByRole("link", { name: "Mid-term report (printable)" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Word document (.docx)", exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("kenya-cycle1-midterm-report.docx");
    const file = resultPath("kenya-cycle1-midterm-report.docx");
    await download.saveAs(file);
    await page.close();
    const doc = docxDocument(new Uint8Array(fs.readFileSync(file)));
    expect(doc.blocks[0]).toEqual({
      kind: "paragraph",
      text: "Kenya: implementation of the recommendations of the UPR review of cycle 1",
    });
    expect(doc.headers.join(" ")).toContain(COALITION);
    expect(doc.blocks.filter((b) => b.kind === "table").length).toBeGreaterThan(3);
  });
});
