// Editors for the load test (bench/load.ts --writers N). Each is a real editor user of the
// (copied) bench database, signs in through /login, and saves assessments through the recommendation
// page's form as a browser without JavaScript does: GET /recommendations/:id (the page with the form
// and its hidden basedOn), then POST the form with the session cookie and the page's own Origin and
// Sec-Fetch-Site (the server's cross-site check), answered by 303 to the saved assessment. One save
// after another, each on a recommendation drawn at random (seeded, so every run draws the same ones).
import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { STATUSES } from "../../db/schema";
import { prng } from "../../app/lib/prng";
import { todayUtc } from "../../app/lib/dates";
import { createUser } from "../../app/models/users.server";
import { percentile, round } from "./stats";

export interface BenchEditor {
  email: string;
  password: string;
  organisationId: number;
}

const EDITOR_ORGANISATION = "Bench load editors";

/** N editor users (bench-editor-1@bench.invalid ...) with random passwords; an existing one is an error. */
export async function createBenchEditors(db: Kysely<Database>, n: number): Promise<BenchEditor[]> {
  const editors: BenchEditor[] = [];
  for (let i = 1; i <= n; i++) {
    const email = `bench-editor-${i}@bench.invalid`;
    const password = randomBytes(18).toString("base64url");
    const result = await createUser(
      db,
      {
        email,
        password,
        role: "editor",
        displayName: `Bench editor ${i}`,
        organisation: { name: EDITOR_ORGANISATION },
      },
      { userId: null },
    );
    if (!result.ok) throw new Error(`could not create the bench editor ${email}: ${result.error}`);
    editors.push({ email, password, organisationId: result.user.organisationId });
  }
  return editors;
}

/** Ids of recommendations whose review was held by today (an assessment dated today is valid for them). */
export async function assessableRecommendations(db: Kysely<Database>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select rec.id from recommendation rec join review r on r.id = rec.review_id
    where r.review_date <= ${todayUtc()} order by rec.id`.execute(db);
  return rows.map((r) => r.id);
}

export interface WriterFigures {
  writers: number;
  /** Saves sent (POSTs answered or timed out) and saves answered 303 (saved). */
  writes: number;
  saved: number;
  /** Attempts that did not save: the form page or the save answered otherwise, or timed out. */
  failed: number;
  failures: Record<string, number>;
  writes_per_s: number;
  write_p50_ms: number;
  write_p99_ms: number;
  write_max_ms: number;
  /** The editor's GET of the page with the form before each save (signed in: never from the page cache). */
  form_page_p50_ms: number;
  form_page_p99_ms: number;
  form_page_max_ms: number;
}

const TIMEOUT_MS = 30_000;

async function timed(url: string, init: RequestInit): Promise<{ res: Response; body: string; ms: number }> {
  const t = performance.now();
  const res = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  const body = await res.text();
  return { res, body, ms: performance.now() - t };
}

function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("upr_session="));
  if (!cookie) throw new Error(`sign-in answered ${res.status} without a session cookie`);
  return cookie.split(";")[0]!;
}

/** The headers a browser sends with a form POST from our own page. */
function formHeaders(baseUrl: string, cookie?: string): Record<string, string> {
  return {
    "Content-Type": "application/x-www-form-urlencoded",
    Origin: baseUrl,
    "Sec-Fetch-Site": "same-origin",
    ...(cookie ? { Cookie: cookie } : {}),
  };
}

/** Signs a user in as the sign-in form does (POST /login): the session cookie ("upr_session=…"). */
export async function signIn(baseUrl: string, who: { email: string; password: string }): Promise<string> {
  const { res } = await timed(`${baseUrl}/login`, {
    method: "POST",
    headers: formHeaders(baseUrl),
    body: new URLSearchParams({ email: who.email, password: who.password, redirectTo: "/" }).toString(),
  });
  return sessionCookie(res);
}

/** Signs each editor in: their session cookies. */
export async function signInEditors(baseUrl: string, editors: BenchEditor[]): Promise<string[]> {
  const cookies: string[] = [];
  for (const e of editors) cookies.push(await signIn(baseUrl, e));
  return cookies;
}

/**
 * Runs the editors until `until` (ms, performance.now()); a save under way then is finished and counted.
 * Resolves to the writers' figures over `seconds`.
 */
export async function runEditors(opts: {
  baseUrl: string;
  editors: BenchEditor[];
  cookies: string[];
  recommendationIds: number[];
  until: number;
  seconds: number;
  seed?: number;
}): Promise<WriterFigures> {
  const writes: number[] = [];
  let saved = 0;
  const pages: number[] = [];
  const failures: Record<string, number> = {};
  const fail = (why: string) => (failures[why] = (failures[why] ?? 0) + 1);
  const today = todayUtc();
  const one = async (editor: BenchEditor, cookie: string, index: number) => {
    const rand = prng((opts.seed ?? 20261202) + index);
    for (let k = 1; performance.now() < opts.until; k++) {
      const id = opts.recommendationIds[Math.floor(rand() * opts.recommendationIds.length)]!;
      const pageUrl = `${opts.baseUrl}/recommendations/${id}`;
      let stage = "form page";
      try {
        const page = await timed(pageUrl, { headers: { Cookie: cookie } });
        pages.push(page.ms);
        const basedOn = /name="basedOn" value="(\d+)"/.exec(page.body)?.[1];
        if (page.res.status !== 200 || basedOn === undefined) {
          fail(`form page ${page.res.status}${basedOn === undefined ? " without the form" : ""}`);
          continue;
        }
        const form = new URLSearchParams({
          intent: "record",
          basedOn,
          status: STATUSES[Math.floor(rand() * STATUSES.length)]!,
          asOf: today,
          evidence: `Load test: ${editor.email}, save ${k}.`,
          sourceUrls: "",
          organisationId: String(editor.organisationId),
        });
        stage = "save";
        const save = await timed(pageUrl, {
          method: "POST",
          headers: formHeaders(opts.baseUrl, cookie),
          body: form.toString(),
        });
        writes.push(save.ms);
        const location = save.res.headers.get("location") ?? "";
        if (save.res.status === 303 && location.includes("saved=")) saved++;
        else fail(`save ${save.res.status}`);
      } catch (error) {
        fail(
          `${stage} ${(error as Error).name === "TimeoutError" ? "timed out" : `failed: ${(error as Error).message}`}`,
        );
      }
    }
  };
  await Promise.all(opts.editors.map((e, i) => one(e, opts.cookies[i]!, i)));
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  const ms = (samples: number[], p: number) => (samples.length ? Math.round(percentile(samples, p)) : 0);
  return {
    writers: opts.editors.length,
    writes: writes.length,
    saved,
    failed,
    failures,
    writes_per_s: round(saved / opts.seconds, 2),
    write_p50_ms: ms(writes, 50),
    write_p99_ms: ms(writes, 99),
    write_max_ms: ms(writes, 100),
    form_page_p50_ms: ms(pages, 50),
    form_page_p99_ms: ms(pages, 99),
    form_page_max_ms: ms(pages, 100),
  };
}
