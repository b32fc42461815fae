// The bulk assessment page (app/routes/assessments.bulk.tsx): the search and filters of /recommendations,
// "tick all shown" without JavaScript, a save that redirects (clearing the form), and a resubmitted form
// (same one-time key: back button, double click) that saves nothing again, even when sent at once.
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { seed } from "~/models/seed.server";
import { createUser } from "~/models/users.server";
import * as bulk from "~/routes/assessments.bulk";
import * as login from "~/routes/login";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { args, get, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const EDITOR = { email: "bulk.editor@example.org", password: "bulk editor password" };
const EVIDENCE = "Test evidence note (test data, not a real assessment).";

describeEachEngine("bulk assessment page", (t) => {
  let cookie: string;
  let orgId: number;

  const assessments = async () =>
    (
      await t.db
        .selectFrom("assessment")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow()
    ).n;
  const form = (key: string, over: Record<string, string> = {}) => ({
    formKey: key,
    status: "in_progress",
    asOf: "2012-03-01",
    evidence: EVIDENCE,
    sourceUrls: "",
    organisationId: String(orgId),
    ...over,
  });
  const postForm = (path: string, fields: Record<string, string>, ids: number[], shown: number[] = []) => {
    const request = post(path, fields, { cookie });
    const body = new URLSearchParams(fields);
    for (const id of ids) body.append("ids", String(id));
    for (const id of shown) body.append("shown", String(id));
    return new Request(request.url, { method: "POST", headers: request.headers, body });
  };

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    await seed(t.db);
    const editor = await createUser(
      t.db,
      { ...EDITOR, role: "editor", organisation: { name: "Stop the Traffik Kenya" } },
      { userId: null },
    );
    if (!editor.ok) throw new Error("no editor");
    orgId = editor.user.organisationId;
    cookie = sessionCookie(await run(login.action(args(post("/login", EDITOR), { clientAddress: "10.0.0.2" }))));
  });

  it("searches the texts and filters as /recommendations does, with counts and a fresh form key each time", async () => {
    const all = await bulk.loader(args(get("/assessments/bulk", cookie)));
    expect(all.result.total).toBe(150);
    const found = await bulk.loader(args(get("/assessments/bulk?q=trafficking&response=supported", cookie)));
    expect(found.result.total).toBeGreaterThan(0);
    expect(found.result.total).toBeLessThan(150);
    for (const r of found.result.rows) {
      expect(r.text.toLowerCase()).toMatch(/traffick/);
      expect(r.response).toBe("supported");
    }
    expect(found.result.facets.cycle).toEqual([{ value: 1, count: found.result.total }]);
    const again = await bulk.loader(args(get("/assessments/bulk", cookie)));
    expect(again.formKey).not.toBe(all.formKey);
    expect(all.formKey).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const unknown = await bulk.loader(args(get("/assessments/bulk?issue=no-such-issue", cookie)));
    expect(unknown.ignored).toEqual(["issue=no-such-issue"]);
  });

  it("saves once, redirects with a notice and its filters, and a resubmitted form saves nothing again", async () => {
    const page = await bulk.loader(args(get("/assessments/bulk?q=trafficking", cookie)));
    const ids = page.result.rows.slice(0, 2).map((r) => r.id);
    const before = await assessments();
    const first = await run(bulk.action(args(postForm("/assessments/bulk?q=trafficking", form(page.formKey), ids))));
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe("/assessments/bulk?q=trafficking&saved=2");
    expect(await assessments()).toBe(before + 2);
    const notice = await bulk.loader(args(get("/assessments/bulk?q=trafficking&saved=2", cookie)));
    expect(notice.saved).toBe(2);

    const second = await run(bulk.action(args(postForm("/assessments/bulk?q=trafficking", form(page.formKey), ids))));
    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).toBe("/assessments/bulk?q=trafficking&duplicate=2");
    expect(await assessments()).toBe(before + 2);
    expect((await bulk.loader(args(get("/assessments/bulk?duplicate=2", cookie)))).duplicate).toBe(2);
  });

  it("two presses at once (a double click) save once", async () => {
    const page = await bulk.loader(args(get("/assessments/bulk", cookie)));
    const ids = page.result.rows.slice(10, 13).map((r) => r.id);
    const before = await assessments();
    const answers = await Promise.all(
      [1, 2].map(() => run(bulk.action(args(postForm("/assessments/bulk", form(page.formKey), ids))))),
    );
    expect(answers.map((a) => a.headers.get("Location")).sort()).toEqual([
      "/assessments/bulk?duplicate=3",
      "/assessments/bulk?saved=3",
    ]);
    expect(await assessments()).toBe(before + 3);
  });

  it("'tick all shown' takes every recommendation the page showed, without JavaScript", async () => {
    const page = await bulk.loader(args(get("/assessments/bulk?q=police", cookie)));
    const shown = page.result.rows.map((r) => r.id);
    expect(shown.length).toBeGreaterThan(1);
    const before = await assessments();
    const saved = await run(
      bulk.action(
        args(
          postForm("/assessments/bulk?q=police", form(page.formKey, { allShown: "1", status: "no_action" }), [], shown),
        ),
      ),
    );
    expect(saved.headers.get("Location")).toBe(`/assessments/bulk?q=police&saved=${shown.length}`);
    expect(await assessments()).toBe(before + shown.length);
  });

  it("bad input keeps the ticks and the text beside the errors, and uses no key", async () => {
    const page = await bulk.loader(args(get("/assessments/bulk", cookie)));
    const ids = page.result.rows.slice(20, 22).map((r) => r.id);
    const bad = await run(bulk.action(args(postForm("/assessments/bulk", form(page.formKey, { status: "" }), ids))));
    expect(bad.status).toBe(400);
    expect(bad.body.ids).toEqual(ids);
    expect(bad.body.values.evidence).toBe(EVIDENCE);
    expect(bad.body.fieldErrors.status).toBeTruthy();
    const fixed = await run(bulk.action(args(postForm("/assessments/bulk", form(page.formKey), ids))));
    expect(fixed.headers.get("Location")).toBe("/assessments/bulk?saved=2");
    const noKey = await run(bulk.action(args(postForm("/assessments/bulk", form(""), ids))));
    expect(noKey.status).toBe(400);
  });
});
