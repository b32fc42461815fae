// A realistic data set written with raw SQL against the FIRST schema version (migration
// 2026-11-26T1900-foundation), for the upgrade and backup tests. Recommendation texts, paragraphs,
// recommending states and responses are read verbatim from seed-data (Kenya, cycle 1, A/HRC/15/8);
// issues from seed-data/coalition-issues.csv. Evidence notes and audit rows are test values, marked
// as such, chosen to exercise quoting, Unicode, arrays, JSON, nulls and microsecond timestamps.
import fs from "node:fs";
import path from "node:path";
import { type Kysely, Migrator, sql } from "kysely";
import Papa from "papaparse";
import { resolveState } from "../../app/lib/states";
import { migrations } from "../../db/migrations";
import { SEED_DIR } from "~/models/seed.server";

export const FIRST_MIGRATION = "2026-11-26T1900-foundation";

/** Migrates an empty database to the first schema version only. */
export async function migrateToFirst(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(FIRST_MIGRATION);
  if (error) throw error;
}

function csv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(fs.readFileSync(path.join(SEED_DIR, file), "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

export interface FixtureCounts {
  state: number;
  review: number;
  recommendation: number;
  recommendation_recommending_state: number;
  coalition_issue: number;
  recommendation_issue: number;
  organisation: number;
  app_user: number;
  assessment: number;
  audit_log: number;
}

/** Inserts the data set (the database must be at the first schema version and empty). */
export async function insertFirstSchemaFixture(db: Kysely<any>): Promise<FixtureCounts> {
  const all = csv("kenya-cycle1-recommendations.csv");
  // The first twelve, those with several recommending states, and every response that is not "supported".
  const chosen = [
    ...all.slice(0, 12),
    ...all.filter((r) => r.recommending_states!.includes(";")).slice(0, 2),
    ...all.filter((r) => r.response === "noted").slice(0, 2),
    ...all.filter((r) => r.response === "pending").slice(0, 2),
  ].filter((r, i, list) => list.findIndex((x) => x.paragraph === r.paragraph) === i);
  const issues = csv("coalition-issues.csv");

  return db.transaction().execute(async (trx) => {
    const q = <T = unknown>(text: TemplateStringsArray, ...values: unknown[]) => sql<T>(text, ...values).execute(trx);

    // States: Kenya and every recommending state of the chosen recommendations.
    const stateNames = new Set<string>(["Kenya"]);
    for (const r of chosen) for (const n of r.recommending_states!.split(";")) stateNames.add(n.trim());
    const stateIds = new Map<string, number>();
    for (const n of stateNames) {
      const s = resolveState(n);
      const { rows } = await q<{
        id: number;
      }>`insert into state (name, iso3, regional_group) values (${s.name}, ${s.iso3}, ${s.regionalGroup}) returning id`;
      stateIds.set(n, rows[0]!.id);
    }
    const kenya = stateIds.get("Kenya")!;

    // Reviews: cycle 1 (the recommendations) and cycle 2, as in seed-data/kenya-reviews.csv.
    const reviews = csv("kenya-reviews.csv").filter((r) => r.cycle === "1" || r.cycle === "2");
    const reviewIds = new Map<string, number>();
    for (const r of reviews) {
      const { rows } = await q<{ id: number }>`
        insert into review (state_id, cycle, session, review_date, adoption_date, report_symbol, official_received, notes)
        values (${kenya}, ${Number(r.cycle)}, ${Number(r.session)}, ${r.review_date || null}, ${r.adoption_date || null},
                ${r.report_symbol || null}, ${r.recommendations_received ? Number(r.recommendations_received) : null}, ${r.notes || null})
        returning id`;
      reviewIds.set(r.cycle!, rows[0]!.id);
    }

    const recommendationIds: number[] = [];
    let links = 0;
    for (const [i, r] of chosen.entries()) {
      const themes = i % 3 === 0 ? ["trafficking", "children, rights", 'quote "x"'] : [];
      const { rows } = await q<{ id: number }>`
        insert into recommendation (review_id, paragraph, text, response, action_category, themes, source_format, source_key, created_at, updated_at)
        values (${reviewIds.get("1")!}, ${r.paragraph}, ${r.recommendation}, ${r.response}, ${i % 5 === 0 ? null : (i % 5) + 1},
                ${themes}::text[], 'native', ${`KEN:1:${r.paragraph}`}, '2026-01-15 08:30:00.123456+00', '2026-02-01 10:00:00.654321+03')
        returning id`;
      const id = rows[0]!.id;
      recommendationIds.push(id);
      for (const n of new Set(r.recommending_states!.split(";").map((x) => x.trim()))) {
        await q`insert into recommendation_recommending_state (recommendation_id, state_id) values (${id}, ${stateIds.get(n)!})`;
        links++;
      }
    }

    const issueIds: number[] = [];
    for (const [i, it] of issues.entries()) {
      const { rows } = await q<{ id: number }>`
        insert into coalition_issue (slug, title, description, keywords, archived_at, created_at)
        values (${it.slug}, ${it.title}, ${it.description}, ${i === 0 ? ["data", "statistics", "Ünïcode ✓"] : []}::text[],
                ${i === issues.length - 1 ? "2026-03-04 05:06:07.000089+00" : null}, '2026-01-10 12:00:00.5+00')
        returning id`;
      issueIds.push(rows[0]!.id);
    }

    const orgs: number[] = [];
    for (const name of ["Stop the Traffik Kenya", "Awareness Against Human Trafficking"]) {
      const { rows } = await q<{
        id: number;
      }>`insert into organisation (name, created_at) values (${name}, '2026-01-01 00:00:00.000001+00') returning id`;
      orgs.push(rows[0]!.id);
    }
    const users: number[] = [];
    for (const [email, role, org, active] of [
      ["admin@stopthetraffik.example", "admin", orgs[0], true],
      ["editor@stopthetraffik.example", "editor", orgs[0], true],
      ["former@haart.example", "editor", orgs[1], false],
    ] as const) {
      const { rows } = await q<{ id: number }>`
        insert into app_user (email, display_name, password_hash, organisation_id, role, active, session_version)
        values (${email}, ${role === "admin" ? null : `Test ${role} — ${email}`}, ${`scrypt$16384$8$1$fixture-salt-${email}$fixture-hash`}, ${org}, ${role}, ${active}, ${active ? 1 : 3})
        returning id`;
      users.push(rows[0]!.id);
    }

    let issueLinks = 0;
    for (const [i, rec] of recommendationIds.entries()) {
      if (i % 2) continue;
      await q`insert into recommendation_issue (recommendation_id, issue_id, created_by) values (${rec}, ${issueIds[i % issueIds.length]!}, ${i % 4 ? users[1]! : null})`;
      issueLinks++;
    }

    const statuses = ["no_action", "in_progress", "partially_implemented", "fully_implemented", "not_assessed"];
    let assessments = 0;
    for (const [i, rec] of recommendationIds.entries()) {
      for (let k = 0; k < 1 + (i % 3); k++) {
        await q`
          insert into assessment (recommendation_id, organisation_id, author_id, status, as_of, evidence, source_urls, is_sample, version, created_at, updated_at)
          values (${rec}, ${orgs[(i + k) % 2]!}, ${k === 2 ? null : users[k % 2]!}, ${statuses[(i + k) % statuses.length]!},
                  ${`20${11 + k}-0${1 + (i % 9)}-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`},
                  ${`Test evidence note ${i}.${k}: "quoted", back\\slash, new\nline, tab\t, Ünïcode — ✓, {"not": "json"}`},
                  ${k === 1 ? ["https://example.org/a?x=1&y=2", "https://example.org/b,c"] : []}::text[], ${i === 0 && k === 0}, ${1 + k},
                  '2026-05-06 07:08:09.101112+00', '2026-05-06 07:08:09.101112+00')`;
        assessments++;
      }
    }
    // A deleted assessment: its id stays used (the audit log names it), so a restore must not reuse it.
    const { rows: gone } = await q<{ id: number }>`
      insert into assessment (recommendation_id, organisation_id, status, as_of) values (${recommendationIds[0]!}, ${orgs[0]!}, 'no_action', '2012-01-01') returning id`;
    await q`delete from assessment where id = ${gone[0]!.id}`;

    const audit: [number | null, string, string, string | null, unknown, unknown][] = [
      [
        users[0]!,
        "user.created",
        "app_user",
        String(users[1]),
        null,
        { email: "editor@stopthetraffik.example", role: "editor" },
      ],
      [
        users[1]!,
        "assessment.created",
        "assessment",
        "1",
        null,
        { status: "in_progress", sourceUrls: ["https://example.org/a"], nested: { f: 1.5, t: true, z: null } },
      ],
      // Raw JSON text: a number with more digits than a JavaScript number holds must survive exactly.
      [
        users[0]!,
        "issue.updated",
        "coalition_issue",
        String(issueIds[0]),
        '{"big": 12345678901234567890, "exact": 0.1000000000000000055511151231257827}',
        '{"big": 12345678901234567891}',
      ],
      [
        users[1]!,
        "assessment.deleted",
        "assessment",
        String(gone[0]!.id),
        { status: "no_action", evidence: 'Ünïcode ✓ "q"' },
        null,
      ],
      [null, "seed", "review", null, null, null],
    ];
    const json = (v: unknown) => (v === null ? null : typeof v === "string" ? v : JSON.stringify(v));
    for (const [i, [user, action, entity, entityId, before, after]] of audit.entries()) {
      await q`
        insert into audit_log (at, user_id, action, entity, entity_id, before, after)
        values (${`2026-06-0${i + 1} 10:00:00.00000${i + 1}+00`}, ${user}, ${action}, ${entity}, ${entityId},
                ${json(before)}::jsonb, ${json(after)}::jsonb)`;
    }

    return {
      state: stateIds.size,
      review: reviewIds.size,
      recommendation: recommendationIds.length,
      recommendation_recommending_state: links,
      coalition_issue: issueIds.length,
      recommendation_issue: issueLinks,
      organisation: orgs.length,
      app_user: users.length,
      assessment: assessments,
      audit_log: audit.length,
    };
  });
}

/** Every table (of the current schema, but Kysely's) with its columns in order. */
export async function tableColumns(db: Kysely<any>): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ table: string; column: string }>`
    select c.table_name as table, c.column_name as column
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema()
      and c.table_name not in ('kysely_migration', 'kysely_migration_lock')
      -- transient (set-up tokens, uploads waiting for their import): not in backups
      and c.table_name not in ('setup_token', 'pending_upload', 'pending_upload_part')
    order by c.table_name, c.ordinal_position`.execute(db);
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.table] ??= []).push(r.column);
  return out;
}

