// Every state's pages (issue #27): the page of every state and review held; the home page, the dashboard and
// the breadcrumbs keep the state the reader chose (the address, then a cookie), DEFAULT_STATE serves the first
// visit only; an admin corrects a review's estimated dates on its page, an editor may not. On both engines.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { setDb } from "~/db.server";
import { setSessionSecretsForTesting } from "~/http/session.server";
import { importFile } from "~/import/store/import.server";
import { seed } from "~/models/seed.server";
import { createUser } from "~/models/users.server";
import * as home from "~/routes/_index";
import * as dashboard from "~/routes/dashboard._index";
import * as login from "~/routes/login";
import * as everyState from "~/routes/reviews._index";
import * as reviewPage from "~/routes/reviews.$reviewId";
import { args, get, post, run, sessionCookie, TEST_SESSION_SECRET } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MATRIX_EXCERPT = path.join(ROOT, "tests/fixtures/import/ohchr-matrix-slovenia-excerpt.docx");

describeEachEngine("the chosen state and every state's pages", (t) => {
  let slovenia = 0;

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    setSessionSecretsForTesting([TEST_SESSION_SECRET]);
    await seed(t.db);
    expect(await importFile(t.db, fs.readFileSync(MATRIX_EXCERPT), {}, { fileName: "matrix.docx" })).toMatchObject({
      committed: true,
    });
    slovenia = (
      await t.db
        .selectFrom("review as r")
        .innerJoin("state as s", "s.id", "r.state_id")
        .where("s.iso3", "=", "SVN")
        .select("r.id")
        .executeTakeFirstOrThrow()
    ).id;
  });

  it("lists every state held with its reviews and counts", async () => {
    const page = await run(everyState.loader(args(get("/reviews"))));
    expect(page.status).toBe(200);
    const states = page.body.states as { name: string; iso3: string; reviews: { cycle: number; imported: number }[] }[];
    expect(states.map((s) => s.iso3)).toEqual(["KEN", "SVN"]);
    expect(states[0].reviews.map((r) => r.cycle)).toEqual([1, 2, 3, 4]);
    expect(states[1].reviews).toMatchObject([
      { cycle: 3, imported: 14, reviewDate: "2019-11-12", reviewDateEstimated: false, adoptionDateEstimated: true },
    ]);
    expect(page.body.recommendations).toBe(150 + 14);
  });

  it("a first visit shows DEFAULT_STATE and sets no cookie; a chosen state is shown and remembered", async () => {
    const first = await run(home.loader(args(get("/"))));
    expect(first.body).toMatchObject({ iso3: "KEN", known: true });
    expect(first.headers.get("Set-Cookie")).toBeNull();

    const chosen = await run(home.loader(args(get("/?state=svn"))));
    expect(chosen.body).toMatchObject({ iso3: "SVN", stateName: "Slovenia", known: true });
    expect(chosen.body.reviews.map((r: { cycle: number }) => r.cycle)).toEqual([3]);
    const cookie = chosen.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^upr_state=SVN; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/);

    // The next visit, with the cookie: the home page and the dashboard are Slovenia's, and set nothing again.
    const again = await run(home.loader(args(get("/", cookie.split(";")[0]))));
    expect(again.body).toMatchObject({ iso3: "SVN" });
    expect(again.headers.get("Set-Cookie")).toBeNull();
    const board = await run(dashboard.loader(args(get("/dashboard", cookie.split(";")[0]))));
    expect(board.body.dashboard.progress?.period.start).toBe("2020-04-12");
    expect(board.body.dashboard.progress?.stateName ?? board.body.dashboard.headline).toBeTruthy();
    // The address still wins over the cookie.
    const kenya = await run(home.loader(args(get("/?state=KEN", cookie.split(";")[0]))));
    expect(kenya.body).toMatchObject({ iso3: "KEN" });
  });

  it("a state that is not held is said so, and not remembered", async () => {
    const page = await run(home.loader(args(get("/?state=ZWE"))));
    expect(page.body).toMatchObject({ iso3: "ZWE", known: false, reviews: [] });
    expect(page.headers.get("Set-Cookie")).toBeNull();
  });

  it("a review's dates: an admin corrects them, an editor is refused", async () => {
    for (const [email, role] of [
      ["dates-admin@example.org", "admin"],
      ["dates-editor@example.org", "editor"],
    ] as const)
      expect(
        await createUser(
          t.db,
          { email, password: "a long password 1", role, organisation: { name: "Test organisation" } },
          { userId: null },
        ),
      ).toMatchObject({ ok: true });
    const signIn = async (email: string) =>
      sessionCookie(await run(login.action(args(post("/login", { email, password: "a long password 1" })))));
    const fields = { reviewDate: "2019-11-12", adoptionDate: "2020-03-12" };
    const params = { reviewId: String(slovenia) };
    const editor = await run(
      reviewPage.action(
        args(post(`/reviews/${slovenia}`, fields, { cookie: await signIn("dates-editor@example.org") }), {}, params),
      ),
    );
    expect(editor.status).toBe(403);
    const admin = await signIn("dates-admin@example.org");
    const bad = await run(
      reviewPage.action(
        args(
          post(`/reviews/${slovenia}`, { reviewDate: "2019-11-12", adoptionDate: "2019-01-01" }, { cookie: admin }),
          {},
          params,
        ),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.adoptionDate).toEqual(["The adoption comes after the review."]);
    const ok = await run(reviewPage.action(args(post(`/reviews/${slovenia}`, fields, { cookie: admin }), {}, params)));
    expect(ok.body).toMatchObject({ saved: true });
    const page = await run(reviewPage.loader(args(get(`/reviews/${slovenia}`), {}, params)));
    expect(page.body.review).toMatchObject({
      reviewDate: "2019-11-12",
      reviewDateEstimated: false,
      adoptionDate: "2020-03-12",
      adoptionDateEstimated: false,
    });
    expect(page.body.isAdmin).toBe(false);
  });
});
