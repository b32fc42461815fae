// The new public pages in Debian's Chromium after `npm run seed:sample`: the dashboard's small multiples
// per coalition issue, an issue page's large chart, a recommending state's brief (and its print on A4),
// and what changed with its Atom feed, at 390 px and 1280 px with no horizontal overflow.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

const VIEWPORTS = [
  ["phone", { width: 390, height: 844 }],
  ["desktop", { width: 1280, height: 900 }],
] as const;

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const engine of enginesUnderTest()) {
  describe(`progress per issue, recommending states, what changed [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};
    const errors: string[] = [];

    beforeAll(async () => {
      const db = await newAppDatabase(engine);
      dropDb = db.drop;
      for (const script of ["scripts/db-seed.ts", "scripts/seed-sample.ts"]) await runProjectScript(db.env, script);
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    async function open(path: string, viewport: { width: number; height: number }) {
      const page = await browser.newPage({ viewport });
      page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
      await page.goto(app.baseUrl + path);
      return page;
    }

    it("the dashboard draws one small chart per coalition issue, on one scale, each linked to its issue", async () => {
      for (const [name, viewport] of VIEWPORTS) {
        const page = await open("/dashboard", viewport);
        const grid = page.getByTestId("issue-small-multiples");
        await grid.locator("svg.recharts-surface").first().waitFor();
        const figures = grid.locator("figure.small-multiple");
        expect(await figures.count()).toBe(7);
        // Every small chart with linked recommendations draws its five status areas; all share the top tick.
        const charted = await grid.locator(".chart-area:has(svg.recharts-surface)").count();
        expect(charted).toBeGreaterThan(0);
        expect(await grid.locator(".recharts-area").count()).toBe(charted * 5);
        await grid.locator(".recharts-cartesian-axis-tick-value").first().waitFor();
        // The y axis's ticks are the numeric ones (the x axis's are months, "2011-01"): the top one per chart.
        const ticks = await grid.locator(".recharts-cartesian-axis-tick-value").evaluateAll((els) => {
          const svgs = Array.from(
            document.querySelectorAll("[data-testid=issue-small-multiples] svg.recharts-surface"),
          );
          return els.map((t) => [svgs.indexOf(t.closest("svg")!), Number(t.textContent)] as [number, number]);
        });
        const topOf = new Map<number, number>();
        for (const [chart, value] of ticks)
          if (Number.isFinite(value)) topOf.set(chart, Math.max(topOf.get(chart) ?? 0, value));
        const tops = [...topOf.values()];
        expect(tops).toHaveLength(charted);
        expect(new Set(tops).size).toBe(1);
        // Its numbers in words, and a link to the issue.
        const summary = await page.getByTestId("issue-progress-summary-victim-protection").innerText();
        expect(summary).toMatch(/^\d+ of \d+ linked supported recommendations at least partially implemented/);
        expect(await figures.first().locator("figcaption a").getAttribute("href")).toMatch(/^\/issues\//);
        expect(await overflow(page), name).toBeLessThanOrEqual(0);
        await page.screenshot({ path: resultPath(`issue-progress-dashboard-${name}-${engine}.png`), fullPage: true });
        await page.close();
      }
    });

    it("an issue's page shows its progress large, with the same numbers as a table", async () => {
      for (const [name, viewport] of VIEWPORTS) {
        const page = await open("/issues/victim-protection", viewport);
        await page.locator("[data-testid=chart-issue-progress] .recharts-area").first().waitFor();
        expect(await page.locator("[data-testid=chart-issue-progress] .recharts-area").count()).toBe(5);
        const last = await page
          .locator("[data-testid=table-issue-progress] tbody tr")
          .last()
          .locator("td")
          .evaluateAll((cells) => cells.map((c) => c.textContent ?? "")); // in a closed <details>: textContent
        const [, , , partially, fully] = last.map(Number);
        const summary = await page.getByTestId("issue-progress-summary").innerText();
        expect(summary.startsWith(`${partially! + fully!} of `)).toBe(true);
        expect(await overflow(page), name).toBeLessThanOrEqual(0);
        await page.screenshot({ path: resultPath(`issue-page-${name}-${engine}.png`), fullPage: true });
        await page.close();
      }
    });

    it("a recommending state's brief: linked from the recommendations, fits the screen and prints on A4", async () => {
      const review = await open("/recommendations?from=BFA", { width: 1280, height: 900 });
      await review.locator("[data-testid=results] a[href='/states/BFA']").first().click();
      await review.waitForURL(/\/states\/BFA$/);
      await review.locator("h1", { hasText: "Burkina Faso" }).waitFor();
      expect(await review.locator("h1").innerText()).toBe("Burkina Faso: its UPR recommendations to Kenya");
      await review.close();
      for (const [name, viewport] of VIEWPORTS) {
        const page = await open("/states/BFA", viewport);
        expect(await page.getByTestId("brief-total").innerText()).toMatch(/^\d+$/);
        expect(await page.locator("[data-testid=brief-cycle-1] tbody tr").count()).toBe(
          Number(await page.getByTestId("brief-total").innerText()),
        );
        expect(await page.locator("body").innerText()).not.toMatch(/@[a-z0-9-]+\.[a-z]/i);
        expect(await overflow(page), name).toBeLessThanOrEqual(0);
        await page.screenshot({ path: resultPath(`state-brief-${name}-${engine}.png`), fullPage: true });
        await page.close();
      }
      // Printed: A4's width less the margins is 186 mm, about 703 CSS pixels; nothing wider, on one page,
      // also for Norway, which made the most recommendations of Kenya's first cycle (7, each with evidence).
      for (const code of ["BFA", "NOR"]) {
        const page = await open(`/states/${code}`, { width: 703, height: 1000 });
        await page.emulateMedia({ media: "print" });
        expect(await overflow(page), code).toBeLessThanOrEqual(0);
        expect(await page.locator(".site-header").isVisible()).toBe(false);
        const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
        expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length, code).toBe(1);
        await page.close();
      }
    });

    it("what changed: the latest assessments, filtered, paged, with an Atom feed the browser parses as XML", async () => {
      for (const [name, viewport] of VIEWPORTS) {
        const page = await open("/changes", viewport);
        const items = page.locator("[data-testid=changes] li");
        expect(await items.count()).toBeGreaterThan(0);
        expect(await page.getByTestId("changes-count").innerText()).toMatch(/assessments/);
        const feedHref = await page.locator("link[rel=alternate][type='application/atom+xml']").getAttribute("href");
        expect(feedHref).toBe("/changes.atom");
        expect(await overflow(page), name).toBeLessThanOrEqual(0);
        await page.screenshot({ path: resultPath(`changes-${name}-${engine}.png`), fullPage: true });
        await page.close();
      }
      const page = await open("/changes?issue=victim-protection&since=2012-01-01", { width: 1280, height: 900 });
      const dates = await page.locator("[data-testid=changes] li .muted").allInnerTexts();
      expect(dates.length).toBeGreaterThan(0);
      const feed = await page.evaluate(async () => {
        const href = document.querySelector("link[rel=alternate][type='application/atom+xml']")!.getAttribute("href")!;
        const text = await (await fetch(href)).text();
        const doc = new DOMParser().parseFromString(text, "application/xml");
        const ns = "http://www.w3.org/2005/Atom";
        return {
          href,
          error: doc.getElementsByTagName("parsererror").length,
          root: doc.documentElement.namespaceURI,
          entries: doc.getElementsByTagNameNS(ns, "entry").length,
          complete: [...doc.getElementsByTagNameNS(ns, "entry")].every((e) =>
            ["id", "title", "updated", "summary", "link"].every((n) => e.getElementsByTagNameNS(ns, n).length === 1),
          ),
        };
      });
      expect(feed).toMatchObject({ error: 0, root: "http://www.w3.org/2005/Atom", complete: true });
      expect(feed.href).toBe("/changes.atom?issue=victim-protection&since=2012-01-01");
      expect(feed.entries).toBe(Math.min(50, dates.length));
      await page.close();
      expect(errors).toEqual([]);
    });
  });
}
