// A new user's first look: the built app on a new database shows Kenya's real cycle-1 numbers.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

for (const engine of enginesUnderTest()) {
  describe(`public pages [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};

    beforeAll(async () => {
      const db = await newAppDatabase(engine);
      dropDb = db.drop;
      [app, browser] = await Promise.all([startApp({ databaseUrl: db.start.databaseUrl }), launchBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("home shows Kenya's reviews with the imported and official counts", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(app.baseUrl + "/");
      expect(await page.locator("h1").innerText()).toBe("Kenya in the Universal Periodic Review");
      expect(await page.getByTestId("imported-cycle-1").innerText()).toBe("150 of 150");
      expect(await page.getByTestId("supported-cycle-1").innerText()).toBe("128");
      expect(await page.getByTestId("noted-cycle-1").innerText()).toBe("19");
      expect(await page.getByTestId("imported-cycle-3").innerText()).toContain("0 of 319");
      expect(await page.getByTestId("supported-cycle-3").innerText()).toBe("0 (official: 263)");
      await page.screenshot({ path: resultPath(`home-desktop-${engine}.png`), fullPage: true });
      await page.close();
    });

    it("the cycle-1 review lists all 150 recommendations in report order", async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(app.baseUrl + "/");
      await page.getByRole("link", { name: "Cycle 1" }).click();
      await page.waitForURL(/\/reviews\/\d+$/);
      const rows = page.locator("table.recommendations tbody tr");
      await rows.first().waitFor();
      expect(await rows.count()).toBe(150);
      const first = rows.nth(0);
      expect(await first.locator("td").nth(0).innerText()).toContain("101.1");
      expect(await first.locator("td").nth(2).innerText()).toContain(
        "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
      );
      expect(await rows.nth(9).locator("td").nth(0).innerText()).toContain("101.10");
      // On a phone the table is a list of labelled cards: no sideways scrolling.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: resultPath(`review-phone-${engine}.png`) });
      await page.close();
    });

    it("the coalition issues page lists the seven issues", async () => {
      const page = await browser.newPage();
      await page.goto(app.baseUrl + "/issues");
      expect(await page.locator("main .card h2").count()).toBe(7);
      expect(await page.locator("main").innerText()).toContain("Delay in the operationalization of the Trust Fund");
      await page.close();
    });

    it("an unknown review is a 404 page, not a crash", async () => {
      for (const path of ["/reviews/999999", "/reviews/abc", "/reviews/-1"]) {
        const res = await fetch(app.baseUrl + path);
        expect(res.status, path).toBe(404);
      }
    });
  });
}
