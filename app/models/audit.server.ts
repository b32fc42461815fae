// The audit log: who changed what, when, with the row before and after. Every writer of app data
// calls writeAudit inside its own transaction, so the entry is stored if and only if the change is.
import { type Kysely, sql } from "kysely";
import type { Database, Status } from "../../db/schema";
import { tFor } from "../i18n/catalogues.server";
import {
  AUDIT_TOPICS,
  type AuditQuery,
  type AuditTopic,
  type AuditWords,
  describeAudit,
  type RecommendationRef,
} from "../lib/audit-sentence";

export interface AuditInput {
  /** The signed-in user who made the change; null for the system (seed, command-line scripts without a user). */
  userId: number | null;
  /** What happened, as `entity.verb`: "user.created", "assessment.updated". */
  action: string;
  /** The kind of thing changed, as the table is named: "app_user", "assessment". */
  entity: string;
  entityId: string | number | null;
  /** Plain JSON-able values (no secrets such as password hashes); null when there was nothing before / is nothing after. */
  before: unknown;
  after: unknown;
}

function jsonb(value: unknown) {
  return value === undefined || value === null ? null : sql<unknown>`${value}::jsonb`;
}

/**
 * Appends one entry to the audit log. Pass the caller's transaction (a Transaction is a Kysely) so the
 * entry commits or rolls back with the change it describes.
 */
export async function writeAudit(db: Kysely<Database>, input: AuditInput): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      user_id: input.userId,
      action: input.action,
      entity: input.entity,
      entity_id: input.entityId === null ? null : String(input.entityId),
      before: jsonb(input.before),
      after: jsonb(input.after),
    })
    .execute();
}

export interface AuditEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  userId: number | null;
  userEmail: string | null;
  /** The person as the sentence names them: their name, else their email; null for the system. */
  actor: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  /** Top-level keys whose value differs between before and after. */
  changed: string[];
  /** The entry in words (app/lib/audit-sentence.ts), with a link to what it is about. */
  sentence: string;
  href: string | null;
  recommendation: RecommendationRef | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Every entity that has entries, for the filter. */
  entities: string[];
  /** Everyone who has entries, for the "who" filter. */
  people: { id: number; name: string }[];
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  /** What changed, in words (AUDIT_TOPICS). */
  topic?: AuditTopic;
  /** Who: a user's id, or "system" for entries no person made. */
  who?: number | "system";
  /** When: calendar dates (UTC), both ends included. */
  from?: string;
  to?: string;
  /** Entries about one recommendation (its assessments and links). */
  recommendationId?: number;
}

/** The model's filter of the audit page's query (app/lib/audit-sentence.ts parseAuditQuery). */
export function auditFilterOf(q: AuditQuery): AuditFilter & { page: number } {
  return {
    page: q.page,
    entity: q.entity,
    entityId: q.entityId,
    topic: q.topic,
    who: q.who,
    from: q.from,
    to: q.to,
    recommendationId: q.recommendation,
  };
}

function filtered(db: Kysely<Database>, f: AuditFilter) {
  let base = db.selectFrom("audit_log as a");
  if (f.entity) base = base.where("a.entity", "=", f.entity);
  if (f.entity && f.entityId) base = base.where("a.entity_id", "=", f.entityId);
  if (f.topic) base = base.where("a.entity", "in", [...AUDIT_TOPICS[f.topic].entities]);
  if (f.who === "system") base = base.where("a.user_id", "is", null);
  else if (f.who !== undefined) base = base.where("a.user_id", "=", f.who);
  if (f.from) base = base.where(sql<boolean>`a.at >= (${f.from}::date)::timestamp at time zone 'UTC'`);
  if (f.to) base = base.where(sql<boolean>`a.at < (${f.to}::date + 1)::timestamp at time zone 'UTC'`);
  if (f.recommendationId !== undefined) {
    const id = f.recommendationId;
    base = base.where(
      sql<boolean>`((a.entity = 'assessment' and coalesce(a.after, a.before) ->> 'recommendation_id' = ${String(id)})
        or (a.entity = 'recommendation' and a.entity_id = ${String(id)})
        or (a.entity = 'recommendation_issue' and split_part(a.entity_id, ':', 1) = ${String(id)}))`,
    );
  }
  return base;
}

