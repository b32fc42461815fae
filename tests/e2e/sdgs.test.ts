// The SDGs and affected persons of OHCHR's Slovenia matrix (the committed excerpt, imported with
// `npm run import`) in Debian's Chromium: on a recommendation's page (linked to the list), as the list's
// filters (chosen in the form, without JavaScript's help), and as the dashboard's chart of responses per goal.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

const MATRIX_EXCERPT = path.resolve(import.meta.dirname, "../fixtures/import/ohchr-matrix-slovenia-excerpt.docx");

for (const engine of enginesUnderTest())
  describe(`SDGs and affected persons in the browser [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};
    const errors: string[] = [];

    beforeAll(async () => {
      const db = await newAppDatabase(engine);
      dropDb = db.drop;
      await runProjectScript(db.env, "scripts/db-seed.ts");
      await runProjectScript(db.env, "scripts/import.ts", [MATRIX_EXCERPT]);
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("the page, the filters and the dashboard", async () => {
      const page = await browser.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      // The list, filtered by goal 16 in its form.
      await page.goto(`${app.baseUrl}/recommendations?state=SVN`);
      await page.locator("details.filter-panel > summary").click();
      await page.locator("select[name=sdg]").selectOption("16");
      await page.getByRole("button", { name: "Apply" }).click();
      await page.waitForURL(/sdg=16/);
      // The address changes before React has drawn the new list (the navigation renders in a transition).
      await page.getByTestId("result-count").getByText("5 recommendations.", { exact: true }).waitFor();
      expect(await page.getByTestId("result-count").innerText()).toBe("5 recommendations.");
      expect(await page.locator("select[name=sdg] option:checked").innerText()).toBe(
        "SDG 16: Peace, justice and strong institutions (5)",
      );
      // 121.23's page: its goals and affected persons, each a link to the list.
      await page.getByRole("link", { name: /Slovenia, cycle 3, ¶ 121\.23/ }).click();
      await page.getByTestId("sdgs").waitFor();
      expect(await page.getByTestId("sdgs").innerText()).toBe(
        "SDG 5: Gender equality; SDG 8: Decent work and economic growth; SDG 10: Reduced inequalities; SDG 16: Peace, justice and strong institutions",
      );
      expect(await page.getByTestId("affected-persons").innerText()).toBe(
        "refugees & asylum seekers; Women; minorities/ racial, ethnic, linguistic, religious or descent-based groups",
      );
      await page.getByTestId("affected-persons").getByRole("link", { name: "Women" }).click();
      await page.waitForURL(/affected=Women/);
      await page.getByTestId("result-count").getByText("3 recommendations.", { exact: true }).waitFor();
      expect(await page.getByTestId("result-count").innerText()).toBe("3 recommendations.");
      // The dashboard: responses per goal, drawn and as a table.
      await page.goto(`${app.baseUrl}/dashboard?state=SVN`);
      await page.locator("[data-testid=chart-responses-by-sdg] .recharts-wrapper > svg").waitFor();
      const rows = await page.locator("[data-testid=table-responses-by-sdg] tbody tr").allInnerTexts();
      expect(rows.map((r) => r.split("\t")[0])).toEqual([
        "SDG 5: Gender equality",
        "SDG 8: Decent work and economic growth",
        "SDG 10: Reduced inequalities",
        "SDG 16: Peace, justice and strong institutions",
      ]);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  });
