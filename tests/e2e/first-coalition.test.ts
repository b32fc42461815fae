// Issue #16's "Done when": a new coalition walks through the app without the command line. A fresh
// data directory, the server started as `npm start` does, the set-up address read from its log, the
// first admin created in the browser, an editor added, sample data loaded from the web, the export for
// people downloaded and parsed, a day/month/year round trip, a bulk save pressed twice (one save), and
// the audit log read.
import Papa from "papaparse";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

const ADMIN = { email: "first.admin@example.org", password: "first admin password", org: "Stop the Traffik Kenya" };
const EDITOR = { email: "editor@example.org", password: "editor password 12" };
const EVIDENCE = "Test evidence from the browser test (test data, not a real assessment).";

const parseCsv = (text: string) =>
  Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;

for (const engine of enginesUnderTest()) {
  describe(`a new coalition's first hour [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let page: Page;
    let dropDb = async () => {};

    beforeAll(async () => {
      const db = await newAppDatabase(engine);
      dropDb = db.drop;
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
      page = await browser.newPage();
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("the first admin is created at the one-time set-up address from the server's log", async () => {
      let setupUrl: string | undefined;
      for (let i = 0; i < 40 && !setupUrl; i++) {
        setupUrl = /(http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/.exec(app.output())?.[1];
        if (!setupUrl) await new Promise((r) => setTimeout(r, 250));
      }
      expect(setupUrl, app.output()).toBeTruthy();
      expect((await fetch(`${app.baseUrl}/setup`)).status).toBe(404);
      await page.goto(setupUrl!);
      await page.fill("#email", ADMIN.email);
      await page.fill("#organisation", ADMIN.org);
      await page.fill("#password", ADMIN.password);
      await page.fill("#confirmPassword", "not the same password");
      await page.getByRole("button", { name: "Create the administrator" }).click();
      await expect
        .poll(() => page.locator("#confirmPassword-error").textContent(), { timeout: 20_000 })
        .toContain("differ");
      await page.fill("#password", ADMIN.password);
      await page.fill("#confirmPassword", ADMIN.password);
      await Promise.all([
        page.waitForURL((u) => u.pathname === "/admin/users"),
        page.getByRole("button", { name: "Create the administrator" }).click(),
      ]);
      await expect.poll(() => page.locator("main").innerText(), { timeout: 20_000 }).toContain("The set-up is done");
      expect((await fetch(setupUrl!)).status).toBe(404);
    });

    it("the admin adds an editor and loads the sample data from the web", async () => {
      await page.fill("#email", EDITOR.email);
      await page.fill("#password", EDITOR.password);
      await page.check("input[name=role][value=editor]");
      await page.getByRole("button", { name: "Add user" }).click();
      await expect.poll(() => page.locator("main table").innerText(), { timeout: 20_000 }).toContain(EDITOR.email);
      await page.goto(`${app.baseUrl}/admin/sample`);
      await Promise.all([
        page.waitForURL((u) => u.search.includes("done=loaded")),
        page.getByRole("button", { name: "Load sample data" }).click(),
      ]);
      await expect
        .poll(() => page.locator("main").innerText(), { timeout: 20_000 })
        .toMatch(/Stored now: \d+ sample assessments/);
    });

    it("the export for people opens with labels, names and dates in the reader's locale", async () => {
      const res = await page.context().request.get(`${app.baseUrl}/export/report-table?state=KEN`, {
        headers: { "Accept-Language": "en-GB" },
      });
      expect(res.status()).toBe(200);
      const rows = parseCsv(await res.text());
      expect(rows).toHaveLength(150);
      expect(new Set(rows.map((r) => r["State under review"]))).toEqual(new Set(["Kenya"]));
      const assessed = rows.filter((r) => r["Current status"] !== "Not assessed");
      expect(assessed.length).toBeGreaterThan(10);
      for (const r of assessed) {
        expect(r["Status since"]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        expect(r["Previous status"]).not.toBe("");
      }
      const xlsx = await page.context().request.get(`${app.baseUrl}/export/report-table?state=KEN&format=xlsx`);
      expect(xlsx.headers()["content-type"]).toMatch(/spreadsheetml/);
    });

    it("the editor brings back an exported file with a day/month/year date, answering the question once", async () => {
      await Promise.all([
        page.waitForURL((u) => u.pathname === "/"),
        page.getByRole("button", { name: "Sign out" }).click(),
      ]);
      await page.goto(`${app.baseUrl}/login`);
      await page.fill("#email", EDITOR.email);
      await page.fill("#password", EDITOR.password);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith("/login")),
        page.click("main button[type=submit]"),
      ]);
      const exported = await (await page.context().request.get(`${app.baseUrl}/export.csv?state=KEN`)).text();
      const rows = parseCsv(exported);
      const target = rows.find((r) => r.paragraph === "101.3")!;
      target.current_status = "In the process of implementation";
      target.current_as_of = "01/10/2026"; // as Kenyan Excel saves 1 October 2026
      target.evidence = EVIDENCE;
      const file = "\uFEFF" + Papa.unparse(rows, { newline: "\r\n" });
      await page.goto(`${app.baseUrl}/import`);
      await page.setInputFiles("#import-file", {
        name: "kenya-edited.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(file),
      });
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      const question = page.getByTestId("roundtrip-date-question");
      await question.waitFor();
      expect(await question.innerText()).toContain("day/month/year: 01/10/2026 is 1 October 2026");
      // Until the question is answered, the row with the ambiguous date is not read: nothing to record.
      const record = page.getByRole("button", { name: /^Record 0 assessments$/ });
      expect(await record.isDisabled()).toBe(true);
      await question.getByLabel(/day\/month\/year/).check();
      await question.getByRole("button", { name: "Read the dates this way" }).click();
      await expect
        .poll(() => page.getByTestId("roundtrip-counts").innerText())
        .toMatch(/1 new assessment, .*0 problems/);
      expect(await page.getByTestId("roundtrip-preview").innerText()).toContain(
        "read from 01/10/2026 as day/month/year",
      );
      await page.getByRole("button", { name: /^Record 1 assessment$/ }).click();
      await expect
        .poll(() => page.getByTestId("roundtrip-done").innerText(), { timeout: 20_000 })
        .toContain("Recorded 1 new assessment");
    });

    it("a bulk save pressed twice saves once, and the form is cleared", async () => {
      await page.goto(`${app.baseUrl}/assessments/bulk?q=police`);
      const boxes = page.locator("main input[type=checkbox][name=ids]");
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.selectOption("#status", "no_action");
      await page.fill("#evidence", EVIDENCE);
      const save = page.getByRole("button", { name: "Record for the ticked recommendations" });
      await save.dblclick();
      await page.getByTestId("bulk-saved").waitFor();
      expect(await page.getByTestId("bulk-saved").innerText()).toContain("Saved 2 assessments");
      expect(await page.locator("#evidence").inputValue()).toBe("");
      expect(await boxes.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)).toBe(0);
      await page.screenshot({ path: resultPath(`first-coalition-bulk-${engine}.png`), fullPage: true });
    });

    it("the admin reads the audit log in sentences", async () => {
      await Promise.all([
        page.waitForURL((u) => u.pathname === "/"),
        page.getByRole("button", { name: "Sign out" }).click(),
      ]);
      await page.goto(`${app.baseUrl}/login`);
      await page.fill("#email", ADMIN.email);
      await page.fill("#password", ADMIN.password);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith("/login")),
        page.click("main button[type=submit]"),
      ]);
      await page.goto(`${app.baseUrl}/admin/audit?topic=assessments&who=`);
      const entries = page.getByTestId("audit-entries");
      const text = await entries.innerText();
      expect(text).toContain("101.3 (Kenya, cycle 1): ");
      expect(text).toMatch(
        /→ In the process of implementation, as of 1 October 2026, Stop the Traffik Kenya, by editor@example\.org/,
      );
      // Two bulk assessments, one each: not four.
      expect(
        text.match(/Little or no known action, as of .*by editor@example\.org \(one of many assessed at once\)/g),
      ).toHaveLength(2);
      await page.locator("details summary").first().click();
      expect(await page.locator("details[open] pre").first().innerText()).toContain('"status"');
      await page.screenshot({ path: resultPath(`first-coalition-audit-${engine}.png`), fullPage: true });
    });
  });
}
