// The audit log: who changed what, when, with the row before and after. Every writer of app data
// calls writeAudit inside its own transaction, so the entry is stored if and only if the change is.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

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
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  /** Top-level keys whose value differs between before and after. */
  changed: string[];
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Every entity that has entries, for the filter. */
  entities: string[];
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, optionally for one entity (and one entity id). Pages count from 1. */
export async function listAudit(
  db: Kysely<Database>,
  options: { entity?: string; entityId?: string; page?: number; pageSize?: number } = {},
): Promise<AuditPage> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  let base = db.selectFrom("audit_log as a");
  if (options.entity) base = base.where("a.entity", "=", options.entity);
  if (options.entity && options.entityId) base = base.where("a.entity_id", "=", options.entityId);

  const [{ total }, entityRows] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as("total")).executeTakeFirstOrThrow(),
    db.selectFrom("audit_log").select("entity").distinct().orderBy("entity").execute(),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await base
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .select(["a.id", "a.at", "a.user_id", "u.email", "a.action", "a.entity", "a.entity_id", "a.before", "a.after"])
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();

  return {
    entries: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      userId: r.user_id,
      userEmail: r.email,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      changed: changedKeys(r.before, r.after),
    })),
    total,
    page,
    pageCount,
    pageSize,
    entities: entityRows.map((r) => r.entity),
  };
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
