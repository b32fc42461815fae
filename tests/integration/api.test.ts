// The read API (/api/v1), called as the server would call its loaders, on the seeded Kenya data: every
// endpoint's answer checked against the Zod schema the OpenAPI document is made from; paging to the end
// through links.next; odd parameters answer 400 JSON, unknown ids 404 JSON; CORS on every answer and the
// preflight; the OpenAPI document valid and listing every route; no editor's e-mail or name in any answer.
import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { z } from "zod";
import { setDb } from "~/db.server";
import * as S from "~/lib/api/schemas";
import { API_PATHS } from "~/lib/api/openapi";
import { AssessmentFields } from "~/lib/assessment-input";
import { LIST_PARAMETERS } from "~/lib/recommendation-filter";
import { recordAssessment } from "~/models/assessments.server";
import { linkRecommendations } from "~/models/issues.server";
import { seed } from "~/models/seed.server";
import { createUser } from "~/models/users.server";
import * as catchAll from "~/routes/api.v1.$";
import * as issue from "~/routes/api.v1.issues.$slug";
import * as issues from "~/routes/api.v1.issues._index";
import * as openapi from "~/routes/api.v1.openapi[.]json";
import * as recommendation from "~/routes/api.v1.recommendations.$id";
import * as recommendations from "~/routes/api.v1.recommendations._index";
import * as reviews from "~/routes/api.v1.reviews";
import * as states from "~/routes/api.v1.states";
import * as listPage from "~/routes/recommendations._index";
import { ORIGIN } from "../helpers/requests";
import { describeEachEngine } from "../helpers/test-db";

const EDITOR_EMAIL = "qx7-api-leak-check@editor-only.example";
const EDITOR_NAME = "Wanjiru Q. Leakcheck";
const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<Response>;

