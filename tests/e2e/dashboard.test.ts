// The dashboard as a new user sees it after `npm start` and `npm run seed:sample`: every chart draws
// its series, and every table's numbers equal what the database says (checked with independent SQL).
import { sql } from "kysely";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

interface Expected {
  supported: number;
  implemented: number;
  notAssessed: number;
  total: number;
  cycle1: { supported: number; noted: number; pending: number };
  issue: { slug: string; title: string; supported: number; implemented: number };
  /** Status counts of the supported recommendations (the chart's base) at the end of January 2012, computed with a lateral query per recommendation. */
  jan2012: number[];
}

async function expectedFromDatabase(env: NodeJS.ProcessEnv): Promise<Expected> {
  const handle = env.DATABASE_URL
    ? await createDb({ databaseUrl: env.DATABASE_URL })
    : await createDb({ dataDir: env.DATA_DIR! });
  try {
    const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(handle.db)).rows;
    const [h] = await q(sql<{ supported: number; implemented: number; not_assessed: number; total: number }>`
      select count(*) filter (where rec.response = 'supported')::int as supported,
        count(*) filter (where rec.response = 'supported' and latest.status in ('partially_implemented', 'fully_implemented'))::int as implemented,
        count(*) filter (where latest.status is null)::int as not_assessed, count(*)::int as total
      from recommendation rec join review r on r.id = rec.review_id join state s on s.id = r.state_id
      left join lateral (select a.status from assessment a where a.recommendation_id = rec.id order by a.as_of desc, a.id desc limit 1) latest on true
      where s.iso3 = 'KEN' and rec.kind = 'recommendation'`);
    const [c1] = await q(sql<{ supported: number; noted: number; pending: number }>`
      select count(*) filter (where response = 'supported')::int as supported, count(*) filter (where response = 'noted')::int as noted,
        count(*) filter (where response = 'pending')::int as pending
      from recommendation rec join review r on r.id = rec.review_id where r.cycle = 1 and rec.kind = 'recommendation'`);
    const [issue] = await q(sql<{ slug: string; title: string; supported: number; implemented: number }>`
      select i.slug, i.title, count(*) filter (where rec.response = 'supported')::int as supported,
        count(*) filter (where rec.response = 'supported' and latest.status in ('partially_implemented', 'fully_implemented'))::int as implemented
      from coalition_issue i join recommendation_issue ri on ri.issue_id = i.id join recommendation rec on rec.id = ri.recommendation_id
      left join lateral (select a.status from assessment a where a.recommendation_id = rec.id order by a.as_of desc, a.id desc limit 1) latest on true
      where i.slug = 'victim-protection' group by i.slug, i.title`);
    const statuses = ["not_assessed", "no_action", "in_progress", "partially_implemented", "fully_implemented"];
    const jan = await q(sql<{ status: string; n: number }>`
      select coalesce(latest.status, 'not_assessed') as status, count(*)::int as n
      from recommendation rec join review r on r.id = rec.review_id
      left join lateral (select a.status from assessment a where a.recommendation_id = rec.id and a.as_of <= '2012-01-31' order by a.as_of desc, a.id desc limit 1) latest on true
      where r.cycle = 1 and rec.kind = 'recommendation' and rec.response = 'supported' group by 1`);
    const jan2012 = statuses.map((s) => jan.find((r) => r.status === s)?.n ?? 0);
    return {
      supported: h!.supported,
      implemented: h!.implemented,
      notAssessed: h!.not_assessed,
      total: h!.total,
      cycle1: c1!,
      issue: issue!,
      jan2012,
    };
  } finally {
    await handle.close();
  }
}

async function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll("th,td")).map((c) => (c.textContent ?? "").trim())),
    );
}

