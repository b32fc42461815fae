// `npm run bench [-- --json] [--runs N] [--database-url URL] [--pglite DIR] [--no-pglite]
//                  [--no-import] [--no-export] [--no-pages] [--pages-only] [--page-runs N] [--update-docs]`
// The world-scale benchmark suite (issue "World scale: benchmark suite and load test"), on PostgreSQL
// (the bench database of npm run bench:seed, seeded first when needed) and on PGlite (a seeded data
// directory): the dashboard loader for one state and for all states, search with filters, each as
// median and p95 of repeated runs after a warm-up; the import (npm run bench:import: 100,000 UPR Info
// rows against COPY of the same rows) and CSV export (npm run bench:export, of the bench database) as
// child processes; the gzipped JavaScript of the /dashboard page; every public page kind without the
// page cache (bench/lib/pages.ts: the whole page, the route's loader and the bare SQL of its
// numbers, in the same rounds; --pages-only measures only those, --no-pages leaves them out). With --json the last line printed is
// one JSON object with the figures. --update-docs writes the table into docs/performance.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { todayUtc } from "../app/lib/dates";
import { parseRecommendationFilter, type RecommendationFilter } from "../app/lib/recommendation-filter";
import {
  dashboardFilterOptions,
  headline,
  headlinesByIssue,
  loadDashboard,
  responsesByCycle,
  responsesByGroup,
  responsesByIssue,
  topRecommendingStates,
} from "../app/models/dashboard.server";
import { searchRecommendations, unknownFilterValues } from "../app/models/search.server";
import { type Db, redactUrl, StartupError } from "../db/client";
import type { Database } from "../db/schema";
import { buildIfStale, pageJs } from "./lib/assets";
import { loadServerBuild, measurePages, type PageFigures, pageKinds, pageSubjects } from "./lib/pages";
import { formatMs, round, summarize, type Summary, timeRuns, verdict } from "./lib/stats";
import { benchDatabaseUrl, openSeededPglite, openSeededPostgres, worldSpec } from "./lib/world";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_PGLITE_DIR = path.join(os.tmpdir(), "upr-bench-pglite");
/** A measurement whose single run takes long gets fewer runs, so that it ends within about this. */
const BUDGET_MS = 90_000;
const MIN_RUNS = 10;

export const TARGETS = {
  import_rows_per_s: { min: 10_000 },
  import_vs_copy: { max: 4 },
  dashboard_state_p95_ms: { max: 150 },
  search_p95_ms: { max: 100 },
  export_100k_s: { max: 5 },
  export_vs_copy: { max: 1.3 },
  dashboard_js_gzip_kb: { max: 250 },
} as const;

const Args = z.object({
  json: z.boolean().default(false),
  runs: z.coerce.number().int().min(5).max(1000).default(30),
  warmup: z.coerce.number().int().min(1).max(100).default(3),
  "database-url": z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must look like postgres://user@host:5432/database")
    .optional(),
  pglite: z
    .string()
    .min(1)
    .default(process.env.BENCH_PGLITE_DIR || DEFAULT_PGLITE_DIR),
  "no-pglite": z.boolean().default(false),
  "no-import": z.boolean().default(false),
  "no-export": z.boolean().default(false),
  "no-pages": z.boolean().default(false),
  "pages-only": z.boolean().default(false),
  "page-runs": z.coerce.number().int().min(3).max(1000).default(20),
  "update-docs": z.boolean().default(false),
});
type Args = z.infer<typeof Args>;

const log = (line: string) => console.error(line);

// ---------------------------------------------------------------------------------------------
// What is measured: the same calls as the routes' loaders

/** The /dashboard?state=X loader's database work (app/routes/dashboard._index.tsx, app/http/filter-request.server.ts). */
async function dashboardLoader(db: Kysely<Database>, query: string, defaultState: string) {
  const { filter, ignored } = parseRecommendationFilter(new URLSearchParams(query));
  for (const key of await unknownFilterValues(db, filter)) {
    ignored.push(key);
    delete filter[key];
  }
  const dashboard = await loadDashboard(db, filter, defaultState, todayUtc());
  const options = await dashboardFilterOptions(db, dashboard.filter.state!);
  return { dashboard, options };
}

/**
 * The dashboard's figures for every state at once: loadDashboard's parts without a state (the app's
 * loader always narrows to one state; the progress chart needs one review, so it is left out here).
 */
