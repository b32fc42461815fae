// Every public page kind of the app, for npm run bench (issue #17: "any public page alone, uncached"):
// for each, in the same rounds so that the ratios hold on a noisy machine,
// - `loader`: the route's own loader, called from the built server bundle (build/server/index.js) with a
//   Request and the route's params: exactly what the route asks of the database;
// - `bare`: the minimal SQL that yields the page's numbers (a count with the same filter, the grouped
//   counts of the same rows), the floor any loader is compared with;
// - `page`: the whole page made by the Remix request handler in this process (the root loader, the
//   route's loader, rendering to HTML), without the page cache (that is Express middleware in
//   server/serve.ts, not part of the handler).
// The handler and the loaders find the database through globalThis.__uprDb (app/db.server.ts setDb).
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { type Kysely, sql } from "kysely";
import type { Db } from "../../db/client";
import type { Database } from "../../db/schema";
import { formatMs, summarize, type Summary } from "./stats";

export interface PageKind {
  /** The URL path and query asked for. */
  url: string;
  routeId: string;
  params: Record<string, string>;
  /** The minimal SQL of the page's numbers. */
  bare: (db: Kysely<Database>) => Promise<unknown>;
}

export interface PageFigures {
  url: string;
  loader: Summary;
  bare: Summary;
  page: Summary;
  /** loader median / bare median. */
  loaderVsBare: number;
  status: number;
  bytes: number;
  runs: number;
}

/** What the bench world offers the page kinds: a state under review, one of its reviews, and so on. */
export interface PageSubjects {
  state: string;
  reviewId: number;
  recommendationId: number;
  issueSlug: string;
  recommendingState: string;
}

export async function pageSubjects(db: Kysely<Database>, state: string): Promise<PageSubjects> {
  const review = (
    await sql<{
      id: number;
      rec: number;
    }>`select r.id, min(rec.id)::int as rec from review r join state s on s.id = r.state_id
      join recommendation rec on rec.review_id = r.id where s.iso3 = ${state} group by r.id, r.cycle order by r.cycle desc limit 1`.execute(
      db,
    )
  ).rows[0]!;
  const issue = (await sql<{ slug: string }>`select slug from coalition_issue order by id limit 1`.execute(db))
    .rows[0]!;
  const from = (
    await sql<{
      iso3: string;
    }>`select rs.iso3 from recommendation_recommending_state rrs join state rs on rs.id = rrs.state_id
      join recommendation rec on rec.id = rrs.recommendation_id join review r on r.id = rec.review_id join state s on s.id = r.state_id
      where s.iso3 = ${state} and rs.iso3 is not null group by rs.iso3 order by count(*) desc, rs.iso3 limit 1`.execute(
      db,
    )
  ).rows[0]!;
  return {
    state,
    reviewId: review.id,
    recommendationId: review.rec,
    issueSlug: issue.slug,
    recommendingState: from.iso3,
  };
}

/** The recommendations of one state under review (and more conditions) counted by response and status. */
function countsOf(db: Kysely<Database>, where: ReturnType<typeof sql>) {
  return sql`select rec.response, rec.current_status, count(*)::int from recommendation rec
    join review r on r.id = rec.review_id join state s on s.id = r.state_id
    where rec.kind = 'recommendation' and ${where} group by 1, 2`.execute(db);
}

