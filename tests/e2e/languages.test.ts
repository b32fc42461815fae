// Every public page and the editors' main pages in French, Spanish, Swahili and Arabic (issue #29), on the
// seeded database with the sample data, in Debian's Chromium: the page says its language (`lang`, and `dir`
// right to left in Arabic), shows no English interface word once the browser has hydrated it (the
// catalogue of the page's language loaded by the browser, not only the server's page), logs no error (a
// hydration mismatch), and is no wider than a 390 px phone. English interface words: those of en.json that
// the language's catalogue never uses (tests/helpers/interface-words.ts); UN texts (lang="en") and what
// people typed (dir="auto") are data, not interface.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppDatabase, newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";
import { englishLeft } from "../helpers/interface-words";

const ADMIN = { email: "admin@languages.example", password: "languages admin password" };
const LANGUAGES = ["fr", "es", "sw", "ar"] as const;

interface Found {
  review: string;
  recommendation: string;
  state: string;
  lobbying: string;
  submission: string;
  issue: string;
}

const PUBLIC: ((f: Found) => string)[] = [
  () => "/",
  () => "/?state=SVN",
  () => "/reviews",
  (f) => `/reviews/${f.review}`,
  (f) => `/reviews/${f.review}/report`,
  () => "/dashboard",
  () => "/dashboard?state=SVN",
  () => "/recommendations",
  () => "/recommendations?state=KEN&cycle=1&response=supported",
  (f) => `/recommendations/${f.recommendation}`,
  () => "/issues",
  (f) => `/issues/${f.issue}`,
  () => "/states",
  (f) => `/states/${f.state}`,
  () => "/lobbying",
  (f) => `/lobbying/${f.lobbying}`,
  () => "/calendar",
  () => "/changes",
  () => "/submissions",
  (f) => `/submissions/${f.submission}`,
  (f) => `/submissions/${f.submission}/report`,
  () => "/tools/word-count",
  () => "/login",
  () => "/no-such-page",
];
const EDITORS: ((f: Found) => string)[] = [
  (f) => `/recommendations/${f.recommendation}`,
  (f) => `/issues/${f.issue}`,
  () => "/assessments/bulk",
  () => "/import",
  () => "/account/password",
  () => "/admin/users",
  () => "/admin/audit",
  () => "/admin/imports",
  () => "/admin/backup",
  () => "/admin/sample",
];

async function firstMatch(baseUrl: string, path: string, re: RegExp): Promise<string> {
  const html = await (await fetch(baseUrl + path)).text();
  const m = re.exec(html);
  if (!m) throw new Error(`no link matching ${re} on ${path}`);
  return m[1]!;
}

async function findAddresses(baseUrl: string): Promise<Found> {
  const review = await firstMatch(baseUrl, "/?state=KEN", /href="\/reviews\/(\d+)"/);
  return {
    review,
    recommendation: await firstMatch(baseUrl, `/reviews/${review}`, /href="\/recommendations\/(\d+)"/),
    state: await firstMatch(baseUrl, "/states", /href="\/states\/([A-Z]{3})[?"]/),
    lobbying: await firstMatch(baseUrl, "/lobbying", /href="\/lobbying\/([A-Z]{3})[?"]/),
    submission: await firstMatch(baseUrl, "/submissions", /href="\/submissions\/(\d+)"/),
    issue: await firstMatch(baseUrl, "/issues", /href="\/issues\/([a-z0-9-]+)"/),
  };
}

async function signIn(context: BrowserContext, baseUrl: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login?lang=en`);
  await page.fill("#email", ADMIN.email);
  await page.fill("#password", ADMIN.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("main button[type=submit]")]);
  await page.close();
}

/** Each page in the language: its problems, one line each (none is the goal). */
async function checkPages(context: BrowserContext, baseUrl: string, lng: string, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  const page: Page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e.message).slice(0, 120)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 404/.test(m.text())) errors.push(m.text().slice(0, 120));
  });
  for (const path of paths) {
    errors.length = 0;
    await page.setViewportSize({ width: 1280, height: 900 });
    const url = `${baseUrl}${path}${path.includes("?") ? "&" : "?"}lang=${lng}`;
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    const html = await page.content();
    const lang = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
    if (lang[0] !== lng || lang[1] !== (lng === "ar" ? "rtl" : "ltr")) problems.push(`${lng} ${path}: <html> ${lang}`);
    const left = englishLeft(html, lng);
    if (left.length > 0) problems.push(`${lng} ${path}: English words ${left.join(" ")}`);
    // A phone: the page loaded anew at its width (charts size themselves when they are drawn).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) problems.push(`${lng} ${path}: ${width} px wide at 390`);
    if (errors.length > 0)
      problems.push(`${lng} ${path}: ${errors.length} errors, first ${[...new Set(errors)].slice(0, 2).join(" | ")}`);
  }
  await page.close();
  return problems;
}

describe("every page in French, Spanish, Swahili and Arabic [pglite]", () => {
  let db: AppDatabase;
  let app: RunningApp;
  let browser: Browser;
  let found: Found;

  beforeAll(async () => {
    db = await newAppDatabase("pglite", { USER_PASSWORD: ADMIN.password });
    await runProjectScript(db.env, "scripts/db-seed.ts");
    await runProjectScript(db.env, "scripts/user-create.ts", [
      "--email",
      ADMIN.email,
      "--org",
      "Languages",
      "--role",
      "admin",
    ]);
    [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
    await runProjectScript({ ...db.env, DATA_DIR: app.dataDir }, "scripts/seed-sample.ts");
    found = await findAddresses(app.baseUrl);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it.each(LANGUAGES)(
    "%s: the public pages",
    async (lng) => {
      const context = await browser.newContext();
      const problems = await checkPages(
        context,
        app.baseUrl,
        lng,
        PUBLIC.map((p) => p(found)),
      );
      await context.close();
      expect(problems).toEqual([]);
    },
    300_000,
  );

  it.each(LANGUAGES)(
    "%s: the editors' pages",
    async (lng) => {
      const context = await browser.newContext();
      await signIn(context, app.baseUrl);
      const problems = await checkPages(
        context,
        app.baseUrl,
        lng,
        EDITORS.map((p) => p(found)),
      );
      await context.close();
      expect(problems).toEqual([]);
    },
    300_000,
  );

  it("answers a browser that asks for Arabic in Arabic, right to left, and keeps a chosen language", async () => {
    const context = await browser.newContext({ locale: "ar-EG" });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/dashboard`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      "ar",
      "rtl",
    ]);
    // The switcher: Français, then a page without ?lang= stays French (the cookie).
    await page.click(".language-switcher a[lang=fr]");
    await page.waitForURL(/lang=fr/);
    await page.goto(`${app.baseUrl}/recommendations`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
    expect(await page.locator("h1").innerText()).not.toBe("Recommendations");
    await context.close();
  }, 120_000);
});
