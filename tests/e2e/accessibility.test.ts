// The accessibility audit of issue 26: axe-core 4 (the engine auditors use) on every kind of public page,
// at a phone's and a desk's width, on the seeded database and again with the sample data (added while the
// app runs, through its admin endpoint: one app start). Any serious or critical violation fails the test,
// with a list of rule, impact, targets, page and width.
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppDatabase, newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WIDTHS = [390, 1280] as const;
// 18 pages at two widths, axe on each: about 90 s on a busy two-core machine.

/** Addresses found on the running app (ids differ between databases). */
interface Found {
  review: string;
  recommendation: string;
  state: string;
  lobbying: string;
  submission: string | null;
}
interface AuditedPage {
  name: string;
  path: (f: Found) => string | null;
}
const PAGES: AuditedPage[] = [
  { name: "home", path: () => "/" },
  { name: "review", path: (f) => `/reviews/${f.review}` },
  { name: "report", path: (f) => `/reviews/${f.review}/report` },
  { name: "dashboard", path: () => "/dashboard" },
  { name: "recommendations (filtered)", path: () => "/recommendations?state=KEN&cycle=1&response=supported" },
  { name: "recommendation", path: (f) => `/recommendations/${f.recommendation}` },
  { name: "issues", path: () => "/issues" },
  { name: "issue", path: () => "/issues/victim-protection" },
  { name: "states", path: () => "/states" },
  { name: "every state", path: () => "/reviews" },
  { name: "state brief", path: (f) => f.state },
  { name: "lobbying", path: () => "/lobbying" },
  { name: "lobbying page", path: (f) => f.lobbying },
  { name: "calendar", path: () => "/calendar" },
  { name: "changes", path: () => "/changes" },
  { name: "submissions", path: () => "/submissions" },
  { name: "submission", path: (f) => f.submission },
  { name: "word count", path: () => "/tools/word-count" },
  { name: "login", path: () => "/login" },
];

/** The first link's address on a page whose links match the selector (null when there is none). */
async function firstHref(page: Page, url: string, selector: string): Promise<string | null> {
  await page.goto(url);
  const link = page.locator(selector).first();
  if ((await link.count()) === 0) return null;
  const href = await link.getAttribute("href");
  return href ? new URL(href, url).pathname + new URL(href, url).search : null;
}

async function findAddresses(browser: Browser, baseUrl: string): Promise<Found> {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByRole("link", { name: "Cycle 1" }).click();
  await page.waitForURL(/\/reviews\/\d+$/);
  const review = page.url().split("/").at(-1)!;
  const recommendation = (await page.locator("[data-testid=compact-list] a").first().getAttribute("href"))!
    .split("/")
    .at(-1)!;
  const state = await firstHref(page, `${baseUrl}/states`, "main a[href^='/states/']");
  const lobbying = await firstHref(page, `${baseUrl}/lobbying`, "main a[href^='/lobbying/']");
  const submission = await firstHref(page, `${baseUrl}/submissions`, "main a[href^='/submissions/']");
  await page.close();
  expect(state, "a state's page is linked from /states").not.toBeNull();
  expect(lobbying, "a lobbying page is linked from /lobbying").not.toBeNull();
  return { review, recommendation, state: state!, lobbying: lobbying!, submission };
}

/** Runs axe on the page; returns its serious and critical violations, one line per rule and page. */
async function audit(page: Page, where: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<AxeResults> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => {
      const targets = v.nodes.map((n) => n.target.map(String).join(" ")).slice(0, 5);
      const more = v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : "";
      return `${where}: ${v.impact} ${v.id} (${v.help}) on ${v.nodes.length}: ${targets.join(", ")}${more}`;
    });
}

async function auditEveryPage(browser: Browser, baseUrl: string, found: Found, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    // The pages send a strict Content-Security-Policy: bypass it to add axe's script.
    const context: BrowserContext = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true });
    const page = await context.newPage();
    for (const p of PAGES) {
      const path = p.path(found);
      if (path === null) continue;
      const res = await page.goto(baseUrl + path);
      expect(res?.status(), `${p.name} (${path})`).toBe(200);
      await page.waitForLoadState("networkidle");
      // Charts draw in the browser after hydration: audit them drawn.
      if ((await page.locator(".chart-area").count()) > 0)
        await page.locator(".chart-area svg.recharts-surface").first().waitFor();
      problems.push(...(await audit(page, `${p.name} (${path}) at ${width} px, ${label}`)));
    }
    await context.close();
  }
  return problems;
}

describe("accessibility: axe-core on every public page at 390 and 1280 px [pglite]", () => {
  let db: AppDatabase;
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    db = await newAppDatabase("pglite");
    await runProjectScript(db.env, "scripts/db-seed.ts");
    [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("the seeded database: no serious or critical violation", async () => {
    const found = await findAddresses(browser, app.baseUrl);
    expect(await auditEveryPage(browser, app.baseUrl, found, "seeded")).toEqual([]);
  }, 300_000);

  it("with the sample data: no serious or critical violation", async () => {
    // Sent to the running app through its admin endpoint.
    await runProjectScript({ ...db.env, DATA_DIR: app.dataDir }, "scripts/seed-sample.ts");
    const found = await findAddresses(browser, app.baseUrl);
    expect(found.submission, "the sample submission is listed").not.toBeNull();
    expect(await auditEveryPage(browser, app.baseUrl, found, "sample data")).toEqual([]);
  }, 300_000);
});