export function pageKinds(s: PageSubjects, searches: string[]): PageKind[] {
  const st = s.state;
  const dashboardBare = (db: Kysely<Database>) => countsOf(db, sql`s.iso3 = ${st}`);
  const search = (query: string): PageKind => ({
    url: `/recommendations${query ? `?${query}` : ""}`,
    routeId: "routes/recommendations._index",
    params: {},
    bare: async (db) => {
      // The total of the same filter (app/models/search.server.ts filteredRecommendations), as one count.
      const { parseRecommendationFilter } = await import("../../app/lib/recommendation-filter");
      const { filteredRecommendations } = await import("../../app/models/search.server");
      const { filter } = parseRecommendationFilter(new URLSearchParams(query));
      return filteredRecommendations(db, filter)
        .select(sql<number>`count(*)::int`.as("n"))
        .execute();
    },
  });
  return [
    {
      url: "/",
      routeId: "routes/_index",
      params: {},
      bare: (db) =>
        sql`select rec.review_id, count(*)::int from recommendation rec join review r on r.id = rec.review_id
          join state s on s.id = r.state_id where s.iso3 = ${st} group by 1`.execute(db),
    },
    { url: `/dashboard?state=${st}`, routeId: "routes/dashboard._index", params: {}, bare: dashboardBare },
    {
      url: `/dashboard?state=${st}&cycle=3`,
      routeId: "routes/dashboard._index",
      params: {},
      bare: (db) => countsOf(db, sql`s.iso3 = ${st} and r.cycle = 3`),
    },
    {
      url: `/dashboard?state=${st}&issue=${s.issueSlug}`,
      routeId: "routes/dashboard._index",
      params: {},
      bare: (db) =>
        countsOf(
          db,
          sql`s.iso3 = ${st} and exists (select 1 from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id
            where ri.recommendation_id = rec.id and i.slug = ${s.issueSlug})`,
        ),
    },
    {
      url: `/embed/progress?state=${st}`,
      routeId: "routes/embed.$chart",
      params: { chart: "progress" },
      bare: dashboardBare,
    },
    {
      url: `/dashboard/responses-by-cycle.csv?state=${st}`,
      routeId: "routes/dashboard.$chart[.]csv",
      params: { chart: "responses-by-cycle" },
      bare: (db) =>
        sql`select r.cycle, rec.response, count(*)::int from recommendation rec join review r on r.id = rec.review_id
          join state s on s.id = r.state_id where rec.kind = 'recommendation' and s.iso3 = ${st} group by 1, 2`.execute(
          db,
        ),
    },
    search(""),
    ...searches.map(search),
    {
      url: `/recommendations/${s.recommendationId}`,
      routeId: "routes/recommendations.$id",
      params: { id: String(s.recommendationId) },
      bare: (db) =>
        sql`select a.id, a.status, a.as_of from assessment a where a.recommendation_id = ${s.recommendationId}`.execute(
          db,
        ),
    },
    {
      url: "/issues",
      routeId: "routes/issues._index",
      params: {},
      // The linked recommendations of every issue by current status, counted.
      bare: (db) =>
        sql`select ri.issue_id, rec.current_status, count(*)::int from recommendation_issue ri
          join recommendation rec on rec.id = ri.recommendation_id group by 1, 2`.execute(db),
    },
    {
      url: `/issues/${s.issueSlug}`,
      routeId: "routes/issues.$slug",
      params: { slug: s.issueSlug },
      bare: (db) =>
        sql`select rec.current_status, count(*)::int from recommendation_issue ri join coalition_issue i on i.id = ri.issue_id
          join recommendation rec on rec.id = ri.recommendation_id where i.slug = ${s.issueSlug} group by 1`.execute(
          db,
        ),
    },
    {
      url: `/reviews/${s.reviewId}`,
      routeId: "routes/reviews.$reviewId",
      params: { reviewId: String(s.reviewId) },
      bare: (db) =>
        sql`select rec.id, rec.current_status from recommendation rec where rec.review_id = ${s.reviewId}`.execute(db),
    },
    {
      url: `/reviews/${s.reviewId}/report`,
      routeId: "routes/reviews.$reviewId_.report",
      params: { reviewId: String(s.reviewId) },
      bare: (db) =>
        sql`select rec.response, rec.current_status, count(*)::int from recommendation rec
          where rec.review_id = ${s.reviewId} group by 1, 2`.execute(db),
    },
    {
      url: `/states?state=${st}`,
      routeId: "routes/states._index",
      params: {},
      bare: (db) =>
        sql`select rrs.state_id, count(*)::int from recommendation_recommending_state rrs
          join recommendation rec on rec.id = rrs.recommendation_id join review r on r.id = rec.review_id
          join state s on s.id = r.state_id where s.iso3 = ${st} group by 1`.execute(db),
    },
    {
      url: `/states/${s.recommendingState}?state=${st}`,
      routeId: "routes/states.$code",
      params: { code: s.recommendingState },
      bare: (db) =>
        sql`select rec.response, rec.current_status, count(*)::int from recommendation_recommending_state rrs
          join state rs on rs.id = rrs.state_id join recommendation rec on rec.id = rrs.recommendation_id
          join review r on r.id = rec.review_id join state s on s.id = r.state_id
          where rs.iso3 = ${s.recommendingState} and s.iso3 = ${st} group by 1, 2`.execute(db),
    },
    {
      url: "/changes",
      routeId: "routes/changes",
      params: {},
      // The total and the newest page of assessments.
      bare: (db) =>
        Promise.all([
          sql`select count(*)::int from assessment a join recommendation rec on rec.id = a.recommendation_id
            where rec.kind = 'recommendation'`.execute(db),
          sql`select a.id from assessment a order by a.as_of desc, a.id desc limit 50`.execute(db),
        ]),
    },
    {
      url: "/changes.atom",
      routeId: "routes/changes[.]atom",
      params: {},
      bare: (db) => sql`select a.id from assessment a order by a.as_of desc, a.id desc limit 50`.execute(db),
    },
  ];
}