export async function dashboardAllStates(db: Kysely<Database>) {
  const filter: RecommendationFilter = { kind: "recommendation" };
  const [h, byCycle, byIssue, byGroup, topStates, issues] = await Promise.all([
    headline(db, filter),
    responsesByCycle(db, filter),
    responsesByIssue(db, filter),
    responsesByGroup(db, filter),
    topRecommendingStates(db, filter),
    headlinesByIssue(db, filter),
  ]);
  return { headline: h, byCycle, byIssue, byGroup, topStates, issues };
}

/** The /recommendations?... loader's database work (app/routes/recommendations._index.tsx). */
async function searchLoader(db: Kysely<Database>, query: string) {
  const { filter, options } = parseRecommendationFilter(new URLSearchParams(query));
  for (const key of await unknownFilterValues(db, filter)) delete filter[key];
  return searchRecommendations(db, filter, options);
}

/**
 * Realistic searches with filters: text, state, cycle, response, status, group, theme, action, issue,
 * recommending state, a later page. (The list without any filter is measured apart: see below.)
 */
export function searchQueries(state: string): string[] {
  return [
    "q=trafficking",
    `q=torture&state=${state}`,
    "cycle=2&response=noted",
    `state=${state}&status=in_progress&sort=status`,
    "q=rights+of+women&group=WEOG&cycle=3",
    "theme=Justice&action=5",
    "issue=bench-issue-3&from=FRA",
    "q=children&cycle=4&page=3",
  ];
}

interface Timed {
  summary: Summary;
  note: string;
}

async function measure(label: string, fn: () => Promise<unknown>, args: Args): Promise<Timed> {
  const warm = await timeRuns(fn, { runs: args.warmup, warmup: 0 });
  const each = Math.max(...warm.slice(-1), 0.001);
  const runs = Math.min(args.runs, Math.max(MIN_RUNS, Math.floor(BUDGET_MS / each)));
  const note = runs < args.runs ? `${runs} runs (one takes ~${formatMs(each)})` : `${runs} runs`;
  const summary = summarize(await timeRuns(fn, { runs, warmup: 0 }));
  log(
    `  ${label.padEnd(52)} median ${formatMs(summary.median).padStart(9)}  p95 ${formatMs(summary.p95).padStart(9)}  (${note})`,
  );
  return { summary, note };
}

interface EngineFigures {
  engine: "postgres" | "pglite";
  version: string;
  state: { iso3: string; name: string; recommendations: number };
  dashboardState: Timed;
  dashboardAll: Timed;
  searches: { query: string; total: number; timed: Timed }[];
  search: Summary;
  /** /recommendations with no filter at all: every recommendation counted for every facet. */
  listAll: Timed;
  searchWorst: { query: string; p95: number };
  /** Every public page kind without the page cache (null with --no-pages). */
  pages: PageFigures[] | null;
}

type Server = Awaited<ReturnType<typeof loadServerBuild>>;

/** A page must be made within this (median, whole page uncached) on each engine (issue #17). */
export const PAGE_TARGET_MS = { postgres: 100, pglite: 200 } as const;

