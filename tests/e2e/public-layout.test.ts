// Every public page at a phone's and a desk's width, in Debian's Chromium, after `npm run seed:sample`
// and an assessment recorded by an editor: a screenshot of each (test-results/screenshots/), and the
// layout checks of issue 15: no sideways overflow, a compact header, chart labels that do not overlap,
// legends at WCAG AA contrast, no page or console errors (hydration included), no e-mail address on a
// public page. PAGES is the one list of pages: add a page with one line.
// UPDATE_SCREENSHOTS=1 copies the screenshots that README shows to docs/screenshots/.
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

const EDITOR = { email: "layout.editor@coalition.example", password: "layout editor password" };
const COALITION = "Test coalition (test data)";
const EVIDENCE = "Test data: evidence note written by the layout browser test.";

/** What a page's address needs: ids found on the running app. */
interface Ids {
  review: string;
  recommendation: string;
}
interface PublicPage {
  name: string;
  path: (ids: Ids) => string;
  /** The page answers with this status (a 404 page). */
  status?: number;
  /** It draws charts: wait for them. */
  charts?: boolean;
}
const PAGES: PublicPage[] = [
  { name: "home", path: () => "/" },
  { name: "review", path: (i) => `/reviews/${i.review}` },
  { name: "report", path: (i) => `/reviews/${i.review}/report`, charts: true },
  { name: "recommendations", path: () => "/recommendations?state=KEN&cycle=1" },
  { name: "recommendation", path: (i) => `/recommendations/${i.recommendation}` },
  { name: "issues", path: () => "/issues" },
  { name: "issue", path: () => "/issues/victim-protection" },
  { name: "dashboard", path: () => "/dashboard", charts: true },
  { name: "embed", path: () => "/embed/progress", charts: true },
  { name: "states", path: () => "/states" },
  { name: "state", path: () => "/states/FRA?state=KEN" },
  { name: "changes", path: () => "/changes" },
  { name: "submissions", path: () => "/submissions" },
  { name: "calendar", path: () => "/calendar" },
  { name: "lobbying", path: () => "/lobbying" },
  { name: "word-count", path: () => "/tools/word-count" },
  { name: "login", path: () => "/login" },
  { name: "not-found", path: () => "/no/such/page", status: 404 },
];
/** Screenshots that README's "Using it" shows: test-results name -> docs/screenshots name. */
const README_SCREENSHOTS: Record<string, string> = {
  "dashboard-1280.png": "dashboard.png",
  "issue-1280.png": "issue-progress.png",
  "state-1280.png": "state-brief.png",
};
const WIDTHS = [390, 1280] as const;
const SHOTS = "screenshots";

/** Listens for page errors and console errors (React's hydration errors are console errors). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Pairs of overlapping label boxes, per group of labels (each axis, the milestones), in every chart. */
async function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const groups = (svg: SVGSVGElement) => [
      [...svg.querySelectorAll(".recharts-xAxis .recharts-cartesian-axis-tick text")],
      [...svg.querySelectorAll(".recharts-yAxis .recharts-cartesian-axis-tick text")],
      [...svg.querySelectorAll("text.milestone-label")],
    ];
    for (const svg of document.querySelectorAll<SVGSVGElement>(".recharts-wrapper > svg.recharts-surface")) {
      for (const group of groups(svg)) {
        const boxes = group.map((el) => ({ text: el.textContent ?? "", r: el.getBoundingClientRect() }));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!.r;
            const b = boxes[j]!.r;
            const overlap =
              Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
              Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
            if (overlap) out.push(`"${boxes[i]!.text}" / "${boxes[j]!.text}"`);
          }
      }
    }
    return out;
  });
}

/** The contrast ratio of each legend text against the background it is drawn on (WCAG 2 formula). */
async function legendContrasts(page: Page): Promise<{ text: string; ratio: number }[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c;
      }
      return [255, 255, 255];
    };
    return [...document.querySelectorAll(".recharts-legend-item-text")].map((el) => {
      const deepest = (el.querySelector("*:not(:has(*))") as Element | null) ?? el;
      const fg = lum(rgb(getComputedStyle(deepest).color));
      const bg = lum(background(el));
      return { text: el.textContent ?? "", ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) };
    });
  });
}

