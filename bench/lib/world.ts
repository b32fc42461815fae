// The synthetic world-scale data set of the benchmarks (npm run bench:seed, bench, bench:load): every
// UN member state reviewed in four cycles, 100,000 recommendations, 400,000 assessments, 200,000 links
// to 20 coalition issues. Deterministic: the plan (reviews, counts, dates) comes from a seeded PRNG in
// TypeScript, the rows from INSERT ... SELECT generate_series where every "random" value is a hash of
// (seed, purpose, row number), so the same seed gives the same rows on PostgreSQL and on PGlite,
// whatever order the database evaluates them in.
//
// Recommendation texts are never invented: the 150 real texts of Kenya's first review
// (seed-data/kenya-cycle1-recommendations.csv, verbatim from A/HRC/15/8) are reused in turn.
// Themes are UPR Info's own theme names, weighted as they occur in a real UPR Info export.
//
// It only ever writes to a database that is empty or marked as a bench database (table bench_marker).
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import Papa from "papaparse";
import postgres from "postgres";
import { prng } from "../../app/lib/prng";
import { UN_STATES } from "../../app/lib/states";
import { createDb, type Db, redactUrl, StartupError } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { SEED_DIR } from "../../app/models/seed.server";

export const GENERATOR = "upr-monitor bench:seed";
/** Raise when the generated rows change, so that an older bench database is seeded again. */
export const GENERATOR_VERSION = 1;
export const BENCH_DATABASE = "upr_bench";
export const DEFAULT_SEED = 20261126;

export interface WorldSpec {
  generator: string;
  version: number;
  seed: number;
  states: number;
  cycles: number;
  recommendations: number;
  assessments: number;
  issueLinks: number;
  issues: number;
  organisations: number;
  /** The world's "today": no assessment is dated after it. Fixed, so the data never depends on the clock. */
  worldDate: string;
}

/** The world of the issue (scale 1); a smaller scale for quick runs and tests (same shape, fewer rows). */
export function worldSpec(options: { seed?: number; scale?: number } = {}): WorldSpec {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 10)) throw new RangeError("scale must be above 0 and at most 10");
  // An even number of recommendations: issue links come in pairs of recommendations (see below).
  const recommendations = Math.max(2, 2 * Math.round((100_000 * scale) / 2));
  return {
    generator: GENERATOR,
    version: GENERATOR_VERSION,
    seed: options.seed ?? DEFAULT_SEED,
    states: MEMBER_STATES.length,
    cycles: 4,
    recommendations,
    assessments: recommendations * 4,
    issueLinks: recommendations * 2,
    issues: 20,
    organisations: 5,
    worldDate: "2026-11-20",
  };
}

export const MEMBER_STATES = UN_STATES.filter((s) => !s.observer);

// ---------------------------------------------------------------------------------------------
// The plan: pure and deterministic

/** Splits `total` into whole parts proportional to `weights` (largest remainder); they add up to `total`. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new RangeError("weights must add up to more than 0");
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    parts[i]!++;
  }
  return parts;
}

/** UPR Working Group sessions per cycle, with the approximate first days of the first and last session. */
export const CYCLE_SESSIONS = [
  { cycle: 1, first: 1, last: 12, firstDate: "2008-04-07", lastDate: "2011-10-03" },
  { cycle: 2, first: 13, last: 26, firstDate: "2012-05-21", lastDate: "2016-10-31" },
  { cycle: 3, first: 27, last: 40, firstDate: "2017-05-01", lastDate: "2022-01-24" },
  { cycle: 4, first: 41, last: 53, firstDate: "2022-11-07", lastDate: "2026-11-02" },
] as const;

const DAY = 86_400_000;
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/** The first day of a session: spread evenly between its cycle's first and last session (about three a year). */
export function sessionDate(session: number): string {
  const c = CYCLE_SESSIONS.find((x) => session >= x.first && session <= x.last);
  if (!c) throw new RangeError(`no cycle holds session ${session}`);
  const span = daysBetween(c.firstDate, c.lastDate);
  return addDays(c.firstDate, Math.round((span * (session - c.first)) / (c.last - c.first)));
}