async function engineVersion(db: Kysely<Database>): Promise<string> {
  // "PostgreSQL 15.20 (Debian 15.20-0+deb12u1)", "PostgreSQL 18.6 (PGlite 0.5.16)": without the compiler.
  return (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.replace(
    / on \S+, compiled by .*$/,
    "",
  );
}

/** The public page kinds on one engine (bench/lib/pages.ts). */
async function measureEnginePages(handle: Db, args: Args, server: Server, iso3: string): Promise<PageFigures[]> {
  log(
    `${handle.engine === "postgres" ? "PostgreSQL" : "PGlite"}: every public page kind, uncached (page / loader / bare SQL, medians)`,
  );
  const kinds = pageKinds(await pageSubjects(handle.db, iso3), searchQueries(iso3));
  return measurePages(handle, server, kinds, {
    maxRuns: args["page-runs"],
    minRuns: 3,
    warmup: 2,
    budgetMs: 15_000,
    log,
  });
}

/** The state under review whose number of recommendations is the median. */
async function medianState(db: Kysely<Database>) {
  const rows = (
    await sql<{ iso3: string; name: string; n: number }>`select s.iso3, s.name, count(*)::int as n
      from recommendation rec join review r on r.id = rec.review_id join state s on s.id = r.state_id
      where s.iso3 is not null group by s.id order by n, s.iso3`.execute(db)
  ).rows;
  const row = rows[Math.floor(rows.length / 2)];
  if (!row) throw new StartupError("the bench database holds no recommendations");
  return { iso3: row.iso3, name: row.name, recommendations: row.n };
}

async function measureEngine(handle: Db, args: Args, server: Server | null): Promise<EngineFigures> {
  const db = handle.db;
  const version = await engineVersion(db);
  const state = await medianState(db);
  log(
    `${handle.engine === "postgres" ? "PostgreSQL" : "PGlite"} (${handle.location}): the median state is ${state.name} (${state.iso3}, ${state.recommendations} recommendations)`,
  );
  const dashboardState = await measure(
    `dashboard loader, ${state.iso3}`,
    () => dashboardLoader(db, `state=${state.iso3}`, state.iso3),
    args,
  );
  const dashboardAll = await measure("dashboard figures, all states", () => dashboardAllStates(db), args);
  const searches: EngineFigures["searches"] = [];
  const pooled: number[] = [];
  for (const query of searchQueries(state.iso3)) {
    const { total } = await searchLoader(db, query);
    const samples: number[] = [];
    const timed = await measure(
      `search ?${query || "(no filter)"} (${total.toLocaleString("en")})`,
      async () => {
        const t = performance.now();
        await searchLoader(db, query);
        samples.push(performance.now() - t);
      },
      args,
    );
    // Only the measured runs count (the warm-up ones are the first `warmup` samples).
    pooled.push(...samples.slice(args.warmup));
    searches.push({ query, total, timed });
  }
  const worst = searches.reduce((a, b) => (b.timed.summary.p95 > a.timed.summary.p95 ? b : a));
  const listAll = await measure("recommendation list, no filter (100,000)", () => searchLoader(db, ""), args);
  const pages = server ? await measureEnginePages(handle, args, server, state.iso3) : null;
  return {
    pages,
    listAll,
    engine: handle.engine,
    version,
    state,
    dashboardState,
    dashboardAll,
    searches,
    search: summarize(pooled),
    searchWorst: { query: worst.query, p95: worst.timed.summary.p95 },
  };
}

// ---------------------------------------------------------------------------------------------
// The import and export benchmarks, in child processes

function hasScript(name: string, file: string): boolean {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return Boolean(pkg.scripts?.[name]) && fs.existsSync(path.join(ROOT, file));
}

/** Runs `npm run <name> -- <args>`; its progress goes to stderr; answers its last stdout line as JSON. */
async function runChildBench(
  name: string,
  childArgs: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ json: Record<string, unknown> | null; output: string; error: string | null }> {
  log(`npm run ${name} -- ${childArgs.join(" ")}`);
  const child = spawn("npm", ["run", "-s", name, "--", ...childArgs], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d;
    process.stderr.write(d);
  });
  child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const last = stdout.trim().split("\n").pop() ?? "";
  try {
    if (code !== 0) throw new Error(`exit ${code}`);
    return { json: JSON.parse(last) as Record<string, unknown>, output: stdout, error: null };
  } catch (error) {
    return { json: null, output: stdout, error: `npm run ${name} failed (${(error as Error).message})` };
  }
}

interface ImportFigures {
  engine: string;
  rowsPerSecond: number;
  copyRatio: number;
  importSeconds: number;
  copySeconds: number;
  /** COPY of the same rows into a table shaped and indexed like recommendation, and import / that. */
  copyIndexedSeconds: number;
  importVsCopyIndexed: number;
  peakRssMb: number;
}

// ---------------------------------------------------------------------------------------------