/** The loader of the route an API address is served by, with its params, as Remix would pick them. */
function routeOf(pathname: string): { loader: Loader; params: Record<string, string> } {
  const rest = pathname.replace(/^\/api\/v1/, "");
  let m: RegExpMatchArray | null;
  if (rest === "/states") return { loader: states.loader as Loader, params: {} };
  if (rest === "/reviews") return { loader: reviews.loader as Loader, params: {} };
  if (rest === "/recommendations") return { loader: recommendations.loader as Loader, params: {} };
  if ((m = rest.match(/^\/recommendations\/([^/]+)$/)))
    return { loader: recommendation.loader as Loader, params: { id: decodeURIComponent(m[1]!) } };
  if (rest === "/issues") return { loader: issues.loader as Loader, params: {} };
  if ((m = rest.match(/^\/issues\/([^/]+)$/)))
    return { loader: issue.loader as Loader, params: { slug: decodeURIComponent(m[1]!) } };
  if (rest === "/openapi.json") return { loader: openapi.loader as Loader, params: {} };
  return { loader: catchAll.loader as Loader, params: { "*": rest.slice(1) } };
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** GET (or another method) of an API address, absolute or from the origin. */
async function call(address: string, method = "GET", headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(address, ORIGIN);
  const { loader, params } = routeOf(url.pathname);
  const res = await loader({ request: new Request(url, { method, headers }), params, context: {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

/** The answer must be 200 JSON that the schema takes as it is (strict: no field the document does not name). */
function ok<T extends z.ZodType>(a: Answer, schema: T): z.output<T> {
  expect(a.status, a.text.slice(0, 300)).toBe(200);
  expect(a.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(a.headers.get("Access-Control-Allow-Origin")).toBe("*");
  return schema.parse(a.body);
}

/** The answer must be a JSON error with this status and its code. */
function refused(a: Answer, status: number) {
  expect(a.status, a.text.slice(0, 300)).toBe(status);
  expect(a.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(a.headers.get("Access-Control-Allow-Origin")).toBe("*");
  expect(a.headers.get("Cache-Control")).toBe("no-store");
  const { error } = S.ApiError.parse(a.body);
  expect(error.status).toBe(status);
  expect(error.message.length).toBeGreaterThan(10);
  return error;
}

describeEachEngine("the read API", (t) => {
  let assessedId: number;
  let linkedSlug: string;
  let kenyaReviews: number;

  beforeAll(async () => {
    setDb(Promise.resolve(t.handle));
    await seed(t.db);
    kenyaReviews = (
      await sql<{ n: number }>`select count(*)::int as n from review r join state s on s.id = r.state_id
        where s.iso3 = 'KEN'`.execute(t.db)
    ).rows[0]!.n;
    const created = await createUser(
      t.db,
      {
        email: EDITOR_EMAIL,
        password: "api editor password 1",
        role: "editor",
        displayName: EDITOR_NAME,
        organisation: { name: "Kenya anti-trafficking coalition" },
      },
      { userId: null },
    );
    if (!created.ok) throw new Error("editor");
    const actor = { id: created.user.id, role: "editor" as const };
    const first = await t.db
      .selectFrom("recommendation")
      .select("id")
      .where("paragraph", "=", "101.2")
      .executeTakeFirstOrThrow();
    assessedId = first.id;
    const organisationId = (
      await t.db.selectFrom("app_user").select("organisation_id").where("id", "=", actor.id).executeTakeFirstOrThrow()
    ).organisation_id!;
    const saved = await recordAssessment(
      t.db,
      actor,
      assessedId,
      AssessmentFields.parse({
        status: "in_progress",
        asOf: "2012-03-01",
        evidence: "A bill was tabled in Parliament (recorded for the API test).",
        sourceUrls: "https://example.org/bill",
        organisationId: String(organisationId),
      }),
      { today: "2026-12-07" },
    );
    expect(saved.ok).toBe(true);
    const issueRow = await t.db
      .selectFrom("coalition_issue")
      .select(["id", "slug"])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    linkedSlug = issueRow.slug;
    const someIds = await t.db.selectFrom("recommendation").select("id").orderBy("id").limit(7).execute();
    const linked = await linkRecommendations(
      t.db,
      actor,
      issueRow.id,
      someIds.map((r) => r.id),
    );
    expect(linked.ok).toBe(true);
  });

  it("lists every state held with its counts, Kenya's 150 cycle-1 recommendations among them", async () => {
    const { data } = ok(await call("/api/v1/states"), S.StatesResponse);
    const held = await t.db.selectFrom("state").select("iso3").where("iso3", "is not", null).execute();
    expect(data.map((s) => s.iso3).sort()).toEqual(held.map((s) => s.iso3!).sort());
    const kenya = data.find((s) => s.iso3 === "KEN")!;
    expect(kenya).toMatchObject({ name: "Kenya", reviews: kenyaReviews, recommendationsReceived: 150 });
    expect(kenya.links.reviews).toBe(`${ORIGIN}/api/v1/reviews?state=KEN`);
    // A recommending state: what it made is counted from the links, as the list's filter counts it.
    const maker = data
      .filter((s) => s.recommendationsMade > 0)
      .sort((a, b) => b.recommendationsMade - a.recommendationsMade)[0]!;
    const listed = ok(await call(`/api/v1/recommendations?from=${maker.iso3}&limit=1`), S.RecommendationsResponse);
    expect(listed.meta.total).toBe(maker.recommendationsMade);
  });

  it("lists the reviews of all states or of one, with the counts by response", async () => {
    const all = ok(await call("/api/v1/reviews"), S.ReviewsResponse).data;
    const kenya = ok(await call("/api/v1/reviews?state=ken"), S.ReviewsResponse).data;
    expect(kenya).toHaveLength(kenyaReviews);
    expect(all.length).toBeGreaterThanOrEqual(kenya.length);
    const cycle1 = kenya.find((r) => r.cycle === 1)!;
    expect(cycle1).toMatchObject({ session: 8, reviewDate: "2010-05-06", reportSymbol: "A/HRC/15/8" });
    expect(cycle1.held.recommendations).toBe(150);
    expect(cycle1.held.supported + cycle1.held.noted + cycle1.held.pending).toBe(150);
    const supported = ok(
      await call(cycle1.links.recommendations + "&response=supported&limit=1"),
      S.RecommendationsResponse,
    );
    expect(supported.meta.total).toBe(cycle1.held.supported);
  });

  it("pages through the filtered recommendations to the end by links.next", async () => {
    const seen: number[] = [];
    let next: string | null = "/api/v1/recommendations?state=KEN&limit=40";
    let pages = 0;
    let total = -1;
    while (next) {
      const page: z.output<typeof S.RecommendationsResponse> = ok(await call(next), S.RecommendationsResponse);
      pages++;
      total = page.meta.total;
      expect(page.meta).toMatchObject({ page: pages, limit: 40, pageCount: 4 });
      expect(page.data.length).toBe(pages < 4 ? 40 : 30);
      seen.push(...page.data.map((r) => r.id));
      for (const r of page.data) expect(r.stateUnderReview).toEqual({ iso3: "KEN", name: "Kenya" });
      next = page.links.next;
      expect(pages).toBeLessThanOrEqual(4);
    }
    expect(total).toBe(150);
    expect(new Set(seen).size).toBe(150);
    // The same filters as the page: one status and one response narrow to what the database holds.
    const page = ok(
      await call("/api/v1/recommendations?state=KEN&status=in_progress&response=supported"),
      S.RecommendationsResponse,
    );
    expect(page.data.map((r) => r.id)).toEqual([assessedId]);
    expect(page.data[0]).toMatchObject({ status: "in_progress", statusAsOf: "2012-03-01", paragraph: "101.2" });
    // A page past the end: empty, no next page, the previous one is the last.
    const past = ok(await call("/api/v1/recommendations?state=KEN&limit=40&page=9"), S.RecommendationsResponse);
    expect(past.data).toEqual([]);
    expect(past.meta).toMatchObject({ total: 150, page: 9, pageCount: 4 });
    expect(past.links.next).toBeNull();
    expect(past.links.prev).toBe(`${ORIGIN}/api/v1/recommendations?state=KEN&page=4&limit=40`);
    // Nothing matches: page 1 of 1, empty.
    const none = ok(await call("/api/v1/recommendations?state=KEN&cycle=9"), S.RecommendationsResponse);
    expect(none).toMatchObject({ data: [], meta: { total: 0, page: 1, pageCount: 1 }, links: { next: null } });
  });

  it("lists what the /recommendations page lists for the same filters, in the same order", async () => {
    const totals: number[] = [];
    for (const query of [
      "q=trafficking",
      "q=torture&sort=report",
      "group=WEOG&response=supported",
      "from=DEU",
      "state=KEN&status=in_progress",
      "sort=newest&page=2",
      "kind=pledge",
    ]) {
      const api = ok(await call(`/api/v1/recommendations?${query}`), S.RecommendationsResponse);
      const page = (await listPage.loader({
        request: new Request(`${ORIGIN}/recommendations?${query}`),
        params: {},
        context: {},
      })) as { result: { total: number; rows: { id: number }[] } };
      expect(api.meta.total, query).toBe(page.result.total);
      totals.push(api.meta.total);
      expect(
        api.data.map((r) => r.id),
        query,
      ).toEqual(page.result.rows.map((r) => r.id));
    }
    expect(totals.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5); // not a comparison of empty lists
  });

  it("answers 400 JSON naming each parameter it does not understand", async () => {
    const cases: [string, string][] = [
      ["response=maybe", "response=maybe"],
      ["status=done", "status=done"],
      ["page=0", "page=0"],
      ["page=abc", "page=abc"],
      ["state=XX", "state=XX"],
      ["state=ZZZ", "state=ZZZ (names nothing held)"],
      ["from=ZZZ", "from=ZZZ (names nothing held)"],
      ["issue=no-such-issue", "issue=no-such-issue (names nothing held)"],
      ["limit=101", "limit=101"],
      ["limit=0", "limit=0"],
      ["pageSize=10", "pageSize=10"],
      ["cycle=1&cycle=2", "cycle (given more than once)"],
      ["changedSince=2026-02-30", "changedSince=2026-02-30"],
      // Too long for its schema: named by its start, not as a value that names nothing held.
      [`theme=${"a".repeat(250)}`, `theme=${"a".repeat(40)}…`],
    ];
    for (const [query, named] of cases) {
      const error = refused(await call(`/api/v1/recommendations?${query}`), 400);
      expect(error.code, query).toBe("bad_request");
      expect(error.parameters, query).toEqual([named]);
      expect(error.message, query).toContain(named);
    }
    // An enumeration's values are named in the message.
    expect(refused(await call("/api/v1/recommendations?response=maybe"), 400).message).toContain(
      "one of: supported, noted, pending",
    );
    // Several at once are all named; a text too long is refused rather than cut.
    expect(refused(await call("/api/v1/recommendations?foo=1&cycle=x"), 400).parameters).toEqual(["foo=1", "cycle=x"]);
    expect(refused(await call(`/api/v1/recommendations?q=${"a".repeat(201)}`), 400).parameters).toEqual([
      "q (longer than allowed)",
    ]);
    // The other endpoints read their parameters as strictly.
    for (const address of [
      "/api/v1/states?state=KEN",
      "/api/v1/reviews?state=XX",
      "/api/v1/reviews?state=ZZZ",
      "/api/v1/reviews?cycle=1",
      "/api/v1/issues?page=2",
      `/api/v1/issues/${linkedSlug}?page=0`,
      `/api/v1/issues/${linkedSlug}?limit=1000`,
      `/api/v1/recommendations/${assessedId}?full=1`,
      "/api/v1/recommendations/abc",
      "/api/v1/recommendations/0",
      "/api/v1/openapi.json?format=yaml",
    ])
      expect(refused(await call(address), 400).code, address).toBe("bad_request");
    // Blank parameters are absent, as on the pages.
    expect(ok(await call("/api/v1/recommendations?state=&limit=1"), S.RecommendationsResponse).meta.total).toBe(150);
  });

  it("answers 404 JSON for unknown ids, slugs and addresses", async () => {
    for (const address of [
      "/api/v1/recommendations/999999",
      "/api/v1/issues/no-such-issue",
      "/api/v1/issues/Not%20a%20slug",
      "/api/v1/nothing-here",
      "/api/v1/states/KEN/everything",
    ])
      expect(refused(await call(address), 404).code, address).toBe("not_found");
  });

  it("gives one recommendation with its public assessments: the organisation, never the editor", async () => {
    const { data } = ok(await call(`/api/v1/recommendations/${assessedId}`), S.RecommendationResponse);
    expect(data).toMatchObject({
      id: assessedId,
      paragraph: "101.2",
      kind: "recommendation",
      status: "in_progress",
      statusAsOf: "2012-03-01",
      stateUnderReview: { iso3: "KEN", name: "Kenya" },
      cycle: 1,
      review: { session: 8, reportSymbol: "A/HRC/15/8" },
    });
    const text = await t.db
      .selectFrom("recommendation")
      .select("text")
      .where("id", "=", assessedId)
      .executeTakeFirstOrThrow();
    expect(data.text).toBe(text.text);
    expect(data.recommendingStates.length).toBeGreaterThan(0);
    expect(data.assessments).toEqual([
      {
        id: expect.any(Number),
        status: "in_progress",
        asOf: "2012-03-01",
        evidence: "A bill was tabled in Parliament (recorded for the API test).",
        sources: ["https://example.org/bill"],
        organisation: { name: "Kenya anti-trafficking coalition" },
        sample: false,
      },
    ]);
    expect(data.links.page).toBe(`${ORIGIN}/recommendations/${assessedId}`);
    // Not assessed: the status says so, with no date.
    const other = ok(
      await call("/api/v1/recommendations?state=KEN&status=not_assessed&limit=1"),
      S.RecommendationsResponse,
    );
    const plain = ok(await call(other.data[0]!.links.self), S.RecommendationResponse).data;
    expect(plain).toMatchObject({ status: "not_assessed", statusAsOf: null, assessments: [] });
  });

  it("lists the coalition issues and gives one with its linked recommendations, paged", async () => {
    const list = ok(await call("/api/v1/issues"), S.IssuesResponse).data;
    const held = await t.db.selectFrom("coalition_issue").select("slug").execute();
    expect(list.map((i) => i.slug).sort()).toEqual(held.map((i) => i.slug).sort());
    const linked = list.find((i) => i.slug === linkedSlug)!;
    expect(linked.linkedRecommendations).toBe(7);
    expect(Object.values(linked.byStatus).reduce((a, b) => a + b, 0)).toBe(7);
    const seen: number[] = [];
    let next: string | null = `${linked.links.self}?limit=3`;
    let pages = 0;
    while (next && pages < 5) {
      const page: z.output<typeof S.IssueResponse> = ok(await call(next), S.IssueResponse);
      pages++;
      expect(page.data.slug).toBe(linkedSlug);
      expect(page.meta).toMatchObject({ total: 7, page: pages, pageCount: 3, limit: 3 });
      seen.push(...page.data.recommendations.map((r) => r.id));
      next = page.links.next;
    }
    expect(pages).toBe(3);
    const ids = await t.db.selectFrom("recommendation").select("id").orderBy("id").limit(7).execute();
    expect(seen.sort((a, b) => a - b)).toEqual(ids.map((r) => r.id));
    const past = ok(await call(`${linked.links.self}?page=4&limit=3`), S.IssueResponse);
    expect(past.data.recommendations).toEqual([]);
    expect(past.links.next).toBeNull();
  });

  it("answers the CORS preflight and refuses writes with 405 JSON", async () => {
    for (const address of [
      "/api/v1/recommendations?state=KEN",
      "/api/v1/states",
      `/api/v1/recommendations/${assessedId}`,
    ]) {
      const pre = await call(address, "OPTIONS", {
        Origin: "https://research.example",
        "Access-Control-Request-Method": "GET",
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(pre.headers.get("Access-Control-Allow-Methods")).toContain("GET");
      expect(pre.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    }
    const res = await (states.action as () => Promise<Response>)();
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    expect(S.ApiError.parse(await res.json()).error.code).toBe("method_not_allowed");
  });

  it("publishes a valid OpenAPI 3.1 document listing every route with its parameters", async () => {
    const a = await call("/api/v1/openapi.json");
    expect(a.status).toBe(200);
    expect(a.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const doc = a.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validation = await new Validator().validate(doc);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    // Every API route file is a path of the document, and every path of the document is served.
    const routeFiles = fs.readdirSync(ROUTES_DIR).filter((f) => f.startsWith("api.v1.") && f !== "api.v1.$.tsx");
    const fromFiles = routeFiles
      .map(
        (f) =>
          "/" +
          f
            .replace(/\.tsx$/, "")
            .replace(/\[\.\]/g, "~dot~")
            .split(".")
            .filter((p) => p !== "_index")
            .map((p) => (p.startsWith("$") ? `{${p.slice(1)}}` : p))
            .join("/")
            .replace(/~dot~/g, "."),
      )
      .sort();
    expect(fromFiles).toEqual([...API_PATHS].sort());
    expect(Object.keys(doc.paths).sort()).toEqual([...API_PATHS].sort());
    const params = (p: string) =>
      (doc.paths[p].get.parameters ?? []).map((x: { in: string; name: string }) => `${x.in}:${x.name}`);
    expect(params("/api/v1/recommendations")).toEqual([...LIST_PARAMETERS.map((n) => `query:${n}`), "query:limit"]);
    expect(params("/api/v1/recommendations/{id}")).toEqual(["path:id"]);
    expect(params("/api/v1/issues/{slug}")).toEqual(["path:slug", "query:page", "query:limit"]);
    expect(params("/api/v1/reviews")).toEqual(["query:state"]);
    for (const p of API_PATHS) expect(doc.paths[p].get.responses["200"], p).toBeDefined();
    // The status and response codes are the database's own vocabulary.
    expect(doc.components.schemas.RecommendationListEntry.properties.status.enum).toEqual([
      "not_assessed",
      "no_action",
      "in_progress",
      "partially_implemented",
      "fully_implemented",
    ]);
  });

  it("shows no editor's e-mail or name in any answer", async () => {
    const addresses = new Set<string>([
      "/api/v1/states",
      "/api/v1/reviews",
      "/api/v1/reviews?state=KEN",
      "/api/v1/issues",
      "/api/v1/openapi.json",
      `/api/v1/recommendations/${assessedId}`,
    ]);
    for (const i of ok(await call("/api/v1/issues"), S.IssuesResponse).data) addresses.add(i.links.self);
    let next: string | null = "/api/v1/recommendations?limit=100";
    while (next) {
      addresses.add(next);
      next = ok(await call(next), S.RecommendationsResponse).links.next;
    }
    const bodies = await Promise.all([...addresses].map((address) => call(address)));
    expect(bodies.length).toBeGreaterThan(8);
    for (const [i, b] of bodies.entries()) {
      expect(b.status, [...addresses][i]).toBe(200);
      for (const secret of [EDITOR_EMAIL, EDITOR_NAME, "editor-only.example", "Leakcheck"])
        expect(b.text.includes(secret), `${[...addresses][i]} shows ${secret}`).toBe(false);
    }
    // The database does hold them: the check above could have failed.
    const held = await t.db
      .selectFrom("app_user")
      .select(["email", "display_name"])
      .where("email", "=", EDITOR_EMAIL)
      .execute();
    expect(held).toEqual([{ email: EDITOR_EMAIL, display_name: EDITOR_NAME }]);
  });
});