/** Relative size of a review by cycle (later cycles bring more recommendations, as in the real UPR). */
const CYCLE_WEIGHT = [0.55, 0.9, 1.0, 1.1];

export interface ReviewPlan {
  /** The state's place in the session order (0-based), also its index into `statesInOrder`. */
  pos: number;
  iso3: string;
  cycle: number;
  session: number;
  reviewDate: string;
  adoptionDate: string;
  /** Assessments of this review's recommendations are dated between these two days. */
  periodStart: string;
  periodEnd: string;
  /** Recommendations in this review; their ordinals are firstOrd .. firstOrd + count - 1. */
  count: number;
  firstOrd: number;
  /** The report paragraph whose sub-paragraphs hold the recommendations ("101" for 101.1, 101.2 ...). */
  paragraph: number;
}

export interface WorldPlan {
  statesInOrder: { iso3: string; name: string; regionalGroup: string | null }[];
  reviews: ReviewPlan[];
  /** How often each state (by pos) makes a recommendation, as a list of slots to draw from. */
  recommendingSlots: number[];
  /** How often each issue (0-based) is linked, as slots. */
  issueSlots: number[];
}

export function planWorld(spec: WorldSpec): WorldPlan {
  const rand = prng(spec.seed);
  // The order in which states are reviewed (the same slot in every cycle, as in the real UPR).
  const statesInOrder = [...MEMBER_STATES]
    .map((s) => ({ s, k: rand() }))
    .sort((a, b) => a.k - b.k)
    .map(({ s }) => ({ iso3: s.iso3, name: s.name, regionalGroup: s.regionalGroup }));
  const n = statesInOrder.length;
  const stateFactor = statesInOrder.map(() => 0.35 + 1.3 * rand());
  const reviews: Omit<ReviewPlan, "count" | "firstOrd" | "periodStart" | "periodEnd">[] = [];
  for (let pos = 0; pos < n; pos++) {
    for (const c of CYCLE_SESSIONS.slice(0, spec.cycles)) {
      const sessions = c.last - c.first + 1;
      const session = c.first + Math.floor((pos * sessions) / n);
      const reviewDate = addDays(sessionDate(session), pos % 10);
      reviews.push({
        pos,
        iso3: statesInOrder[pos]!.iso3,
        cycle: c.cycle,
        session,
        reviewDate,
        adoptionDate: addDays(reviewDate, 120 + Math.floor(rand() * 45)),
        paragraph: 80 + Math.floor(rand() * 80),
      });
    }
  }
  const counts = allocate(
    spec.recommendations,
    reviews.map((r) => CYCLE_WEIGHT[r.cycle - 1]! * stateFactor[r.pos]!),
  );
  let firstOrd = 0;
  const planned: ReviewPlan[] = reviews.map((r, i) => {
    const next = reviews.find((x) => x.pos === r.pos && x.cycle === r.cycle + 1);
    const periodStart = minDate(r.adoptionDate, spec.worldDate);
    const periodEnd = maxDate(periodStart, minDate(next?.reviewDate ?? spec.worldDate, spec.worldDate));
    const plan = { ...r, periodStart, periodEnd, count: counts[i]!, firstOrd };
    firstOrd += counts[i]!;
    return plan;
  });
  // Recommending states: a few make many recommendations (WEOG and GRULAC states most of all).
  const popularity = statesInOrder.map(
    (s) => (0.3 + 2.5 * rand() ** 2) * (s.regionalGroup === "WEOG" ? 2 : s.regionalGroup === "GRULAC" ? 1.5 : 1),
  );
  const issueWeights = Array.from({ length: spec.issues }, (_, i) => 1 / (i + 1) ** 0.7);
  return {
    statesInOrder,
    reviews: planned,
    recommendingSlots: slots(popularity, 2000),
    issueSlots: slots(issueWeights, 200),
  };
}

const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);

/** Each index repeated in proportion to its weight (at least once), about `size` in all. */
export function slots(weights: readonly number[], size: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.flatMap((w, i) => Array<number>(Math.max(1, Math.round((w / sum) * size))).fill(i));
}

