// The advocacy loop as a coalition lives it, in Debian's Chromium on both engines: an editor records a
// submission to Slovenia's third review with two asks (test asks, written for this test), imports the
// review's real OHCHR matrix on the import page, looks for uptake, confirms a suggestion, and reads the
// uptake report, the lobbying brief of the state that made the recommendation, and the calendar feed
// (parsed as iCalendar). Signed out, the private submission is not there.
import path from "node:path";
import ICAL from "ical.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

// The real matrix's theme "Prohibition of slavery, trafficking" (121.17 to 121.24), cut from
// ../shared/samples/ohchr-matrix-slovenia-cycle3.docx by tests/helpers/make-matrix-excerpt.ts: a fresh clone has it.
const MATRIX = path.resolve(import.meta.dirname, "../fixtures/import/ohchr-matrix-slovenia-trafficking-excerpt.docx");
const EDITOR = { email: "advocacy.editor@coalition.example", password: "advocacy editor password" };
const TITLE = "Test submission (test data) on trafficking in Slovenia";
const ASK =
  "Test ask (test data): strengthen measures to prevent trafficking for sex and forced labour, and identify and support its victims";
const OTHER_ASK = "Test ask (test data): open a helpline for workers whose employers keep their passports";

async function signIn(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login`);
  await page.fill("#email", EDITOR.email);
  await page.fill("#password", EDITOR.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("main button[type=submit]")]);
}

for (const engine of enginesUnderTest()) {
  describe(`advocacy journey [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let page: Page;
    let dropDb = async () => {};
    let submissionPath = "";
    const errors: string[] = [];

    beforeAll(async () => {
      const db = await newAppDatabase(engine, { USER_PASSWORD: EDITOR.password });
      dropDb = db.drop;
      await runProjectScript(db.env, "scripts/user-create.ts", [
        "--email",
        EDITOR.email,
        "--org",
        "Test coalition",
        "--role",
        "editor",
      ]);
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on("pageerror", (e) => errors.push(e.message));
      await signIn(page, app.baseUrl);
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("records a private submission with two asks before the review is imported", async () => {
      await page.goto(`${app.baseUrl}/submissions`);
      await page.fill("#submission-title", TITLE);
      await page.selectOption("#submission-state", "SVN");
      await page.fill("#submission-cycle", "3");
      await page.fill("#submission-organisations", "Test coalition\nAnother test organisation");
      await page.fill("#submission-body", "Test data. ".repeat(40));
      await Promise.all([
        page.waitForURL(/\/submissions\/\d+\?created=1/),
        page.getByRole("button", { name: "Record submission" }).click(),
      ]);
      // The address changes a moment before the page does: wait for the submission's own heading.
      await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
      submissionPath = new URL(page.url()).pathname;
      await expect(page.locator("main").innerText()).resolves.toMatch(
        /80 words \(footnotes included\) of the 5,630 allowed/,
      );
      for (const [text, issue] of [
        [ASK, "Inadequate protection services for victims of trafficking"],
        [OTHER_ASK, null],
      ] as const) {
        await page.fill("#ask-text", text);
        if (issue) await page.selectOption("#ask-issue", { label: issue });
        await Promise.all([page.waitForURL(/#ask-\d+/), page.getByRole("button", { name: "Add ask" }).click()]);
        await page.locator(".ask-text", { hasText: text }).waitFor();
      }
      await expect(page.locator("main").innerText()).resolves.toMatch(/not held yet/);
    });

    it("imports the review's OHCHR matrix, then confirms the recommendation that took the ask up", async () => {
      await page.goto(`${app.baseUrl}/import`);
      await page.setInputFiles("#import-file", MATRIX);
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      await page.getByTestId("import-preview").waitFor();
      await page.getByRole("button", { name: /^Import \(/ }).click();
      await page.getByTestId("import-done").waitFor({ timeout: 60_000 });

      await page.goto(`${app.baseUrl}${submissionPath}`);
      await page.getByRole("button", { name: /Look for uptake among the review's \d+ recommendations/ }).click();
      await page.getByText(/Looked through the review's recommendations for 2 asks/).waitFor();
      const ask = page.locator("li.card", { has: page.locator(".ask-text", { hasText: ASK }) });
      // 121.17 (Australia): "Strengthen measures to prevent trafficking for the purposes of sex and forced labour, ..."
      const suggestion = ask.locator("li.uptake-suggested", { hasText: "121.17" });
      await suggestion.waitFor();
      await Promise.all([
        page.waitForURL(/#ask-\d+/),
        suggestion.getByRole("button", { name: "Confirm: it takes the ask up" }).click(),
      ]);
      await ask.locator("li.uptake-confirmed", { hasText: "121.17" }).waitFor();
      await expect(page.getByText(/^1 of 2 asks were taken up by 1 recommendation/).count()).resolves.toBe(1);
    });

    it("reads the uptake report, its CSV, the lobbying brief and the calendar feed", async () => {
      await page.goto(`${app.baseUrl}${submissionPath}/report`);
      const report = await page.locator("main").innerText();
      expect(report).toContain("Uptake of our asks: Slovenia, cycle 3");
      expect(report).toMatch(/1 of 2\s+asks were taken up by 1 recommendation \(1 supported, 0 noted\)/);
      expect(report).toContain("By: Australia (1).");
      expect(report).toContain("Not taken up.");
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: resultPath(`advocacy-uptake-report-${engine}.png`), fullPage: true });
      await page.emulateMedia({ media: "screen" });

      const csv = await page.request.get(`${app.baseUrl}${submissionPath}/uptake.csv`);
      expect(csv.headers()["content-type"]).toMatch(/text\/csv/);
      const lines = (await csv.text())
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n");
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/^"?Test ask \(test data\): strengthen.*121\.17.*Australia,Supported,Not assessed/);

      await page.goto(`${app.baseUrl}/lobbying?state=SVN`);
      await page.getByRole("link", { name: "Australia", exact: true }).click();
      await page.getByRole("heading", { name: "Australia and Slovenia's UPR" }).waitFor();
      const brief = await page.locator("main").innerText();
      expect(brief).toContain("121.17 (cycle 3)");
      expect(brief).toContain(ASK);

      // The import dated the review by the UPR session calendar (Slovenia was reviewed on 12 November 2019): the
      // calendar asks for no date, and computes the milestones from it.
      await page.goto(`${app.baseUrl}/calendar?state=SVN`);
      expect(await page.getByTestId("undated-3").count()).toBe(0);
      await page.locator("#c3-review").waitFor();
      expect(await page.locator("#c3-review").innerText()).toContain("12 November 2019");
      const feed = await page.request.get(`${app.baseUrl}/calendar.ics?state=SVN`);
      expect(feed.headers()["content-type"]).toMatch(/^text\/calendar/);
      const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
      const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
      const titles = events.map((e) => e.summary);
      expect(titles).toContain("Slovenia's 3rd review");
      expect(titles).toContain("Stakeholder submissions due for Slovenia's 4th review (estimated)");
      const next = events.find((e) => e.summary === "Slovenia's 4th review (estimated)")!;
      expect(next.startDate.toString()).toBe("2024-05-12");
      expect(events.every((e) => e.startDate.isDate)).toBe(true);
      expect(errors).toEqual([]);
    });

    it("signed out, the private submission and its asks are not shown", async () => {
      const anonymous = await browser.newPage();
      const res = await anonymous.goto(`${app.baseUrl}${submissionPath}`);
      expect(res!.status()).toBe(404);
      await anonymous.goto(`${app.baseUrl}/submissions`);
      expect(await anonymous.locator("main").innerText()).not.toContain(TITLE);
      await anonymous.goto(`${app.baseUrl}/lobbying/AUS?state=SVN`);
      expect(await anonymous.locator("main").innerText()).not.toContain(ASK);
      await anonymous.close();
    });
  });
}