/** Newest first, narrowed by the filter. Pages count from 1. */
export async function listAudit(
  db: Kysely<Database>,
  options: AuditFilter & { page?: number; pageSize?: number; words?: AuditWords } = {},
): Promise<AuditPage> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const base = filtered(db, options);
  const [{ total }, entityRows, people] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as("total")).executeTakeFirstOrThrow(),
    db.selectFrom("audit_log").select("entity").distinct().orderBy("entity").execute(),
    db
      .selectFrom("app_user as u")
      .where(({ exists, selectFrom }) =>
        exists(selectFrom("audit_log as x").select("x.id").whereRef("x.user_id", "=", "u.id")),
      )
      .select(["u.id", sql<string>`coalesce(u.display_name, u.email)`.as("name")])
      .orderBy("name")
      .execute(),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await base
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .select([
      "a.id",
      "a.at",
      "a.user_id",
      "u.email",
      "u.display_name",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.before",
      "a.after",
    ])
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    // The sentences in the reader's words (the page), else English (the audit CSV file, scripts).
    entries: await inWords(db, rows, options.words ?? { t: tFor("en"), lng: "en" }),
    total,
    page,
    pageCount,
    pageSize,
    entities: entityRows.map((r) => r.entity),
    people,
  };
}

interface RawEntry {
  id: number | string;
  at: Date | string;
  user_id: number | null;
  email: string | null;
  display_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

const num = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
};
const rowOf = (e: RawEntry) => (e.after ?? e.before) as Record<string, unknown> | null;

/** The recommendation an entry is about, by the entry's own fields. */
function recommendationIdOf(e: RawEntry): number | null {
  if (e.entity === "assessment") return num(rowOf(e)?.recommendation_id);
  if (e.entity === "recommendation") return num(e.entity_id);
  if (e.entity === "recommendation_issue") return num(e.entity_id?.split(":")[0]);
  return null;
}

/** The facts each sentence needs, fetched once per page: recommendations, organisations, issues, earlier statuses. */
async function inWords(db: Kysely<Database>, rows: RawEntry[], words: AuditWords): Promise<AuditEntry[]> {
  const recIds = [...new Set(rows.map(recommendationIdOf).filter((id): id is number => id !== null))];
  const orgIds = [
    ...new Set(rows.filter((e) => e.entity === "assessment").map((e) => num(rowOf(e)?.organisation_id))),
  ].filter((id): id is number => id !== null);
  const issueIds = [
    ...new Set(rows.filter((e) => e.entity === "recommendation_issue").map((e) => num(e.entity_id?.split(":")[1]))),
  ].filter((id): id is number => id !== null);
  const [recs, orgs, issues, history] = await Promise.all([
    recIds.length
      ? db
          .selectFrom("recommendation as rec")
          .innerJoin("review as r", "r.id", "rec.review_id")
          .innerJoin("state as s", "s.id", "r.state_id")
          .where("rec.id", "in", recIds)
          .select(["rec.id", "rec.paragraph", "s.name as stateName", "r.cycle"])
          .execute()
      : [],
    orgIds.length ? db.selectFrom("organisation").where("id", "in", orgIds).select(["id", "name"]).execute() : [],
    issueIds.length
      ? db.selectFrom("coalition_issue").where("id", "in", issueIds).select(["id", "title"]).execute()
      : [],
    recIds.length
      ? db
          .selectFrom("assessment")
          .where("recommendation_id", "in", recIds)
          .select(["id", "recommendation_id", "status", "as_of"])
          .execute()
      : [],
  ]);
  const recById = new Map(recs.map((r) => [r.id, r]));
  const orgById = new Map(orgs.map((o) => [o.id, o.name]));
  const issueById = new Map(issues.map((i) => [i.id, i.title]));
  /** The recommendation's status just before an assessment: the latest earlier one (by date, then id). */
  const previousStatus = (recId: number, assessmentId: number, asOf: string): Status => {
    let best: { status: Status; as_of: string; id: number } | null = null;
    for (const h of history) {
      if (h.recommendation_id !== recId || h.id === assessmentId) continue;
      const earlier = h.as_of < asOf || (h.as_of === asOf && h.id < assessmentId);
      if (!earlier) continue;
      if (!best || h.as_of > best.as_of || (h.as_of === best.as_of && h.id > best.id)) best = h;
    }
    return best?.status ?? "not_assessed";
  };
  return rows.map((e) => {
    const recId = recommendationIdOf(e);
    const recommendation = recId !== null ? (recById.get(recId) ?? null) : null;
    const row = rowOf(e);
    const actor = e.display_name ?? e.email ?? (e.user_id === null ? null : `user #${e.user_id}`);
    const previous =
      e.entity === "assessment" && recId !== null && typeof row?.as_of === "string"
        ? previousStatus(recId, num(row.id) ?? 0, row.as_of)
        : null;
    const sentence = describeAudit(
      {
        action: e.action,
        entity: e.entity,
        entityId: e.entity_id,
        before: e.before,
        after: e.after,
        actor,
        recommendation,
        organisation: e.entity === "assessment" ? (orgById.get(num(row?.organisation_id) ?? 0) ?? null) : null,
        previousStatus: previous,
        issueTitle:
          e.entity === "recommendation_issue" ? (issueById.get(num(e.entity_id?.split(":")[1]) ?? 0) ?? null) : null,
      },
      words,
    );
    return {
      id: Number(e.id),
      at: new Date(e.at).toISOString(),
      userId: e.user_id,
      userEmail: e.email,
      actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entity_id,
      before: e.before,
      after: e.after,
      changed: changedKeys(e.before, e.after),
      sentence: sentence.text,
      href: sentence.href,
      recommendation,
    };
  });
}