/** UPR Info theme names, weighted by how often each occurs in a real UPR Info export (Kenya, session 8). */
export const UPR_INFO_THEMES: readonly (readonly [string, number])[] = [
  ["International instruments", 34],
  ["Justice", 33],
  ["Rights of the Child", 28],
  ["Women's rights", 21],
  ["Technical assistance and cooperation", 14],
  ["Death penalty", 13],
  ["Poverty", 11],
  ["Torture and other CID treatment", 11],
  ["Development", 10],
  ["Special procedures", 9],
  ["Human rights education and training", 8],
  ["Right to education", 7],
  ["Human rights defenders", 7],
  ["ESC rights - general", 6],
  ["Human rights violations by state agents", 6],
  ["Labour", 5],
  ["Internally displaced persons", 5],
  ["Elections", 5],
  ["Indigenous peoples", 5],
  ["Detention", 5],
  ["Sexual Orientation and Gender Identity", 4],
  ["National plan of action", 4],
  ["Impunity", 4],
  ["Migrants", 3],
  ["CP rights - general", 3],
  ["Extrajudicial executions", 3],
  ["Corruption", 3],
  ["General", 3],
  ["Asylum-seekers - refugees", 2],
  ["Right to health", 2],
  ["Minorities", 2],
  ["Freedom of opinion and expression", 2],
  ["Enforced disappearances", 2],
  ["Trafficking", 2],
  ["Civil society", 2],
  ["NHRI", 1],
  ["Right to land", 1],
  ["UPR process", 1],
  ["Freedom of the press", 1],
  ["Right to food", 1],
  ["Right to water", 1],
];

/** The 150 real recommendation texts of Kenya's first review, verbatim, in report order. */
export function realTexts(): string[] {
  const text = fs.readFileSync(path.join(SEED_DIR, "kenya-cycle1-recommendations.csv"), "utf8");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const texts = parsed.data.map((r) => r.recommendation ?? "").filter((t) => t.trim() !== "");
  if (texts.length === 0) throw new Error("seed-data/kenya-cycle1-recommendations.csv holds no recommendation texts");
  return texts;
}

// ---------------------------------------------------------------------------------------------
// Where the bench database lives, and whether we may write to it

/** The PostgreSQL bench database: --database-url, else BENCH_DATABASE_URL, else upr_bench on the local server. */
export function benchDatabaseUrl(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.BENCH_DATABASE_URL) return env.BENCH_DATABASE_URL;
  const server = new URL(env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
  server.pathname = `/${BENCH_DATABASE}`;
  return server.toString();
}

/** Creates the database of `url` on its server when it does not exist yet. */
export async function ensurePostgresDatabase(url: string): Promise<"exists" | "created"> {
  const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await probe`select 1`;
    return "exists";
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") {
      throw new StartupError(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
    }
  } finally {
    await probe.end({ timeout: 1 });
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new StartupError(
      `will not create a database named ${JSON.stringify(name)}: use lower-case letters, digits and _`,
    );
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  return "created";
}

export interface Marker {
  spec: WorldSpec;
  status: "seeding" | "complete";
  seconds: number | null;
  seeded_at: string;
}

export type TargetState =
  { kind: "empty" } | { kind: "bench"; marker: Marker | null } | { kind: "foreign"; tables: string[] };

