// The editor's journey as a new coalition would live it: the first admin from the command line, an
// editor added in the web UI, assessments recorded (one without JavaScript), a stale page refused,
// and the result visible to the public, signed out.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser, resultPath } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

const ADMIN = { email: "admin@stopthetraffik.example", password: "first admin password" };
const EDITOR = { email: "editor@stopthetraffik.example", password: "editor password 12" };

async function signIn(page: Page, baseUrl: string, who: { email: string; password: string }) {
  await page.goto(`${baseUrl}/login`);
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("main button[type=submit]")]);
}

async function signOut(page: Page) {
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/"),
    page.getByRole("button", { name: "Sign out" }).click(),
  ]);
}

for (const engine of enginesUnderTest()) {
  describe(`editor journey [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};
    let recommendationUrl = "";

    beforeAll(async () => {
      const db = await newAppDatabase(engine, { USER_PASSWORD: ADMIN.password });
      dropDb = db.drop;
      // The first admin, from the command line (stdin is not a terminal: the password comes from USER_PASSWORD).
      await runProjectScript(db.env, "scripts/user-create.ts", [
        "--email",
        ADMIN.email,
        "--org",
        "Stop the Traffik Kenya",
        "--role",
        "admin",
      ]);
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("the admin signs in and adds an editor", async () => {
      const page = await browser.newPage();
      await signIn(page, app.baseUrl, ADMIN);
      await page.goto(`${app.baseUrl}/admin/users`);
      await page.fill("#email", EDITOR.email);
      await page.fill("#password", EDITOR.password);
      await page.check("input[name=role][value=editor]");
      await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Add user" }).click()]);
      expect(await page.locator("main table").innerText()).toContain(EDITOR.email);
      await signOut(page);
      await page.close();
    });

    it("the editor records an assessment without JavaScript, and it shows in the history", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, app.baseUrl, EDITOR);
      await page.goto(`${app.baseUrl}/`);
      await page.getByRole("link", { name: "Cycle 1" }).click();
      await page.getByRole("link", { name: /^101\.3 Consider ratifying OP-CAT/ }).click();
      recommendationUrl = page.url();
      expect(await page.locator("blockquote.verbatim").innerText()).toBe("Consider ratifying OP-CAT (Denmark);");
      await page.selectOption("#status", "in_progress");
      await page.fill("#asOf", "2014-02-01");
      await page.fill("#evidence", "Sample evidence written by the browser test.");
      await page.fill("#sourceUrls", "https://example.org/evidence");
      await Promise.all([page.waitForURL(/saved=/), page.getByRole("button", { name: "Record assessment" }).click()]);
      expect(await page.getByTestId("current-status").innerText()).toContain("In the process of implementation");
      expect(await page.getByTestId("history").innerText()).toContain("Sample evidence written by the browser test.");
      await page.screenshot({ path: resultPath(`recommendation-editor-${engine}.png`), fullPage: true });
      await context.close();
    });

    it("bad input is answered beside the field and nothing is saved", async () => {
      const page = await browser.newPage();
      await signIn(page, app.baseUrl, EDITOR);
      await page.goto(recommendationUrl);
      await page.selectOption("#status", "no_action");
      await page.fill("#asOf", "2009-01-01");
      await page.fill("#sourceUrls", "javascript:alert(1)");
      await page.getByRole("button", { name: "Record assessment" }).click();
      await page.locator("#sourceUrls-error").waitFor();
      expect(await page.locator("#sourceUrls-error").innerText()).toMatch(/http/);
      await page.fill("#sourceUrls", "");
      await page.getByRole("button", { name: "Record assessment" }).click();
      await page.locator("#asOf-error").waitFor();
      expect(await page.locator("#asOf-error").innerText()).toContain("before the review");
      expect(await page.getByTestId("history").locator("> li").count()).toBe(1);
      await page.close();
    });

    it("two editors from stale pages: the second save is refused with both versions shown", async () => {
      const [a, b] = [await browser.newPage(), await browser.newPage()];
      await signIn(a, app.baseUrl, EDITOR);
      await signIn(b, app.baseUrl, ADMIN);
      await a.goto(recommendationUrl);
      await b.goto(recommendationUrl);
      await a.selectOption("#status", "partially_implemented");
      await a.fill("#evidence", "Saved first.");
      await Promise.all([a.waitForURL(/saved=/), a.getByRole("button", { name: "Record assessment" }).click()]);
      await b.selectOption("#status", "no_action");
      await b.fill("#evidence", "Typed on a stale page.");
      await b.getByRole("button", { name: "Record assessment" }).click();
      await b.getByTestId("conflict").waitFor();
      const conflict = await b.getByTestId("conflict").innerText();
      expect(conflict).toContain("Saved first.");
      expect(conflict).toContain("Typed on a stale page.");
      expect(await b.inputValue("#evidence")).toBe("Typed on a stale page.");
      // The page now shows what was saved meanwhile, and saving again (deliberately) works.
      // (reloaded after the refused save: wait for it rather than race it)
      await b.getByTestId("history").getByText("Saved first.").waitFor();
      await Promise.all([b.waitForURL(/saved=/), b.getByRole("button", { name: "Record assessment" }).click()]);
      await b.getByTestId("history").getByText("Typed on a stale page.").waitFor();
      await b.screenshot({ path: resultPath(`conflict-${engine}.png`), fullPage: true });
      await Promise.all([a.close(), b.close()]);
    });

    it("signed out, the public sees the assessments", async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(recommendationUrl);
      expect(await page.getByTestId("current-status").innerText()).toContain("Little or no known action");
      const history = await page.getByTestId("history").innerText();
      expect(history).toContain("Sample evidence written by the browser test.");
      expect(history).toContain("Saved first.");
      expect(history).toContain("Typed on a stale page.");
      expect(await page.locator("#status").count()).toBe(0);
      // On a phone the header's "Sign in" is in the folded menu; the page's own invitation is visible.
      expect(await page.locator("main").getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
      await page.close();
    });
  });
}