/** Top-level keys whose JSON value differs between two audit snapshots (all keys of the one present). */
export function changedKeys(before: unknown, after: unknown): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Appends many entries with one statement (an import that changes thousands of rows). */
export async function writeAuditMany(db: Kysely<Database>, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((i) => ({
    user_id: i.userId,
    action: i.action,
    entity: i.entity,
    entity_id: i.entityId === null ? null : String(i.entityId),
    before: i.before ?? null,
    after: i.after ?? null,
  }));
  await sql`
    insert into audit_log (user_id, action, entity, entity_id, before, after)
    select x.user_id, x.action, x.entity, x.entity_id, x.before, x.after
    from jsonb_to_recordset(cast(${JSON.stringify(rows)}::text as jsonb)) as x(user_id integer, action text, entity text, entity_id text, before jsonb, after jsonb)
  `.execute(db);
}

/** Every entry the filter selects, newest first, as rows of the audit CSV file (at most `limit`). */
export async function auditCsvRows(db: Kysely<Database>, filter: AuditFilter, limit = 100_000): Promise<unknown[][]> {
  const out: unknown[][] = [];
  const pageSize = 500;
  for (let page = 1; out.length < limit; page++) {
    const p = await listAudit(db, { ...filter, page, pageSize });
    if (p.page !== page) break;
    for (const e of p.entries)
      out.push([
        e.at.slice(0, 10),
        e.at.slice(11, 19),
        e.actor ?? "the system",
        e.sentence,
        e.recommendation?.paragraph ?? "",
        e.recommendation?.stateName ?? "",
        e.recommendation?.cycle ?? "",
        e.action,
        e.entity,
        e.entityId ?? "",
        e.before === null ? "" : JSON.stringify(e.before),
        e.after === null ? "" : JSON.stringify(e.after),
      ]);
    if (page >= p.pageCount) break;
  }
  return out;
}

export const AUDIT_CSV_HEADER = [
  "date (UTC)",
  "time (UTC)",
  "who",
  "what",
  "paragraph",
  "state under review",
  "cycle",
  "action",
  "entity",
  "entity id",
  "before",
  "after",
];