function machine(pgVersion: string | null, pgliteVersion: string | null) {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} x ${cpus[0]?.model.trim() ?? "unknown CPU"}`,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    /** Other work on the machine while measuring (1-minute load average at the end): figures are only comparable when it is low. */
    load_average: round(os.loadavg()[0]!, 1),
    postgres: pgVersion,
    pglite: pgliteVersion,
  };
}

type Row = [what: string, postgres: string, pglite: string, target: string, verdict: string];

function table(rows: Row[]): string {
  const head: Row = ["What", "PostgreSQL", "PGlite", "Target", "PostgreSQL vs target"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: Row) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

const ms = (s: Summary | undefined) => (s ? `${formatMs(s.median)} / ${formatMs(s.p95)}` : "n/a");

/** The pages table: per page kind, the whole page (median / p95), the route's loader and the bare SQL (medians). */
function pagesTable(pg: PageFigures[], lite: PageFigures[] | null): string[] {
  const cell = (p: PageFigures | undefined) =>
    p
      ? `${formatMs(p.page.median)} / ${formatMs(p.page.p95)} | ${formatMs(p.loader.median)} | ${formatMs(p.bare.median)}`
      : "n/a | n/a | n/a";
  const worst = (list: PageFigures[]) => list.reduce((a, b) => (b.page.median > a.page.median ? b : a));
  const w = worst(pg);
  const lw = lite?.length ? worst(lite) : null;
  return [
    `Pages without the cache (the whole page made by the Remix handler in-process, median / p95; the route's loader and the bare SQL of its numbers, medians; the same rounds). ` +
      `Slowest page: PostgreSQL \`${w.url}\` ${formatMs(w.page.median)} (target at most ${PAGE_TARGET_MS.postgres} ms: ${w.page.median <= PAGE_TARGET_MS.postgres ? "met" : "NOT met"})` +
      (lw
        ? `, PGlite \`${lw.url}\` ${formatMs(lw.page.median)} (target at most ${PAGE_TARGET_MS.pglite} ms: ${lw.page.median <= PAGE_TARGET_MS.pglite ? "met" : "NOT met"}).`
        : "."),
    "",
    "| Page | PostgreSQL page | loader | bare SQL | PGlite page | loader | bare SQL |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...pg.map((p, i) => `| \`${p.url}\` | ${cell(p)} | ${cell(lite?.[i])} |`),
  ];
}

function pageFigures(pg: PageFigures[] | null, lite: PageFigures[] | null) {
  const worst = (list: PageFigures[] | null) =>
    list?.length ? round(Math.max(...list.map((p) => p.page.median))) : null;
  const each = (list: PageFigures[] | null) =>
    list?.map((p) => ({
      url: p.url,
      page_median_ms: round(p.page.median),
      page_p95_ms: round(p.page.p95),
      loader_median_ms: round(p.loader.median),
      bare_median_ms: round(p.bare.median),
      status: p.status,
    })) ?? null;
  return {
    pages_worst_median_ms: worst(pg),
    pglite_pages_worst_median_ms: worst(lite),
    pages: each(pg),
    pglite_pages: each(lite),
  };
}