for (const engine of enginesUnderTest()) {
  describe(`dashboard [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};
    let expected: Expected;

    beforeAll(async () => {
      const db = await newAppDatabase(engine);
      dropDb = db.drop;
      const env = db.env;
      for (const script of ["scripts/db-seed.ts", "scripts/seed-sample.ts"]) await runProjectScript(env, script);
      expected = await expectedFromDatabase(env);
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("draws every chart with its series, at desktop and phone widths", async () => {
      for (const [name, viewport] of [
        ["desktop", { width: 1280, height: 900 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        const page = await browser.newPage({ viewport });
        await page.goto(`${app.baseUrl}/dashboard`);
        await page.locator("[data-testid=chart-progress] svg.recharts-surface").first().waitFor();
        // Five stacked status areas over the period; three response series in each bar chart.
        expect(await page.locator("[data-testid=chart-progress] .recharts-area").count()).toBe(5);
        for (const chart of [
          "responses-by-cycle",
          "responses-by-issue",
          "responses-by-group",
          "top-recommending-states",
        ]) {
          await page.locator(`[data-testid=chart-${chart}] .recharts-bar-rectangle`).first().waitFor();
          expect(await page.locator(`[data-testid=chart-${chart}] .recharts-bar`).count(), chart).toBe(3);
          expect(await page.locator(`[data-testid=chart-${chart}] .recharts-legend-item`).count(), chart).toBe(3);
        }
        expect(await page.getByTestId("sample-banner").isVisible()).toBe(true);
        if (name === "phone") {
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow).toBeLessThanOrEqual(0);
        }
        await page.screenshot({ path: resultPath(`dashboard-${name}-${engine}.png`), fullPage: true });
        await page.close();
      }
    });

    it("the tables' numbers equal the database's", async () => {
      const page = await browser.newPage();
      await page.goto(`${app.baseUrl}/dashboard`);
      expect(await page.getByTestId("headline-implemented").innerText()).toBe(String(expected.implemented));
      expect(await page.getByTestId("headline-supported").innerText()).toBe(String(expected.supported));
      expect(await page.getByTestId("headline-not-assessed").innerText()).toBe(String(expected.notAssessed));
      const c = expected.cycle1;
      expect(await tableRows(page, "table-responses-by-cycle")).toEqual([
        ["Cycle 1", String(c.supported), String(c.noted), String(c.pending), String(c.supported + c.noted + c.pending)],
      ]);
      const progress = await tableRows(page, "table-progress");
      expect(progress.find((r) => r[0] === "2012-01-31")!.slice(1)).toEqual(expected.jan2012.map(String));
      const issueRow = (await tableRows(page, "table-issues")).find((r) => r[0] === expected.issue.title)!;
      expect([issueRow[2], issueRow[3]]).toEqual([
        String(expected.issue.supported),
        String(expected.issue.implemented),
      ]);
      await page.close();
    });

    it("answers at a glance: Kenya's supported recommendations on victim protection, and the change since adoption", async () => {
      const page = await browser.newPage({ javaScriptEnabled: false } as any);
      await page.goto(`${app.baseUrl}/dashboard?issue=victim-protection&response=supported`);
      expect(await page.getByTestId("headline-implemented").innerText()).toBe(String(expected.issue.implemented));
      expect(await page.getByTestId("headline-supported").innerText()).toBe(String(expected.issue.supported));
      expect(await page.getByTestId("headline-change").innerText()).toMatch(
        /at the start of the period \(6 May 2010\)/,
      );
      // The month-by-month table under the chart ends with the same count of implemented ones.
      const last = (await tableRows(page, "table-progress")).at(-1)!;
      expect(Number(last[4]) + Number(last[5])).toBe(expected.issue.implemented);
      await page.close();
    });

    it("serves each chart's numbers as CSV and as an embed; unknown filters are reported, not fatal", async () => {
      const csv = await fetch(`${app.baseUrl}/dashboard/responses-by-cycle.csv`);
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const bytes = Buffer.from(await csv.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for Excel
      const text = bytes.subarray(3).toString("utf8");
      expect(text.startsWith("Cycle,Supported,Noted,No response known,Total\r\n")).toBe(true);
      expect(text).toContain(
        `Cycle 1,${expected.cycle1.supported},${expected.cycle1.noted},${expected.cycle1.pending},`,
      );
      expect((await fetch(`${app.baseUrl}/dashboard/nothing.csv`)).status).toBe(404);
      const page = await browser.newPage();
      await page.goto(`${app.baseUrl}/embed/progress?issue=victim-protection`);
      await page.locator("svg.recharts-surface").first().waitFor();
      expect(await page.locator("header.site-header").count()).toBe(0);
      await page.goto(`${app.baseUrl}/dashboard?cycle=nine&issue=unknown-issue`);
      expect(await page.getByTestId("ignored").innerText()).toContain("cycle=nine");
      await page.close();
    });
  });
}
