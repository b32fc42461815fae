// The coalition's issues as a new editor lives them: find Kenya's cycle-1 recommendations on trafficking
// by searching, link them to the coalition's issues from the suggestions (one issue with JavaScript, one
// without), see the links on the issue pages, and see them signed out as the public does.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

const EDITOR = { email: "editor@stopthetraffik.example", password: "editor password 12" };
/** Kenya's cycle-1 paragraphs that mention trafficking (A/HRC/15/8). */
const TRAFFICKING = ["101.47", "101.59"];

async function signIn(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login`);
  await page.fill("#email", EDITOR.email);
  await page.fill("#password", EDITOR.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("main button[type=submit]")]);
}

/** The paragraphs in the issue page's table of linked recommendations. */
async function linkedParagraphs(page: Page): Promise<string[]> {
  // After a client-side navigation the address can change a moment before the page does.
  await page.locator("#linked-heading").waitFor();
  if ((await page.getByTestId("linked").count()) === 0) return [];
  return page.getByTestId("linked").locator("tbody tr td:first-child").allInnerTexts();
}

for (const engine of enginesUnderTest()) {
  describe(`coalition issues journey [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};
    /** A cycle-2 recommendation (test text) that repeats cycle-1 paragraph 101.91. */
    let laterId = 0;

    beforeAll(async () => {
      const db = await newAppDatabase(engine, { USER_PASSWORD: EDITOR.password });
      dropDb = db.drop;
      await runProjectScript(db.env, "scripts/user-create.ts", [
        "--email",
        EDITOR.email,
        "--org",
        "Stop the Traffik Kenya",
        "--role",
        "editor",
      ]);
      const fixture = { stdout: await runProjectScript(db.env, "tests/helpers/add-followup-fixture.ts") };
      const detected = JSON.parse(fixture.stdout.trim().split("\n").at(-1)!) as {
        recommendationId: number;
        found: number;
      };
      expect(detected.found).toBe(1);
      laterId = detected.recommendationId;
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("finds the trafficking recommendations of Kenya's cycle 1 by searching", async () => {
      const page = await browser.newPage();
      await page.goto(`${app.baseUrl}/`);
      await page.getByRole("link", { name: "Recommendations", exact: true }).click();
      await page.fill("#q", "trafficking");
      await Promise.all([
        page.waitForURL(/q=trafficking/),
        page.getByRole("button", { name: "Search", exact: true }).click(),
      ]);
      // Kenya's report has exactly two recommendations on trafficking.
      await page
        .getByTestId("result-count")
        .filter({ hasText: /^2 recommendations/ })
        .waitFor();
      const results = await page.getByTestId("results").innerText();
      for (const p of TRAFFICKING) expect(results).toContain(`¶ ${p}`);
      await page.close();
    });

    it("an editor accepts the suggested trafficking recommendations for an issue, and sees them linked", async () => {
      const page = await browser.newPage();
      await signIn(page, app.baseUrl);
      await page.goto(`${app.baseUrl}/issues`);
      await page.getByRole("link", { name: "Inadequate protection services for victims of trafficking" }).click();
      await page.waitForURL(/\/issues\/victim-protection$/);
      expect(await linkedParagraphs(page)).toEqual([]);
      const suggested = await page
        .getByTestId("suggestions")
        .locator("tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-paragraph")));
      expect(suggested.slice(0, 2).sort()).toEqual(TRAFFICKING);
      // One by one.
      await Promise.all([
        page.waitForURL(/done=accepted/),
        page.getByRole("button", { name: "Accept 101.47", exact: true }).click(),
      ]);
      expect(await page.getByTestId("done").innerText()).toBe("Linked 1 recommendation.");
      // The same address as after the first (done=accepted&n=1): wait for the table instead.
      await page.getByRole("button", { name: "Accept 101.59", exact: true }).click();
      await page.getByTestId("linked").getByRole("link", { name: "101.59", exact: true }).waitFor();
      expect((await linkedParagraphs(page)).sort()).toEqual(TRAFFICKING);
      // A suggestion that does not belong here is rejected and does not come back.
      const third = (await page.getByTestId("suggestions").locator("tbody tr").first().getAttribute("data-paragraph"))!;
      await Promise.all([
        page.waitForURL(/done=rejected/),
        page.getByRole("button", { name: `Reject ${third}`, exact: true }).click(),
      ]);
      await page.getByTestId("done").filter({ hasText: "Rejected 1 suggestion" }).waitFor();
      const after = await page
        .getByTestId("suggestions")
        .locator("tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-paragraph")));
      expect(after).not.toContain(third);
      expect(after).not.toContain("101.47");
      await page.screenshot({ path: resultPath(`issue-editor-${engine}.png`), fullPage: true });
      await page.close();
    });

    it("without JavaScript: ticks both trafficking suggestions for another issue and accepts them at once", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, app.baseUrl);
      await page.goto(`${app.baseUrl}/issues/criminal-justice-capacity`);
      for (const p of TRAFFICKING) await page.getByRole("checkbox", { name: `Choose ${p}`, exact: true }).check();
      await Promise.all([
        page.waitForURL(/done=accepted&n=2/),
        page.getByRole("button", { name: "Accept the ticked suggestions" }).click(),
      ]);
      expect(await page.getByTestId("done").innerText()).toBe("Linked 2 recommendations.");
      expect((await linkedParagraphs(page)).sort()).toEqual(TRAFFICKING);
      await context.close();
    });

    it("signed out, the public sees the links on the issue pages and on the recommendation, without editor controls", async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${app.baseUrl}/issues`);
      const cards = await page.getByTestId("issues").innerText();
      expect(cards).toContain("2 linked recommendations");
      await page.getByRole("link", { name: "Inadequate protection services for victims of trafficking" }).click();
      await page.waitForURL(/\/issues\/victim-protection$/);
      expect((await linkedParagraphs(page)).sort()).toEqual(TRAFFICKING);
      expect(await page.getByTestId("suggestions").count()).toBe(0);
      expect(await page.getByRole("button", { name: /Unlink/ }).count()).toBe(0);
      await page.screenshot({ path: resultPath(`issue-public-${engine}.png`), fullPage: true });
      await page.getByRole("link", { name: "101.47", exact: true }).click();
      await page.waitForURL(/\/recommendations\/\d+$/);
      const facts = await page.locator("dl.facts").innerText();
      expect(facts).toContain("Inadequate protection services for victims of trafficking");
      expect(facts).toContain("Limited capacity of criminal justice practitioners");
      expect(await page.locator("#issues-heading").count()).toBe(0);
      await page.close();
    });

    it("a recommendation shows what was recommended before; an editor confirms it, the public sees it", async () => {
      const page = await browser.newPage();
      await signIn(page, app.baseUrl);
      await page.goto(`${app.baseUrl}/recommendations/${laterId}`);
      const before = await page.getByTestId("followups").innerText();
      expect(before).toContain(
        "Recommended before, in cycle 1 (6 May 2010), by Azerbaijan, paragraph 101.91; status then (22 January 2015): ○ Not assessed",
      );
      expect(before).toContain("not yet checked by an editor");
      await Promise.all([
        page.waitForURL(/note=followup-confirmed/),
        page.getByRole("button", { name: "Confirm: repeats paragraph 101.91 of cycle 1" }).click(),
      ]);
      await page.getByTestId("followups").filter({ hasText: "Confirmed by editor@stopthetraffik.example" }).waitFor();
      await page.screenshot({ path: resultPath(`followup-editor-${engine}.png`), fullPage: true });
      await page.close();
      const anonymous = await browser.newPage();
      await anonymous.goto(`${app.baseUrl}/recommendations/${laterId}`);
      expect(await anonymous.getByTestId("followups").innerText()).toContain("Confirmed by");
      expect(await anonymous.getByRole("button", { name: /Confirm|Reject/ }).count()).toBe(0);
      await anonymous.close();
    });

    it("an editor unlinks from the recommendation page, and the issue page follows", async () => {
      const page = await browser.newPage();
      await signIn(page, app.baseUrl);
      await page.goto(`${app.baseUrl}/issues/criminal-justice-capacity`);
      await page.getByRole("link", { name: "101.59", exact: true }).click();
      await page.waitForURL(/\/recommendations\/\d+$/);
      await Promise.all([
        page.waitForURL(/note=issue-unlinked/),
        page.getByRole("button", { name: "Unlink from Limited capacity of criminal justice practitioners" }).click(),
      ]);
      await page.getByRole("status").filter({ hasText: "Unlinked from the issue." }).waitFor();
      expect(await page.getByTestId("issue-links").innerText()).not.toContain(
        "Limited capacity of criminal justice practitioners",
      );
      await page.goto(`${app.baseUrl}/issues/criminal-justice-capacity`);
      expect(await linkedParagraphs(page)).toEqual(["101.47"]);
      await page.close();
    });
  });
}
