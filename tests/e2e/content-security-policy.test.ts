// The app's own pages satisfy its Content-Security-Policy (app/http/security-headers.server.ts): in Debian's
// Chromium, the public pages and signed-in pages load, hydrate and draw their charts, and the browser
// reports no CSP violation, first from the server and then again from the page cache (whose pages get
// the nonce of the request they answer). An embedded chart can be framed by another site; other pages
// cannot.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAppDatabase, type RunningApp, runProjectScript, startApp } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";
import { enginesUnderTest } from "../helpers/test-db";

const ADMIN = { email: "admin@csp-probe.example", password: "csp probe admin password 1" };

/** A page that records every CSP violation and console complaint about the policy. */
async function watchedPage(browser: Browser): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|frame)/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`page error: ${e.message}`));
  return { page, violations };
}

async function reported(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

/** Remix's scripts ran and hydrated the page (they would not, had the policy blocked them). */
async function hydrated(page: Page): Promise<boolean> {
  return page
    .waitForFunction(
      () =>
        Boolean(
          (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state
            ?.initialized,
        ),
      null,
      { timeout: 20_000 },
    )
    .then(() => true)
    .catch(() => false);
}

for (const engine of enginesUnderTest()) {
  describe(`Content-Security-Policy in the browser [${engine}]`, () => {
    let app: RunningApp;
    let browser: Browser;
    let dropDb = async () => {};
    let recommendationPath = "";
    let reviewPath = "";

    beforeAll(async () => {
      const db = await newAppDatabase(engine, { USER_PASSWORD: ADMIN.password });
      dropDb = db.drop;
      await runProjectScript(db.env, "scripts/user-create.ts", [
        "--email",
        ADMIN.email,
        "--org",
        "Stop the Traffik Kenya",
        "--role",
        "admin",
      ]);
      [app, browser] = await Promise.all([startApp(db.start), launchBrowser()]);
      const home = await (await fetch(app.baseUrl + "/")).text();
      reviewPath = /href="(\/reviews\/\d+)"/.exec(home)![1]!;
      const list = await (await fetch(app.baseUrl + "/recommendations")).text();
      recommendationPath = /href="(\/recommendations\/\d+)"/.exec(list)![1]!;
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await dropDb();
    });

    it("public pages load, hydrate and draw their charts without a CSP violation, fresh and from the page cache", async () => {
      const paths = [
        "/",
        "/dashboard",
        "/recommendations",
        recommendationPath,
        "/issues",
        reviewPath,
        `${reviewPath}/report`,
        "/export/matrix?state=KEN&cycle=1",
        "/tools/word-count",
        "/login",
        "/embed/progress",
      ];
      for (const round of ["fresh", "cached"]) {
        for (const p of paths) {
          const { page, violations } = await watchedPage(browser);
          const res = await page.goto(app.baseUrl + p, { waitUntil: "networkidle" });
          expect(res?.status(), p).toBe(200);
          expect(res?.headers()["content-security-policy"], p).toMatch(/'nonce-/);
          expect(await hydrated(page), `${p} (${round}): hydrated`).toBe(true);
          if (p === "/dashboard" || p === "/embed/progress") {
            await page.locator("svg.recharts-surface").first().waitFor({ timeout: 15_000 });
            expect(await page.locator("svg.recharts-surface").count(), p).toBeGreaterThan(0);
          }
          expect([...violations, ...(await reported(page))], `${p} (${round})`).toEqual([]);
          await page.close();
        }
      }
      // A client-side navigation (Remix fetches .data) under the same policy.
      const { page, violations } = await watchedPage(browser);
      await page.goto(app.baseUrl + "/", { waitUntil: "networkidle" });
      await Promise.all([
        page.waitForURL((u) => u.pathname === "/dashboard"),
        page.getByRole("link", { name: "Dashboard" }).first().click(),
      ]);
      await page.locator("svg.recharts-surface").first().waitFor({ timeout: 15_000 });
      expect([...violations, ...(await reported(page))]).toEqual([]);
      await page.close();
    });

    it("a page the browser holds and revalidates (304) keeps its scripts running under the policy", async () => {
      for (const p of ["/dashboard", recommendationPath]) {
        const { page, violations } = await watchedPage(browser);
        const first = await page.goto(app.baseUrl + p, { waitUntil: "networkidle" });
        expect(first?.headers()["etag"], p).toMatch(/^W\//);
        // The browser asks with If-None-Match (the page is public, max-age=0, must-revalidate) and shows
        // the page it holds on the server's 304, whose headers it takes into that page.
        const again = await page.goto(app.baseUrl + p, { waitUntil: "networkidle" });
        expect((await again?.allHeaders())?.["x-page-cache"], p).toBe("not-modified");
        expect(await hydrated(page), `${p} (revalidated): hydrated`).toBe(true);
        expect([...violations, ...(await reported(page))], `${p} (revalidated)`).toEqual([]);
        await page.close();
      }
    });

    it("signed-in pages work under the policy too", async () => {
      const { page, violations } = await watchedPage(browser);
      await page.goto(`${app.baseUrl}/login`);
      await page.fill("#email", ADMIN.email);
      await page.fill("#password", ADMIN.password);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith("/login")),
        page.click("main button[type=submit]"),
      ]);
      // Every signed-in page hydrates without a React error (hydration mismatches are console errors).
      const consoleErrors: string[] = [];
      let at = "";
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(`${at}: ${m.text()}`);
      });
      for (const p of [
        "/import",
        "/admin/users",
        "/admin/audit",
        "/admin/imports",
        "/admin/backup",
        "/admin/sample",
        "/account/password",
        recommendationPath,
        "/assessments/bulk",
        "/submissions",
        "/lobbying",
        "/calendar",
        "/export/matrix",
        "/tools/word-count",
        "/issues",
        "/states",
        "/changes",
        "/dashboard",
      ]) {
        at = p;
        await page.goto(app.baseUrl + p, { waitUntil: "networkidle" });
        expect(await hydrated(page), p).toBe(true);
      }
      expect(consoleErrors).toEqual([]);
      await page.locator("svg.recharts-surface").first().waitFor({ timeout: 15_000 });
      expect([...violations, ...(await reported(page))]).toEqual([]);
      await page.close();
    });

    it("another site can frame an embedded chart, and no other page", async () => {
      // Another site: a page on another port of this machine, framing two of ours.
      const html = `<iframe id="embed" src="${app.baseUrl}/embed/progress"></iframe><iframe id="page" src="${app.baseUrl}/dashboard"></iframe>`;
      const other = http.createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(html));
      await new Promise<void>((r) => other.listen(0, "127.0.0.1", () => r()));
      const { page } = await watchedPage(browser);
      try {
        const refused = page.waitForEvent("console", {
          predicate: (m) => /frame-ancestors/.test(m.text()),
          timeout: 20_000,
        });
        await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
        await page.frameLocator("#embed").locator("svg.recharts-surface").first().waitFor({ timeout: 20_000 });
        // Chromium refuses to show the dashboard in the frame, and says why.
        expect((await refused).text()).toMatch(/frame-ancestors 'none'/);
        // (the frame holds Chromium's error page instead: none of ours)
        expect(await page.frameLocator("#page").locator("header.site-header, main#main").count()).toBe(0);
      } finally {
        await page.close();
        other.close();
      }
    });
  });
}