/**
 * Every table's rows as PostgreSQL's own JSON text (exact: every digit, timestamps in UTC with
 * microseconds), in a stable order. With `columns`: only those tables and columns (to compare a
 * table before and after a migration added columns).
 */
export async function snapshotTables(
  db: Kysely<any>,
  columns?: Record<string, string[]>,
): Promise<Record<string, string[]>> {
  const shape = columns ?? (await tableColumns(db));
  return db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    const out: Record<string, string[]> = {};
    for (const [name, cols] of Object.entries(shape).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const list = sql.join(cols.map((c) => sql.id(c)));
      const { rows } = await sql<{
        j: string;
      }>`select row_to_json(x)::text as j from (select ${list} from ${sql.id(name)}) x order by 1`.execute(trx);
      out[name] = rows.map((r) => r.j);
    }
    return out;
  });
}

export function rowCounts(snapshot: Record<string, string[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot).map(([t, rows]) => [t, rows.length]));
}

/** The next value each serial/identity sequence would give (without taking it). */
export async function sequenceState(db: Kysely<any>): Promise<Record<string, number>> {
  const { rows } = await sql<{ seq: string }>`
    select pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name) as seq
    from information_schema.columns where table_schema = current_schema()`.execute(db);
  const out: Record<string, number> = {};
  for (const { seq } of rows) {
    if (!seq) continue;
    const { rows: s } = await sql<{
      last_value: number;
      is_called: boolean;
    }>`select last_value, is_called from ${sql.raw(seq)}`.execute(db);
    out[seq] = Number(s[0]!.last_value) + (s[0]!.is_called ? 1 : 0);
  }
  return out;
}