/** The built server bundle and a request handler over it (production mode, no page cache). */
export async function loadServerBuild(root: string) {
  process.env.NODE_ENV = "production";
  // The session cookie's secret (no cookie is sent, but the session module wants one).
  process.env.SESSION_SECRET ||= crypto.randomBytes(24).toString("hex");
  const build = (await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;
  return { build, handler: createRequestHandler(build, "production") };
}

async function consume(result: unknown): Promise<number> {
  if (result instanceof Response) return (await result.text()).length;
  return 0;
}

/**
 * Measures every page kind on one engine: warm-up, then rounds of (bare, loader, page) one after
 * another, as many as fit `budgetMs` per kind (at least `minRuns`, at most `maxRuns`).
 */
export async function measurePages(
  handle: Db,
  server: Awaited<ReturnType<typeof loadServerBuild>>,
  kinds: PageKind[],
  options: { maxRuns: number; minRuns: number; warmup: number; budgetMs: number; log: (line: string) => void },
): Promise<PageFigures[]> {
  globalThis.__uprDb = Promise.resolve(handle);
  const out: PageFigures[] = [];
  for (const kind of kinds) {
    const route = server.build.routes[kind.routeId];
    if (!route?.module.loader) throw new Error(`the server build has no loader for ${kind.routeId}`);
    const loader = route.module.loader;
    const request = () => new Request(`http://localhost${kind.url}`);
    let status = 0;
    let bytes = 0;
    const one = async () => {
      let t = performance.now();
      await kind.bare(handle.db);
      const bare = performance.now() - t;
      t = performance.now();
      await consume(await loader({ request: request(), params: kind.params, context: {} }));
      const load = performance.now() - t;
      t = performance.now();
      const response = await server.handler(request());
      bytes = (await response.text()).length;
      status = response.status;
      return { bare, load, page: performance.now() - t };
    };
    let last = { bare: 0, load: 0, page: 0 };
    for (let i = 0; i < options.warmup; i++) last = await one();
    const each = Math.max(last.bare + last.load + last.page, 0.001);
    const runs = Math.min(options.maxRuns, Math.max(options.minRuns, Math.floor(options.budgetMs / each)));
    const samples = { bare: [] as number[], load: [] as number[], page: [] as number[] };
    for (let i = 0; i < runs; i++) {
      const r = await one();
      samples.bare.push(r.bare);
      samples.load.push(r.load);
      samples.page.push(r.page);
    }
    const figures: PageFigures = {
      url: kind.url,
      bare: summarize(samples.bare),
      loader: summarize(samples.load),
      page: summarize(samples.page),
      loaderVsBare: 0,
      status,
      bytes,
      runs,
    };
    figures.loaderVsBare = Math.round((figures.loader.median / Math.max(figures.bare.median, 0.01)) * 100) / 100;
    options.log(
      `  ${kind.url.padEnd(52)} page ${formatMs(figures.page.median).padStart(9)}  loader ${formatMs(figures.loader.median).padStart(9)}  bare SQL ${formatMs(figures.bare.median).padStart(9)}  (${runs} runs, ${status}, ${Math.round(bytes / 1024)} KB)`,
    );
    out.push(figures);
  }
  globalThis.__uprDb = undefined;
  return out;
}
