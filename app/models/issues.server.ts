// The coalition's own issues, and the links between them and recommendations. Editors create, rename,
// describe and archive issues; link and unlink recommendations one at a time or in bulk (suggested
// links, accepted or rejected: ./issue-suggestions.server.ts). Every change is in the audit log, in the
// same transaction as the change.
import { type Kysely, type Selectable, sql } from "kysely";
import type { CoalitionIssueTable, Database, Status } from "../../db/schema";
import { type IssueFields, type NewIssueFields, slugify } from "../lib/issue-input";
import type { RecommendationSummary } from "../lib/recommendation-summary";
import type { Actor } from "./assessments.server";
import { writeAudit } from "./audit.server";
import { paragraphOrder, recommendationSummary } from "./recommendations.server";

export type { Actor };

export interface IssueSummary {
  id: number;
  slug: string;
  title: string;
  description: string;
  keywords: string[];
  archived: boolean;
  linkedRecommendations: number;
  /** The linked recommendations by current status. */
  byStatus: Partial<Record<Status, number>>;
}

/** The coalition's issues with how many recommendations are linked to each; archived ones last. */
export async function listIssues(db: Kysely<Database>): Promise<IssueSummary[]> {
  const rows = await db
    .selectFrom("coalition_issue as i")
    .select([
      "i.id",
      "i.slug",
      "i.title",
      "i.description",
      "i.keywords",
      sql<boolean>`i.archived_at is not null`.as("archived"),
      // Counted by the writes (recommendation_tally, migration 2026-12-02T0300), not on every view.
      sql<number>`(select coalesce(sum(t.n), 0) from recommendation_tally t
        where t.facet = 'issue' and t.value = i.id::text)::int`.as("linkedRecommendations"),
      sql<Partial<Record<Status, number>> | null>`(
        select json_object_agg(x.status, x.n) from (
          select t.status, sum(t.n)::int as n from recommendation_tally t
          where t.facet = 'issue' and t.value = i.id::text group by t.status having sum(t.n) <> 0) x)`.as("byStatus"),
    ])
    .orderBy(sql`i.archived_at is not null`)
    .orderBy("i.id")
    .execute();
  return rows.map((r) => ({ ...r, byStatus: r.byStatus ?? {} }));
}

export interface LinkedRecommendation extends RecommendationSummary {
  stateName: string;
  stateIso3: string | null;
  cycle: number;
  linkedAt: Date;
  linkedBy: string | null;
}

export interface IssueDetail {
  id: number;
  slug: string;
  title: string;
  description: string;
  keywords: string[];
  archivedAt: Date | null;
  createdAt: Date;
  /** The linked recommendations (of the page asked for, when paged). */
  recommendations: LinkedRecommendation[];
  /** How many are linked in all (counted by the writes: recommendation_tally). */
  linkedTotal: number;
  page: number;
  pageCount: number;
  /** The position of the page's first recommendation in the whole list (1-based). */
  first: number;
}

function linkedRecommendations(db: Kysely<Database>, issueId: number) {
  return db
    .selectFrom("recommendation_issue as ri")
    .innerJoin("recommendation as rec", "rec.id", "ri.recommendation_id")
    .innerJoin("review as rv", "rv.id", "rec.review_id")
    .innerJoin("state as s", "s.id", "rv.state_id")
    .leftJoin("app_user as u", "u.id", "ri.created_by")
    .where("ri.issue_id", "=", issueId)
    .select([
      ...recommendationSummary,
      "s.name as stateName",
      "s.iso3 as stateIso3",
      "rv.cycle",
      "ri.created_at as linkedAt",
      "u.email as linkedBy",
    ])
    .orderBy("s.name")
    .orderBy("rv.cycle")
    .orderBy(paragraphOrder)
    .orderBy("rec.id");
}

/**
 * One issue with the recommendations linked to it (by state, cycle and paragraph): all of them, or
 * with `pageSize` one page of them (a world-scale issue holds 10,000: the page took 14 s to make).
 */