/** --pages-only: the page kinds on PostgreSQL (its handle already open) and PGlite, and their table. */
async function pagesOnly(
  pgHandle: Db,
  args: Args,
  server: Server,
  spec: ReturnType<typeof worldSpec>,
  loadAtStart: number,
  startedAt: string,
): Promise<number> {
  let pg: PageFigures[];
  let pgVersion: string;
  const iso3 = process.env.DEFAULT_STATE!;
  try {
    pgVersion = await engineVersion(pgHandle.db);
    pg = await measureEnginePages(pgHandle, args, server, iso3);
  } finally {
    await pgHandle.close();
  }
  let lite: PageFigures[] | null = null;
  let liteVersion: string | null = null;
  if (!args["no-pglite"]) {
    const handle = await openSeededPglite(args.pglite, spec, log);
    try {
      liteVersion = await engineVersion(handle.db);
      lite = await measureEnginePages(handle, args, server, iso3);
    } finally {
      await handle.close();
    }
  }
  const m = machine(pgVersion, liteVersion);
  console.log(
    [
      `Measured ${startedAt.slice(0, 16).replace("T", " ")} UTC on ${m.cpu}; load average ${loadAtStart} at the start, ${m.load_average} at the end. PostgreSQL: ${m.postgres}. PGlite: ${m.pglite ?? "not measured"}. State under review: ${iso3}.`,
      "",
      ...pagesTable(pg, lite),
    ].join("\n"),
  );
  if (args.json) console.log(JSON.stringify({ ...pageFigures(pg, lite), started_at: startedAt, machine: m }));
  return 0;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: "boolean" },
        runs: { type: "string" },
        warmup: { type: "string" },
        "database-url": { type: "string" },
        pglite: { type: "string" },
        "no-pglite": { type: "boolean" },
        "no-import": { type: "boolean" },
        "no-export": { type: "boolean" },
        "no-pages": { type: "boolean" },
        "pages-only": { type: "boolean" },
        "page-runs": { type: "string" },
        "update-docs": { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    return 2;
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error(`bench: ${parsed.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}`);
    return 2;
  }
  const args = parsed.data;
  const spec = worldSpec();
  const url = benchDatabaseUrl(args["database-url"]);
  const startedAt = new Date().toISOString();
  const loadAtStart = round(os.loadavg()[0]!, 1);
  if (loadAtStart > os.cpus().length / 2)
    log(
      `note: the machine is busy (load average ${loadAtStart} on ${os.cpus().length} cores): figures will be slower than on a quiet machine`,
    );

  // 1. Database latency, PostgreSQL then PGlite (one engine open at a time).
  const pgHandle = await openSeededPostgres(url, spec, log);
  // The pages are made by the built app (built first when the sources are newer), whose default state
  // under review is the bench's median state.
  let server: Server | null = null;
  let pagesNote = args["no-pages"] ? "skipped (--no-pages)" : "";
  if (!args["no-pages"]) {
    const buildError = buildIfStale(ROOT);
    if (buildError) pagesNote = buildError;
    else {
      process.env.DEFAULT_STATE = (await medianState(pgHandle.db)).iso3;
      server = await loadServerBuild(ROOT);
    }
  }
  if (args["pages-only"]) {
    if (!server) throw new StartupError(`--pages-only: ${pagesNote}`);
    return pagesOnly(pgHandle, args, server, spec, loadAtStart, startedAt);
  }
  let pg: EngineFigures;
  try {
    pg = await measureEngine(pgHandle, args, server);
  } finally {
    await pgHandle.close();
  }
  let lite: EngineFigures | null = null;
  let pgliteSkipped: string | null = args["no-pglite"] ? "skipped (--no-pglite)" : null;
  if (!args["no-pglite"]) {
    const t = performance.now();
    const handle = await openSeededPglite(args.pglite, spec, log);
    log(`PGlite: opened ${args.pglite} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    try {
      lite = await measureEngine(handle, args, server);
    } catch (error) {
      pgliteSkipped = `failed: ${(error as Error).message}`;
    } finally {
      await handle.close();
    }
  }

  // 2. Import and export (child processes of their own, each timing itself).
  let importPg: ImportFigures | null = null;
  let importLite: ImportFigures | null = null;
  let importNote = "";
  if (args["no-import"]) importNote = "skipped (--no-import)";
  else if (!hasScript("bench:import", "bench/import.ts"))
    importNote = "not available yet (npm run bench:import is missing)";
  else {
    const r = await runChildBench("bench:import", ["--json", ...(args["no-pglite"] ? ["--no-pglite"] : [])]);
    const results = (r.json?.results ?? []) as ImportFigures[];
    importPg = results.find((x) => x.engine === "postgres") ?? null;
    importLite = results.find((x) => x.engine === "pglite") ?? null;
    importNote = r.error ?? "";
  }
  let exportFigures: Record<string, number> | null = null;
  let exportNote = "";
  if (args["no-export"]) exportNote = "skipped (--no-export)";
  else if (!hasScript("bench:export", "bench/export.ts"))
    exportNote = "not available yet (npm run bench:export is missing)";
  else {
    const r = await runChildBench("bench:export", [
      "--json",
      "--database-url",
      url,
      // The seeded PGlite directory, as the other PGlite figures use (not one filled in memory: minutes and GBs).
      ...(args["no-pglite"] ? ["--no-pglite"] : ["--pglite", args.pglite]),
    ]);
    exportFigures = r.json as Record<string, number> | null;
    exportNote = r.error ?? "";
  }

  // 3. The JavaScript of the /dashboard page.
  let js: ReturnType<typeof pageJs> | null = null;
  let jsNote = "";
  const buildError = buildIfStale(ROOT);
  if (buildError) jsNote = buildError;
  else {
    try {
      js = pageJs(path.join(ROOT, "build/client"), "routes/dashboard._index");
    } catch (error) {
      jsNote = (error as Error).message;
    }
  }

  // 4. Report.
  const figures = {
    import_rows_per_s: importPg?.rowsPerSecond ?? null,
    import_vs_copy: importPg?.copyRatio ?? null,
    import_vs_copy_indexed: importPg?.importVsCopyIndexed ?? null,
    dashboard_state_p95_ms: round(pg.dashboardState.summary.p95),
    dashboard_all_p95_ms: round(pg.dashboardAll.summary.p95),
    search_p95_ms: round(pg.search.p95),
    export_100k_s: (exportFigures?.export_100k_s as number | undefined) ?? null,
    export_peak_rss_mb: (exportFigures?.export_peak_rss_mb as number | undefined) ?? null,
    export_vs_copy: (exportFigures?.export_vs_copy as number | undefined) ?? null,
    dashboard_js_gzip_kb: js ? round(js.gzipBytes / 1024) : null,
    dashboard_state_median_ms: round(pg.dashboardState.summary.median),
    dashboard_all_median_ms: round(pg.dashboardAll.summary.median),
    search_median_ms: round(pg.search.median),
    search_worst_p95_ms: round(pg.searchWorst.p95),
    search_worst_query: pg.searchWorst.query,
    list_unfiltered_p95_ms: round(pg.listAll.summary.p95),
    import_s: importPg?.importSeconds ?? null,
    copy_s: importPg?.copySeconds ?? null,
    copy_indexed_s: importPg?.copyIndexedSeconds ?? null,
    import_peak_rss_mb: importPg?.peakRssMb ?? null,
    dashboard_state: pg.state.iso3,
    pglite_dashboard_state_p95_ms: lite ? round(lite.dashboardState.summary.p95) : null,
    pglite_dashboard_all_p95_ms: lite ? round(lite.dashboardAll.summary.p95) : null,
    pglite_search_p95_ms: lite ? round(lite.search.p95) : null,
    pglite_list_unfiltered_p95_ms: lite ? round(lite.listAll.summary.p95) : null,
    pglite_import_rows_per_s: importLite?.rowsPerSecond ?? null,
    pglite_import_vs_copy: importLite?.copyRatio ?? null,
    pglite_import_vs_copy_indexed: importLite?.importVsCopyIndexed ?? null,
    pglite_export_100k_s: (exportFigures?.pglite_export_100k_s as number | undefined) ?? null,
    ...pageFigures(pg.pages, lite?.pages ?? null),
    runs: args.runs,
    started_at: startedAt,
    machine: machine(pg.version, lite?.version ?? null),
  };

  const v = (key: keyof typeof TARGETS, value: number | null) => verdict(value, TARGETS[key]);
  const targetText = (key: keyof typeof TARGETS, unit: string) => {
    const t = TARGETS[key] as { min?: number; max?: number };
    return t.max !== undefined
      ? `at most ${t.max.toLocaleString("en")}${unit}`
      : `at least ${t.min!.toLocaleString("en")}${unit}`;
  };
  const num = (x: number | null | undefined, unit = "", digits = 1) =>
    x === null || x === undefined ? "n/a" : `${round(x, digits).toLocaleString("en")}${unit}`;
  const rows: Row[] = [
    [
      "Import, rows per second (100,000 UPR Info rows)",
      num(importPg?.rowsPerSecond, "", 0),
      num(importLite?.rowsPerSecond, "", 0),
      targetText("import_rows_per_s", ""),
      v("import_rows_per_s", figures.import_rows_per_s),
    ],
    [
      "Import time / COPY time",
      num(importPg?.copyRatio, " x"),
      num(importLite?.copyRatio, " x"),
      targetText("import_vs_copy", " x"),
      v("import_vs_copy", figures.import_vs_copy),
    ],
    [
      "Import time / COPY into a table indexed like recommendation",
      num(importPg?.importVsCopyIndexed, " x"),
      num(importLite?.importVsCopyIndexed, " x"),
      "none",
      "no target",
    ],
    [
      `Dashboard loader, one state (${pg.state.iso3}), median / p95`,
      ms(pg.dashboardState.summary),
      ms(lite?.dashboardState.summary),
      "p95 at most 150 ms",
      v("dashboard_state_p95_ms", figures.dashboard_state_p95_ms),
    ],
    [
      "Dashboard figures, all states, median / p95",
      ms(pg.dashboardAll.summary),
      ms(lite?.dashboardAll.summary),
      "none",
      "no target",
    ],
    [
      `Search with filters (${pg.searches.length} kinds pooled), median / p95`,
      ms(pg.search),
      ms(lite?.search),
      "p95 at most 100 ms",
      v("search_p95_ms", figures.search_p95_ms),
    ],
    [
      "Search, slowest kind's p95",
      `${formatMs(pg.searchWorst.p95)}`,
      lite ? formatMs(lite.searchWorst.p95) : "n/a",
      "none",
      "no target",
    ],
    [
      "Recommendation list without any filter, median / p95",
      ms(pg.listAll.summary),
      ms(lite?.listAll.summary),
      "none",
      "no target",
    ],
    [
      "CSV export of 100,000 recommendations",
      num(figures.export_100k_s, " s", 2),
      num(figures.pglite_export_100k_s, " s", 2),
      targetText("export_100k_s", " s"),
      v("export_100k_s", figures.export_100k_s),
    ],
    [
      "CSV export / set-based COPY of the same columns, same run",
      num(figures.export_vs_copy, " x", 2),
      num(exportFigures?.pglite_export_vs_copy as number | undefined, " x", 2),
      targetText("export_vs_copy", " x"),
      v("export_vs_copy", figures.export_vs_copy),
    ],
    [
      "Export peak memory (RSS of the exporting process)",
      num(figures.export_peak_rss_mb, " MB", 0),
      num(exportFigures?.pglite_peak_rss_mb as number | undefined, " MB", 0),
      "at most 150 MB (issue 17)",
      verdict(figures.export_peak_rss_mb, { max: 150 }),
    ],
    [
      "JavaScript of /dashboard, gzipped",
      num(figures.dashboard_js_gzip_kb, " KB"),
      "(same)",
      targetText("dashboard_js_gzip_kb", " KB"),
      v("dashboard_js_gzip_kb", figures.dashboard_js_gzip_kb),
    ],
  ];
  const m = figures.machine;
  const notes = [
    importNote && `Import: ${importNote}.`,
    exportNote && `Export: ${exportNote}.`,
    jsNote && `JavaScript size: ${jsNote}.`,
    pgliteSkipped && `PGlite: ${pgliteSkipped}.`,
    pagesNote && `Pages: ${pagesNote}.`,
  ].filter(Boolean) as string[];
  const searchLines = pg.searches.map((s, i) => {
    const l = lite?.searches[i];
    return `| \`?${s.query || "(no filter)"}\` | ${s.total.toLocaleString("en")} | ${ms(s.timed.summary)} | ${l ? ms(l.timed.summary) : "n/a"} |`;
  });
  const report = [
    `Measured ${startedAt.slice(0, 16).replace("T", " ")} UTC on ${m.cpu}, ${m.memory_gb} GB memory, ${m.os}, Node.js ${m.node}; ` +
      `load average ${loadAtStart} at the start, ${m.load_average} at the end (${os.cpus().length} cores: above ${os.cpus().length} means other work was competing).`,
    `PostgreSQL: ${m.postgres}. PGlite: ${m.pglite ?? "not measured"}.`,
    `Data: npm run bench:seed (${spec.recommendations.toLocaleString("en")} recommendations, ${spec.assessments.toLocaleString("en")} assessments, ${spec.issueLinks.toLocaleString("en")} issue links, ${spec.states} states x ${spec.cycles} cycles). ` +
      `Latencies: ${args.warmup} warm-up runs, then ${args.runs} measured runs one after another (fewer where one run is slow, as noted below), in milliseconds.`,
    "",
    table(rows),
    "",
    "Search, per kind (median / p95):",
    "",
    "| Query | Matches | PostgreSQL | PGlite |",
    "| --- | --- | --- | --- |",
    ...searchLines,
    ...(lite
      ? [
          "",
          `Runs: PostgreSQL ${pg.dashboardState.note} (dashboard, one state), ${pg.dashboardAll.note} (all states); PGlite ${lite.dashboardState.note}, ${lite.dashboardAll.note}.`,
        ]
      : []),
    ...(pg.pages ? ["", ...pagesTable(pg.pages, lite?.pages ?? null)] : []),
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
  console.log(report);

  if (args["update-docs"]) {
    const docs = path.join(ROOT, "docs/performance.md");
    const text = fs.readFileSync(docs, "utf8");
    const start = "<!-- bench:results:start -->";
    const end = "<!-- bench:results:end -->";
    if (!text.includes(start) || !text.includes(end))
      throw new StartupError(`docs/performance.md has no ${start} ... ${end} block to update`);
    fs.writeFileSync(
      docs,
      `${text.slice(0, text.indexOf(start) + start.length)}\n${report}\n${text.slice(text.indexOf(end))}`,
    );
    log("docs/performance.md: the results block was updated");
  }
  log(`(bench database: ${redactUrl(url)})`);
  if (args.json) console.log(JSON.stringify(figures));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof StartupError ? `bench: ${error.message}` : error);
    process.exit(1);
  },
);