async function signIn(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login`);
  await page.fill("#email", EDITOR.email);
  await page.fill("#password", EDITOR.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("main button[type=submit]")]);
}

for (const engine of enginesUnderTest()) {
  describe(`public pages at phone and desk widths [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};
    const ids: Ids = { review: "", recommendation: "" };

    beforeAll(async () => {
      const db = await newAppDatabase(engine, { USER_PASSWORD: EDITOR.password });
      dropDb = db.drop;
      for (const script of ["scripts/db-seed.ts", "scripts/seed-sample.ts"]) await runProjectScript(db.env, script);
      await runProjectScript(db.env, "scripts/user-create.ts", [
        "--email",
        EDITOR.email,
        "--org",
        "Layout Test Organisation (test data)",
        "--role",
        // An admin: the history of assessments then holds the Delete form too (the one reported inside a paragraph).
        "admin",
      ]);
      [app, browser] = await Promise.all([
        startApp({ ...db.start, env: { COALITION_NAME: COALITION } }),
        launchBrowser(),
      ]);
      fs.rmSync(`test-results/${SHOTS}`, { recursive: true, force: true });
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("an editor records an assessment (the pages below must not show who)", async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await signIn(page, app.baseUrl);
      await page.goto(`${app.baseUrl}/`);
      await page.getByRole("link", { name: "Cycle 1" }).click();
      await page.waitForURL(/\/reviews\/\d+$/);
      ids.review = page.url().split("/").at(-1)!;
      const first = page.locator("[data-testid=compact-list] a").first();
      ids.recommendation = (await first.getAttribute("href"))!.split("/").at(-1)!;
      // Signed in, the header stays one row on a phone.
      expect((await page.locator("header.site-header").boundingBox())!.height).toBeLessThanOrEqual(64);
      await page.goto(`${app.baseUrl}/recommendations/${ids.recommendation}`);
      await page.selectOption("#status", "partially_implemented");
      await page.fill("#asOf", "2013-06-30");
      await page.fill("#evidence", EVIDENCE);
      await Promise.all([page.waitForURL(/saved=/), page.getByRole("button", { name: "Record assessment" }).click()]);
      // Signed-in users see who recorded it.
      // The address changes a moment before the page does: wait for the new assessment itself.
      await page.locator("[data-testid=history]", { hasText: `Recorded by ${EDITOR.email}` }).waitFor();
      // Signed-in pages hydrate without errors too (the form that was inside a paragraph).
      for (const path of ["/", `/reviews/${ids.review}`, "/dashboard", "/issues/victim-protection"]) {
        await page.goto(app.baseUrl + path);
        await page.waitForLoadState("networkidle");
      }
      expect(errors).toEqual([]);
      await context.close();
    });

    for (const width of WIDTHS) {
      it(`every public page at ${width} px: no overflow, compact header, readable charts, no errors, no e-mail`, async () => {
        expect(ids.review, "the editor's test ran first").not.toBe("");
        const context: BrowserContext = await browser.newContext({ viewport: { width, height: 844 } });
        const problems: string[] = [];
        for (const p of PAGES) {
          const page = await context.newPage();
          const errors = collectErrors(page);
          const res = await page.goto(app.baseUrl + p.path(ids));
          expect(res?.status(), p.name).toBe(p.status ?? 200);
          await page.waitForLoadState("networkidle");
          if (p.charts) await page.locator("svg.recharts-surface").first().waitFor();
          const where = `${p.name} at ${width}`;
          const m = await page.evaluate(() => ({
            scrollWidth: document.scrollingElement!.scrollWidth,
            innerWidth: window.innerWidth,
            header: document.querySelector("header.site-header")?.getBoundingClientRect().height ?? 0,
            title: document.title,
            html: document.documentElement.outerHTML,
            text: document.body.innerText,
          }));
          if (m.scrollWidth > m.innerWidth) problems.push(`${where}: ${m.scrollWidth} px wide in ${m.innerWidth}`);
          if (m.header > 64) problems.push(`${where}: header ${m.header} px tall`);
          if (!/UPR Monitor/.test(m.title)) problems.push(`${where}: title "${m.title}"`);
          if (m.html.includes(EDITOR.email)) problems.push(`${where}: shows the editor's e-mail`);
          const email = /[\w.+-]+@[\w-]+\.[\w.-]+/.exec(m.text);
          if (email) problems.push(`${where}: shows an e-mail address ${email[0]}`);
          for (const o of await overlappingLabels(page)) problems.push(`${where}: labels overlap ${o}`);
          for (const l of await legendContrasts(page))
            if (l.ratio < 4.5) problems.push(`${where}: legend "${l.text}" contrast ${l.ratio.toFixed(2)}:1`);
          // A 404 page's own answer is logged as a failed resource: that one is expected.
          const expected = (e: string) => p.status === 404 && /Failed to load resource.*404/.test(e);
          problems.push(...errors.filter((e) => !expected(e)).map((e) => `${where}: ${e}`));
          await page.screenshot({ path: resultPath(`${SHOTS}/${p.name}-${width}.png`), fullPage: true });
          await page.close();
        }
        await context.close();
        expect(problems).toEqual([]);
      });
    }

    it("the page of the recommendation an editor assessed names the organisation, never the person", async () => {
      const page = await browser.newPage();
      await page.goto(`${app.baseUrl}/recommendations/${ids.recommendation}`);
      const history = await page.locator("[data-testid=history]").innerText();
      expect(history).toContain("Layout Test Organisation (test data)");
      expect(history).toContain(EVIDENCE);
      expect(history).toContain("Recorded on ");
      expect(history).not.toContain("Recorded by");
      await page.close();
    });

    it("on a phone: the menu opens without JavaScript, and the dashboard's first screen has the numbers and the chart", async () => {
      const noJs = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
      const page = await noJs.newPage();
      await page.goto(`${app.baseUrl}/dashboard`);
      const dashboardLink = page.locator("header nav a", { hasText: "Coalition issues" });
      expect(await dashboardLink.isVisible()).toBe(false);
      await page.locator("label.menu-button").click();
      expect(await dashboardLink.isVisible()).toBe(true);
      // Touch targets of the menu: at least 44 px tall.
      for (const box of await page
        .locator("header a, header label, header button")
        .evaluateAll((els) =>
          els.filter((e) => (e as HTMLElement).offsetParent).map((e) => e.getBoundingClientRect().height),
        ))
        expect(box).toBeGreaterThanOrEqual(44);
      await noJs.close();

      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await phone.goto(`${app.baseUrl}/dashboard`);
      await phone.locator("[data-testid=chart-progress] .recharts-wrapper > svg").waitFor();
      await phone.screenshot({ path: resultPath(`${SHOTS}/dashboard-390-first-screen.png`) });
      const headline = (await phone.getByTestId("headline-implemented").boundingBox())!;
      const chart = (await phone.locator("[data-testid=chart-progress] .recharts-wrapper > svg").boundingBox())!;
      expect(headline.y + headline.height).toBeLessThanOrEqual(844);
      expect(chart.y, "the chart starts on the first screen").toBeLessThan(844);
      expect(chart.y + chart.height * 0.5, "at least half the chart is on the first screen").toBeLessThanOrEqual(844);
      // The filters are folded below the heading, closed.
      expect(await phone.locator("[data-testid=filters]").getAttribute("open")).toBeNull();
      await phone.close();
    });

    it("the charts' legends are in stack order, and the period runs to the later of the next review and the latest assessment", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${app.baseUrl}/dashboard`);
      await page.locator("[data-testid=chart-progress] .recharts-legend-item").first().waitFor();
      expect(await page.locator("[data-testid=chart-progress] .recharts-legend-item-text").allInnerTexts()).toEqual([
        "Not assessed",
        "Little or no known action",
        "In the process of implementation",
        "Partially implemented",
        "Fully implemented",
      ]);
      expect(
        await page.locator("[data-testid=chart-responses-by-cycle] .recharts-legend-item-text").allInnerTexts(),
      ).toEqual(["Supported", "Noted", "No response known"]);
      const milestones = await page.locator("[data-testid=chart-progress] text.milestone-label").allTextContents();
      expect(milestones).toContain("Next review");
      // Kenya's cycle 2 review was on 22 January 2015; sample assessments run later, and the table goes on to them.
      const months = await page.getByTestId("table-progress").locator("tbody th").allTextContents();
      expect(months.at(-1)! > "2015-01-31").toBe(true);
      // The headline's number equals the chart's last month (one definition, one base).
      const last = await page.getByTestId("table-progress").locator("tbody tr").last().locator("td").allTextContents();
      expect(Number(last[3]) + Number(last[4])).toBe(
        Number(await page.getByTestId("headline-implemented").innerText()),
      );
      expect(await page.getByTestId("definition").innerText()).toContain("At least partially implemented");
      // The link preview carries the numbers.
      const og = await page.locator('meta[property="og:description"]').getAttribute("content");
      expect(og).toContain(`${await page.getByTestId("headline-implemented").innerText()} of `);
      expect(await page.locator('link[rel="icon"]').getAttribute("href")).toMatch(/^data:image\/svg\+xml,/);
      if (process.env.UPDATE_SCREENSHOTS === "1") {
        fs.mkdirSync("docs/screenshots", { recursive: true });
        for (const [from, to] of Object.entries(README_SCREENSHOTS))
          fs.copyFileSync(`test-results/${SHOTS}/${from}`, `docs/screenshots/${to}`);
      }
      await page.close();
    });

    it("an empty chart says what is missing and how to fill it, with no empty axes", async () => {
      const page = await browser.newPage();
      // Kenya's cycle 3: its 319 recommendations are not held yet.
      await page.goto(`${app.baseUrl}/dashboard?cycle=3`);
      await page.waitForLoadState("networkidle");
      for (const chart of ["progress", "responses-by-issue", "top-recommending-states"]) {
        expect(await page.getByTestId(`empty-${chart}`).innerText(), chart).toMatch(/No recommendation .* yet/);
        expect(await page.locator(`figure[data-chart=${chart}] svg`).count(), chart).toBe(0);
      }
      // The chart of responses per cycle covers every cycle, so it still draws.
      await page.locator("[data-testid=chart-responses-by-cycle] .recharts-wrapper > svg").waitFor();
      await page.close();
    });

    it("a page that does not exist says so in plain words", async () => {
      const page = await browser.newPage();
      const res = await page.goto(`${app.baseUrl}/no/such/page`);
      expect(res?.status()).toBe(404);
      expect(await page.locator("h1").innerText()).toBe("Page not found");
      expect(await page.locator("main").innerText()).not.toMatch(/Error|No route matches/);
      expect(await page.title()).toBe("Page not found: UPR Monitor");
      await page.close();
    });
  });
}