export async function getIssueBySlug(
  db: Kysely<Database>,
  slug: string,
  options: { page?: number; pageSize?: number } = {},
): Promise<IssueDetail | undefined> {
  const issue = await db.selectFrom("coalition_issue").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!issue) return undefined;
  const { n: linkedTotal } = await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from recommendation_tally
    where facet = 'issue' and value = ${String(issue.id)}`
    .execute(db)
    .then((r) => r.rows[0]!);
  const size = options.pageSize ?? Math.max(linkedTotal, 1);
  const pageCount = Math.max(1, Math.ceil(linkedTotal / size));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  return {
    id: issue.id,
    slug: issue.slug,
    title: issue.title,
    description: issue.description,
    keywords: issue.keywords,
    archivedAt: issue.archived_at,
    createdAt: issue.created_at,
    recommendations: await (
      options.pageSize
        ? linkedRecommendations(db, issue.id)
            .limit(size)
            .offset((page - 1) * size)
        : linkedRecommendations(db, issue.id)
    ).execute(),
    linkedTotal,
    page,
    pageCount,
    first: (page - 1) * size + 1,
  };
}

export type IssueFieldErrors = Partial<Record<"slug" | "title" | "description" | "keywords", string>>;

export type CreateIssueResult =
  { ok: true; issue: { id: number; slug: string } } | { ok: false; kind: "invalid"; fieldErrors: IssueFieldErrors };

function auditIssue(row: Selectable<CoalitionIssueTable>) {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    keywords: row.keywords,
    archived_at: row.archived_at,
  };
}

/** Creates an issue. Without a slug one is made from the title (made unique with -2, -3 ...); a slug given and taken is refused. */
export async function createIssue(
  db: Kysely<Database>,
  actor: Actor,
  fields: NewIssueFields,
): Promise<CreateIssueResult> {
  return db.transaction().execute(async (trx) => {
    let slug = fields.slug;
    if (slug) {
      const taken = await trx.selectFrom("coalition_issue").select("id").where("slug", "=", slug).executeTakeFirst();
      if (taken)
        return {
          ok: false,
          kind: "invalid",
          fieldErrors: { slug: "Another issue already has this address; choose another" },
        } as const;
    } else {
      const base = slugify(fields.title);
      const existing = new Set(
        (
          await trx
            .selectFrom("coalition_issue")
            .select("slug")
            .where("slug", "like", `${base.slice(0, 70)}%`)
            .execute()
        ).map((r) => r.slug),
      );
      slug = base;
      for (let n = 2; existing.has(slug); n++) slug = `${base.slice(0, 70)}-${n}`;
    }
    const row = await trx
      .insertInto("coalition_issue")
      .values({ slug, title: fields.title, description: fields.description, keywords: fields.keywords })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returningAll()
      .executeTakeFirst();
    // Taken between the check and the insert by another editor's request.
    if (!row)
      return {
        ok: false,
        kind: "invalid",
        fieldErrors: { slug: "Another issue already has this address; choose another" },
      } as const;
    await writeAudit(trx, {
      userId: actor.id,
      action: "coalition_issue.created",
      entity: "coalition_issue",
      entityId: row.id,
      before: null,
      after: auditIssue(row),
    });
    return { ok: true, issue: { id: row.id, slug: row.slug } } as const;
  });
}

function issueForUpdate(trx: Kysely<Database>, issueId: number) {
  return trx.selectFrom("coalition_issue").selectAll().where("id", "=", issueId).forUpdate().executeTakeFirst();
}

export type IssueChangeResult = { ok: true; changed: boolean } | { ok: false; kind: "not_found" };

/** Renames, describes and sets the keywords of an issue. Its slug (its address) stays. */
export async function updateIssue(
  db: Kysely<Database>,
  actor: Actor,
  issueId: number,
  fields: IssueFields,
): Promise<IssueChangeResult> {
  return db.transaction().execute(async (trx) => {
    const before = await issueForUpdate(trx, issueId);
    if (!before) return { ok: false, kind: "not_found" } as const;
    const same =
      before.title === fields.title &&
      before.description === fields.description &&
      JSON.stringify(before.keywords) === JSON.stringify(fields.keywords);
    if (same) return { ok: true, changed: false } as const;
    const after = await trx
      .updateTable("coalition_issue")
      .set({ title: fields.title, description: fields.description, keywords: fields.keywords })
      .where("id", "=", issueId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: "coalition_issue.updated",
      entity: "coalition_issue",
      entityId: issueId,
      before: auditIssue(before),
      after: auditIssue(after),
    });
    return { ok: true, changed: true } as const;
  });
}

async function setArchived(
  db: Kysely<Database>,
  actor: Actor,
  issueId: number,
  archived: boolean,
): Promise<IssueChangeResult> {
  return db.transaction().execute(async (trx) => {
    const before = await issueForUpdate(trx, issueId);
    if (!before) return { ok: false, kind: "not_found" } as const;
    if ((before.archived_at !== null) === archived) return { ok: true, changed: false } as const;
    const after = await trx
      .updateTable("coalition_issue")
      .set({ archived_at: archived ? sql<Date>`now()` : null })
      .where("id", "=", issueId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.id,
      action: archived ? "coalition_issue.archived" : "coalition_issue.unarchived",
      entity: "coalition_issue",
      entityId: issueId,
      before: auditIssue(before),
      after: auditIssue(after),
    });
    return { ok: true, changed: true } as const;
  });
}

/** Archived issues keep their links and stay readable; they take no new links and get no suggestions. */
export function archiveIssue(db: Kysely<Database>, actor: Actor, issueId: number): Promise<IssueChangeResult> {
  return setArchived(db, actor, issueId, true);
}

export function unarchiveIssue(db: Kysely<Database>, actor: Actor, issueId: number): Promise<IssueChangeResult> {
  return setArchived(db, actor, issueId, false);
}

// ---------------------------------------------------------------------------------------------
// Links

export type LinkResult =
  { ok: true; linked: number; alreadyLinked: number } | { ok: false; kind: "not_found" | "archived" };

export type UnlinkResult = { ok: true; unlinked: number; notLinked: number } | { ok: false; kind: "not_found" };

/** At most this many recommendations in one bulk link or unlink. */
export const MAX_BULK_LINKS = 5000;

export function linkAudit(row: {
  recommendation_id: number;
  issue_id: number;
  created_by: number | null;
  created_at: Date;
}) {
  return {
    recommendation_id: row.recommendation_id,
    issue_id: row.issue_id,
    created_by: row.created_by,
    created_at: row.created_at,
  };
}

/**
 * Why links of these recommendations to this issue may not be written (an unknown issue or recommendation,
 * an archived issue), or null when they may: the issue is locked for share until the transaction ends.
 */
export async function refuseLinks(
  trx: Kysely<Database>,
  issueId: number,
  ids: number[],
): Promise<{ ok: false; kind: "not_found" | "archived" } | null> {
  const issue = await trx
    .selectFrom("coalition_issue")
    .select(["id", "archived_at"])
    .where("id", "=", issueId)
    .forShare()
    .executeTakeFirst();
  if (!issue || !(await checkRecommendations(trx, ids))) return { ok: false, kind: "not_found" };
  if (issue.archived_at) return { ok: false, kind: "archived" };
  return null;
}

async function checkRecommendations(db: Kysely<Database>, ids: number[]): Promise<boolean> {
  if (!ids.length) return true;
  const { n } = await db
    .selectFrom("recommendation")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("id", "in", ids)
    .executeTakeFirstOrThrow();
  return n === ids.length;
}

function uniqueIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
}

/**
 * The one guard of every change to many links of an issue at once: at most MAX_BULK_LINKS ids (a
 * RangeError past that: the routes bound their forms below it), each once; then, in one transaction,
 * `write` runs only when the issue exists, is not archived and every recommendation exists (the issue
 * locked for share until the end), else the refusal is returned and nothing is written. Removing links
 * (`archived: "allow"`) works on archived issues too.
 */
export async function withBulkLinks<T>(
  db: Kysely<Database>,
  issueId: number,
  recommendationIds: readonly number[],
  write: (trx: Kysely<Database>, ids: number[]) => Promise<T>,
  archived: "refuse" | "allow" = "refuse",
): Promise<T | { ok: false; kind: "not_found" | "archived" }> {
  if (recommendationIds.length > MAX_BULK_LINKS)
    throw new RangeError(`at most ${MAX_BULK_LINKS} recommendations at once`);
  const ids = uniqueIds(recommendationIds);
  return db.transaction().execute(async (trx) => {
    const refused = await refuseLinks(trx, issueId, ids);
    return refused && !(refused.kind === "archived" && archived === "allow") ? refused : write(trx, ids);
  });
}

/**
 * Links recommendations to an issue: all or nothing (an unknown recommendation or issue: nothing is
 * written). Already linked ones are left as they were (who linked them and when). One audit entry per
 * new link, entity "recommendation_issue", id "recommendationId:issueId".
 */
export async function linkRecommendations(
  db: Kysely<Database>,
  actor: Actor,
  issueId: number,
  recommendationIds: readonly number[],
): Promise<LinkResult> {
  return withBulkLinks(db, issueId, recommendationIds, async (trx, ids) => {
    if (!ids.length) return { ok: true, linked: 0, alreadyLinked: 0 } as const;
    const rows = await trx
      .insertInto("recommendation_issue")
      .values(ids.map((recommendation_id) => ({ recommendation_id, issue_id: issueId, created_by: actor.id })))
      .onConflict((oc) => oc.columns(["recommendation_id", "issue_id"]).doNothing())
      .returningAll()
      .execute();
    for (const row of rows) {
      await writeAudit(trx, {
        userId: actor.id,
        action: "recommendation_issue.linked",
        entity: "recommendation_issue",
        entityId: `${row.recommendation_id}:${row.issue_id}`,
        before: null,
        after: linkAudit(row),
      });
    }
    return { ok: true, linked: rows.length, alreadyLinked: ids.length - rows.length } as const;
  });
}

/** Removes links (archived issues too). Recommendations that were not linked are counted, not refused. Audited per link. */
export async function unlinkRecommendations(
  db: Kysely<Database>,
  actor: Actor,
  issueId: number,
  recommendationIds: readonly number[],
): Promise<UnlinkResult> {
  const result = await withBulkLinks(
    db,
    issueId,
    recommendationIds,
    async (trx, ids) => {
      if (!ids.length) return { ok: true, unlinked: 0, notLinked: 0 } as const;
      const rows = await trx
        .deleteFrom("recommendation_issue")
        .where("issue_id", "=", issueId)
        .where("recommendation_id", "in", ids)
        .returningAll()
        .execute();
      for (const row of rows) {
        await writeAudit(trx, {
          userId: actor.id,
          action: "recommendation_issue.unlinked",
          entity: "recommendation_issue",
          entityId: `${row.recommendation_id}:${row.issue_id}`,
          before: linkAudit(row),
          after: null,
        });
      }
      return { ok: true, unlinked: rows.length, notLinked: ids.length - rows.length } as const;
    },
    "allow",
  );
  // An archived issue is not a refusal here; the result type says so.
  return result.ok ? result : { ok: false, kind: "not_found" };
}

export interface IssueChoice {
  id: number;
  slug: string;
  title: string;
  archived: boolean;
  linked: boolean;
}

/** Every issue, with whether this recommendation is linked to it (for the recommendation page). */
export async function listIssuesForRecommendation(
  db: Kysely<Database>,
  recommendationId: number,
): Promise<IssueChoice[]> {
  return db
    .selectFrom("coalition_issue as i")
    .select([
      "i.id",
      "i.slug",
      "i.title",
      sql<boolean>`i.archived_at is not null`.as("archived"),
      sql<boolean>`exists (select 1 from recommendation_issue ri where ri.issue_id = i.id and ri.recommendation_id = ${recommendationId})`.as(
        "linked",
      ),
    ])
    .orderBy(sql`i.archived_at is not null`)
    .orderBy("i.title")
    .execute();
}
