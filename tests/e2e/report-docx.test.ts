// The Word report through the running app: from the review page to the printable report, then its
// "Word document (.docx)" link, downloaded by Chromium and read back.
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docxDocument } from "~/lib/text/docx-text";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";

const COALITION = "Test coalition (test data)";

describe("mid-term report as .docx [pglite]", () => {
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
