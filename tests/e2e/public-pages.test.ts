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

    it("the cycle-1 review lists its 150 recommendations compactly, in report order, 50 a page", async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(app.baseUrl + "/");
      await page.getByRole("link", { name: "Cycle 1" }).click();
      await page.waitForURL(/\/reviews\/\d+$/);
      const rows = page.locator("[data-testid=compact-list] li");
      await rows.first().waitFor();
      expect(await rows.count()).toBe(50);
      expect(await rows.nth(0).locator(".compact-para").innerText()).toBe("101.1");
      expect(await rows.nth(0).locator(".compact-text").textContent()).toBe(
        "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
      );
      expect(await rows.nth(9).locator(".compact-para").innerText()).toBe("101.10");
      // Two lines at most per recommendation on a phone: the list is short, and nothing is wider than the screen.
      for (const h of await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
        expect(h).toBeLessThanOrEqual(64);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: resultPath(`review-phone-${engine}.png`) });
      // The third page ends with the last ones; all 150 are reachable.
      // The address changes a moment before the page does: wait for each page's list itself.
      await page.getByRole("link", { name: "Next →" }).click();
      await page.locator('[data-testid=compact-list][start="51"]').waitFor();
      await page.getByRole("link", { name: "Next →" }).click();
      await page.locator('[data-testid=compact-list][start="101"]').waitFor();
      expect(page.url()).toMatch(/page=3/);
      expect(await rows.count()).toBe(50);
      expect(await page.getByRole("link", { name: "Next →" }).count()).toBe(0);
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