/** Empty, a bench database (marked), or someone's data (anything else: never touched). */
export async function inspectTarget(db: Kysely<any>): Promise<TargetState> {
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = 'public' order by table_name`.execute(db)
  ).rows.map((r) => r.name);
  if (tables.length === 0) return { kind: "empty" };
  if (!tables.includes("bench_marker")) return { kind: "foreign", tables };
  const row = (
    await sql<
      Marker & { spec: WorldSpec | string }
    >`select spec, status, seconds, seeded_at::text from bench_marker where id = 1`.execute(db)
  ).rows[0];
  // (Drivers differ on jsonb: an object, or its text.)
  return {
    kind: "bench",
    marker: row
      ? { ...row, spec: typeof row.spec === "string" ? (JSON.parse(row.spec) as WorldSpec) : row.spec }
      : null,
  };
}

/** Key order aside (jsonb keeps its own), the same spec. */
export function sameSpec(a: WorldSpec, b: WorldSpec): boolean {
  const canonical = (x: WorldSpec) =>
    JSON.stringify(Object.entries(x).sort(([k1], [k2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : 0)));
  return canonical(a) === canonical(b);
}

export class ForeignDatabaseError extends StartupError {}

// ---------------------------------------------------------------------------------------------
// Seeding

export interface SeedReport {
  skipped: boolean;
  counts: Record<string, number>;
  timings: [step: string, seconds: number][];
  seconds: number;
}

/**
 * Seeds the world into an open database: refuses one that holds other data; leaves a bench database
 * that already holds this very world alone (unless `force`); otherwise empties the bench database,
 * migrates it, generates the rows in one transaction, and analyses the tables.
 */
export async function seedWorld(
  handle: Db,
  spec: WorldSpec,
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<SeedReport> {
  const log = options.log ?? (() => {});
  const db = handle.db as unknown as Kysely<any>;
  const target = await inspectTarget(db);
  if (target.kind === "foreign") {
    throw new ForeignDatabaseError(
      `${handle.location} already holds data (${target.tables.slice(0, 5).join(", ")}${target.tables.length > 5 ? ", ..." : ""}) and is not a bench database: ` +
        `it is left alone. Use an empty database, or the default (${BENCH_DATABASE}).`,
    );
  }
  if (
    target.kind === "bench" &&
    target.marker?.status === "complete" &&
    sameSpec(target.marker.spec, spec) &&
    !options.force
  ) {
    log(
      `${handle.location} already holds this world (seeded ${target.marker.seeded_at}); nothing to do (--force seeds it again)`,
    );
    return { skipped: true, counts: await countRows(handle.db), timings: [], seconds: 0 };
  }
  const t0 = performance.now();
  const timings: [string, number][] = [];
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    const s = (performance.now() - t) / 1000;
    timings.push([name, s]);
    log(`  ${name.padEnd(34)} ${s.toFixed(2).padStart(7)} s`);
  };
  if (target.kind === "bench") {
    await step("empty the old bench database", async () => {
      await sql`drop schema public cascade`.execute(db);
      await sql`create schema public`.execute(db);
    });
  }
  await sql`create table bench_marker (
    id integer primary key default 1 check (id = 1),
    spec jsonb not null,
    status text not null check (status in ('seeding', 'complete')),
    seconds real,
    seeded_at timestamptz not null default now()
  )`.execute(db);
  await sql`insert into bench_marker (spec, status) values (${JSON.stringify(spec)}::text::jsonb, 'seeding')`.execute(
    db,
  );
  await step("migrate", () => migrateToLatest(db));
  const plan = planWorld(spec);
  const texts = realTexts();
  await db.transaction().execute((trx) => generate(trx, spec, plan, texts, step));
  await step("vacuum analyze", () => sql`vacuum analyze`.execute(db));
  const seconds = (performance.now() - t0) / 1000;
  await sql`update bench_marker set status = 'complete', seconds = ${seconds}, seeded_at = now() where id = 1`.execute(
    db,
  );
  return { skipped: false, counts: await countRows(handle.db), timings, seconds };
}

export async function countRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const row = (
    await sql<Record<string, number>>`select
      (select count(*) from state)::int as states,
      (select count(*) from review)::int as reviews,
      (select count(*) from recommendation)::int as recommendations,
      (select count(*) from recommendation_recommending_state)::int as recommending_states,
      (select count(*) from assessment)::int as assessments,
      (select count(*) from coalition_issue)::int as issues,
      (select count(*) from recommendation_issue)::int as issue_links`.execute(db)
  ).rows[0]!;
  return row;
}

/** A uniform number in [0, 1) from (seed, purpose, row): SQL text. Same value on every engine and plan. */
function rnd(seed: number, expr: string, salt: string): string {
  return `(('x' || substr(md5('${seed}:${salt}:' || (${expr})::text), 1, 8))::bit(32)::bigint::float8 / 4294967296.0::float8)`;
}

const STATUS_LADDER = ["no_action", "in_progress", "partially_implemented", "fully_implemented"];
const EVIDENCE =
  "Synthetic assessment of the world-scale benchmark data set (npm run bench:seed); not a real finding. ";

async function generate(
  trx: Kysely<any>,
  spec: WorldSpec,
  plan: WorldPlan,
  texts: string[],
  step: (name: string, fn: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const r = (expr: string, salt: string) => sql.raw(rnd(spec.seed, expr, salt));
  const nStates = plan.statesInOrder.length;
  const themes = UPR_INFO_THEMES.flatMap(([name, weight]) => Array<string>(weight).fill(name));

  await step("states, issues, organisations", async () => {
    const s = plan.statesInOrder;
    await sql`insert into state (name, iso3, regional_group)
      select name, iso3, grp from unnest(${s.map((x) => x.name)}::text[], ${s.map((x) => x.iso3)}::text[], ${s.map((x) => x.regionalGroup)}::text[]) as t(name, iso3, grp)`.execute(
      trx,
    );
    await sql`create temp table bench_state on commit drop as
      select (t.pos - 1)::int as pos, s.id from unnest(${s.map((x) => x.iso3)}::text[]) with ordinality as t(iso3, pos) join state s on s.iso3 = t.iso3`.execute(
      trx,
    );
    await sql`insert into coalition_issue (slug, title, description)
      select 'bench-issue-' || i, 'Bench issue ' || i, 'A coalition issue of the synthetic world-scale benchmark data set (npm run bench:seed).'
      from generate_series(1, ${spec.issues}::int) i`.execute(trx);
    await sql`create temp table bench_issue on commit drop as
      select (substr(slug, 13)::int - 1) as pos, id from coalition_issue where slug like 'bench-issue-%'`.execute(trx);
    await sql`insert into organisation (name) select 'Bench organisation ' || i from generate_series(1, ${spec.organisations}::int) i`.execute(
      trx,
    );
    await sql`create temp table bench_org on commit drop as
      select (substr(name, 20)::int - 1) as pos, id from organisation where name like 'Bench organisation %'`.execute(
      trx,
    );
    await sql`create temp table bench_text on commit drop as
      select (t.i - 1)::int as i, t.text from unnest(${texts}::text[]) with ordinality as t(text, i)`.execute(trx);
  });

  await step(`reviews (${plan.reviews.length})`, async () => {
    const v = plan.reviews;
    await sql`create temp table bench_review on commit drop as
      select t.*, s.id as state_id from unnest(
        ${v.map((x) => x.pos)}::int[], ${v.map((x) => x.cycle)}::int[], ${v.map((x) => x.session)}::int[],
        ${v.map((x) => x.reviewDate)}::text[]::date[], ${v.map((x) => x.adoptionDate)}::text[]::date[],
        ${v.map((x) => x.periodStart)}::text[]::date[], ${v.map((x) => x.periodEnd)}::text[]::date[],
        ${v.map((x) => x.count)}::int[], ${v.map((x) => x.firstOrd)}::int[], ${v.map((x) => x.paragraph)}::int[]
      ) as t(pos, cycle, session, review_date, adoption_date, period_start, period_end, n, first_ord, para)
      join bench_state s using (pos)`.execute(trx);
    await sql`insert into review (state_id, cycle, session, review_date, adoption_date, notes)
      select state_id, cycle, session, review_date, adoption_date,
        'Synthetic review of the world-scale benchmark data set (npm run bench:seed): approximate session dates.'
      from bench_review order by pos, cycle`.execute(trx);
    await sql`alter table bench_review add column review_id integer`.execute(trx);
    await sql`update bench_review b set review_id = r.id from review r where r.state_id = b.state_id and r.cycle = b.cycle`.execute(
      trx,
    );
  });

  await step(`plan ${spec.recommendations.toLocaleString("en")} recommendations`, async () => {
    // offset 0 keeps each random number computed once (no subquery pull-up).
    await sql`create temp table bench_rec on commit drop as
      select ord, review_id, pos, period_start, period_end, paragraph,
        case when r_resp < 0.75 then 'supported' when r_resp < 0.97 then 'noted' else 'pending' end as response,
        case when r_act < 0.08 then 1 when r_act < 0.30 then 2 when r_act < 0.45 then 3 when r_act < 0.75 then 4 else 5 end as action,
        array(select distinct x from unnest((array[
          (${themes}::text[])[1 + floor(r_t1 * ${themes.length})::int],
          (${themes}::text[])[1 + floor(r_t2 * ${themes.length})::int],
          (${themes}::text[])[1 + floor(r_t3 * ${themes.length})::int]
        ])[1:(case when r_nth < 0.45 then 1 when r_nth < 0.85 then 2 else 3 end)]) as x) as themes,
        case when r_from < 0.72 then 1 when r_from < 0.92 then 2 else 3 end as n_from
      from (
        select b.first_ord + g as ord, b.review_id, b.pos, b.period_start, b.period_end, b.para || '.' || (g + 1) as paragraph,
          ${r("b.first_ord + g", "response")} as r_resp, ${r("b.first_ord + g", "action")} as r_act,
          ${r("b.first_ord + g", "themes")} as r_nth, ${r("b.first_ord + g", "theme1")} as r_t1,
          ${r("b.first_ord + g", "theme2")} as r_t2, ${r("b.first_ord + g", "theme3")} as r_t3,
          ${r("b.first_ord + g", "from")} as r_from
        from bench_review b cross join lateral generate_series(0, b.n - 1) g
        offset 0
      ) x`.execute(trx);
  });

  await step(`plan ${spec.assessments.toLocaleString("en")} assessments`, async () => {
    // Each assessment belongs to a recommendation drawn at random (about 4 each) and is dated within
    // its review's period; later in the period, a higher status is more likely (lower for noted ones).
    await sql`create temp table bench_asm on commit drop as
      select j, ord, org, as_of, reps, n_urls,
        (${STATUS_LADDER}::text[])[1 + least(3, greatest(0, floor(
          (as_of - period_start)::float8 / greatest(period_end - period_start, 1) * 2.4 + r_status * 1.6 - 0.4
          - case when response = 'noted' then 0.8 else 0 end)))::int] as status
      from (
        select a.j, a.ord, a.org, a.reps, a.n_urls, a.r_status, rec.response, rec.period_start, rec.period_end,
          rec.period_start + floor(a.r_day * (rec.period_end - rec.period_start + 1))::int as as_of
        from (
          select j, floor(${r("j", "assessment-recommendation")} * ${spec.recommendations}::int)::int as ord,
            floor(${r("j", "organisation")} * ${spec.organisations}::int)::int as org,
            ${r("j", "day")} as r_day, ${r("j", "status")} as r_status,
            1 + floor(${r("j", "evidence")} * 6)::int as reps, floor(${r("j", "urls")} * 3)::int as n_urls
          from generate_series(0, ${spec.assessments - 1}::int) j
          offset 0
        ) a join bench_rec rec using (ord)
      ) x`.execute(trx);
  });

  await step("insert recommendations", async () => {
    // The current status is set from the plan (the latest assessment by as-of date, then the later
    // row): the trigger on assessment then finds every recommendation already right and updates none.
    await sql`create temp table bench_latest on commit drop as
      select distinct on (ord) ord, status, as_of from bench_asm order by ord, as_of desc, j desc`.execute(trx);
    await sql`insert into recommendation (review_id, paragraph, text, response, action_category, themes, source_format, source_key, current_status, current_as_of)
      select r.review_id, r.paragraph, t.text, r.response, r.action, r.themes, 'native', 'bench:' || r.ord,
        coalesce(l.status, 'not_assessed'), l.as_of
      from bench_rec r join bench_text t on t.i = r.ord % ${texts.length}::int
      left join bench_latest l on l.ord = r.ord
      order by r.ord`.execute(trx);
    await sql`create temp table bench_recid on commit drop as
      select substr(source_key, 7)::int as ord, id from recommendation where source_format = 'native' and source_key like 'bench:%'`.execute(
      trx,
    );
  });

  await step("insert recommending states", async () => {
    const slots = plan.recommendingSlots;
    await sql`insert into recommendation_recommending_state (recommendation_id, state_id)
      select ri.id, s.id
      from bench_rec r join bench_recid ri using (ord)
      cross join lateral generate_series(1, r.n_from) k
      cross join lateral (select (${slots}::int[])[1 + floor(${r("r.ord * 4 + k", "recommending-state")} * ${slots.length}::int)::int] as p) pick
      join bench_state s on s.pos = case when pick.p = r.pos then (pick.p + 1) % ${nStates}::int else pick.p end
      on conflict do nothing`.execute(trx);
  });

  await step("insert assessments (trigger runs)", async () => {
    await sql`insert into assessment (recommendation_id, organisation_id, status, as_of, evidence, source_urls)
      select ri.id, o.id, a.status, a.as_of, rtrim(repeat(${EVIDENCE}, a.reps)),
        case a.n_urls when 0 then '{}'::text[]
          when 1 then array['https://example.org/bench/assessment/' || a.j]
          else array['https://example.org/bench/assessment/' || a.j, 'https://example.org/bench/assessment/' || a.j || '/annex'] end
      from bench_asm a join bench_recid ri using (ord) join bench_org o on o.pos = a.org
      order by a.ord, a.as_of, a.j`.execute(trx);
  });

  await step("insert issue links", async () => {
    // Recommendations 2m and 2m+1 get 2+x and 2-x links (x in -2..2): exactly two per recommendation
    // on average. Each one's issues are distinct: base, base+step, ... (mod 20), step prime to 20.
    const steps = [1, 3, 7, 9, 11, 13, 17, 19].filter((s) => gcd(s, spec.issues) === 1);
    const issueSlots = plan.issueSlots;
    await sql`insert into recommendation_issue (recommendation_id, issue_id)
      select ri.id, i.id
      from (
        select ord, 2 + case when ord % 2 = 0 then x else -x end as k, base, step from (
          select ord, floor(${r("ord / 2", "links")} * 5)::int - 2 as x,
            (${issueSlots}::int[])[1 + floor(${r("ord", "link-base")} * ${issueSlots.length}::int)::int] as base,
            (${steps}::int[])[1 + floor(${r("ord", "link-step")} * ${steps.length}::int)::int] as step
          from bench_rec offset 0
        ) y
      ) l
      join bench_recid ri using (ord)
      cross join lateral generate_series(0, l.k - 1) m
      join bench_issue i on i.pos = (l.base + m * l.step) % ${spec.issues}::int`.execute(trx);
  });
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

// ---------------------------------------------------------------------------------------------
// Opening the bench databases (for bench and bench:load)

/** Opens the PostgreSQL bench database, seeding it first when it does not hold the world yet. */
export async function openSeededPostgres(url: string, spec: WorldSpec, log: (line: string) => void): Promise<Db> {
  await ensurePostgresDatabase(url);
  return seededWorld(await createDb({ databaseUrl: url }), spec, log, `${redactUrl(url)}`, "npm run bench:seed");
}

/** Opens (and seeds when needed) the PGlite bench directory. */
export async function openSeededPglite(dir: string, spec: WorldSpec, log: (line: string) => void): Promise<Db> {
  return seededWorld(await createDb({ dataDir: dir }), spec, log, dir, `npm run bench:seed -- --pglite ${dir}`);
}

/** Seeds the world into an opened bench database unless it holds it already; closes it on failure. */
async function seededWorld(
  handle: Db,
  spec: WorldSpec,
  log: (line: string) => void,
  where: string,
  command: string,
): Promise<Db> {
  try {
    const state = await inspectTarget(handle.db);
    if (state.kind !== "bench" || state.marker?.status !== "complete" || !sameSpec(state.marker.spec, spec)) {
      log(`${where} does not hold the world-scale data yet: seeding it (${command}) ...`);
      const report = await seedWorld(handle, spec, { log });
      log(`  seeded in ${report.seconds.toFixed(1)} s`);
    } else {
      // A world seeded by an older version gets the newer migrations (indexes), as the app's own database would.
      await migrateToLatest(handle.db);
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
