// The audit log as people read it: one sentence per entry ("101.3 (Kenya, cycle 1): Not assessed →
// In the process of implementation, as of 1 October 2026, Stop the Traffik Kenya, by Jane Doe"), a link
// to what it is about, and the groups of changes the filter offers in words. Pure: the model
// (app/models/audit.server.ts) gathers the facts (the recommendation, the organisation, the status before).
import type { Status } from "../../db/schema";
import { z } from "zod";
import { formatDate, STATUS_LABELS } from "./format";
import { plainText } from "./query-params";

/** What the filter offers ("what changed"), each a set of the log's entities. */
export const AUDIT_TOPICS = {
  assessments: { label: "Assessments", entities: ["assessment"] },
  links: {
    label: "Links of recommendations to coalition issues",
    entities: ["recommendation_issue", "issue_suggestion_decision"],
  },
  issues: { label: "Coalition issues", entities: ["coalition_issue"] },
  recommendations: {
    label: "Recommendations and imports",
    entities: ["recommendation", "import_run", "recommendation_followup"],
  },
  accounts: { label: "Users and organisations", entities: ["app_user", "organisation"] },
  sample: { label: "Sample data", entities: ["sample_data"] },
  backups: { label: "Backups", entities: ["database"] },
} as const satisfies Record<string, { label: string; entities: readonly string[] }>;
export type AuditTopic = keyof typeof AUDIT_TOPICS;

export interface RecommendationRef {
  id: number;
  paragraph: string | null;
  stateName: string;
  cycle: number;
}

/** One entry and the facts around it. */
export interface AuditFacts {
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  /** The person: their name, else their email; null for the system (a script, the set-up). */
  actor: string | null;
  recommendation: RecommendationRef | null;
  organisation: string | null;
  /** For a new assessment: the recommendation's status before it (not_assessed when it had none). */
  previousStatus: Status | null;
  /** For a link: the coalition issue's title. */
  issueTitle: string | null;
}

export interface AuditSentence {
  text: string;
  /** Where the thing it is about lives, if it has a page. */
  href: string | null;
}

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);
const field = (v: unknown, key: string): unknown => (isRow(v) ? v[key] : undefined);
const text = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const statusLabel = (v: unknown): string | null =>
  typeof v === "string" && Object.hasOwn(STATUS_LABELS, v) ? STATUS_LABELS[v as Status] : null;

/** "101.3 (Kenya, cycle 1)"; a recommendation without a paragraph is named by its number here. */
export function recommendationName(r: RecommendationRef): string {
  return `${r.paragraph ?? `Recommendation #${r.id}`} (${r.stateName}, cycle ${r.cycle})`;
}

const by = (actor: string | null) => (actor ? `, by ${actor}` : ", by the system");

function assessmentSentence(f: AuditFacts): string {
  const row = f.after ?? f.before;
  const subject = f.recommendation ? recommendationName(f.recommendation) : `Assessment #${f.entityId ?? "?"}`;
  const asOf = text(field(row, "as_of"));
  const tail = `${asOf ? `, as of ${formatDate(asOf)}` : ""}${f.organisation ? `, ${f.organisation}` : ""}${by(f.actor)}`;
  const now = statusLabel(field(f.after, "status"));
  const was = statusLabel(field(f.before, "status"));
  switch (f.action) {
    case "assessment.created":
    case "assessment.restored": {
      const from = f.previousStatus ? STATUS_LABELS[f.previousStatus] : STATUS_LABELS.not_assessed;
      const restored = f.action === "assessment.restored" ? " (a deleted assessment restored)" : "";
      const bulk = field(f.after, "bulk") === true ? " (one of many assessed at once)" : "";
      return `${subject}: ${from} → ${now ?? "?"}${tail}${restored}${bulk}`;
    }
    case "assessment.updated": {
      const parts: string[] = [];
      if (was !== now) parts.push(`${was ?? "?"} → ${now ?? "?"}`);
      else parts.push(`${now ?? "?"} (corrected`);
      const changed = ["as_of", "evidence", "source_urls", "organisation_id"].filter(
        (k) => JSON.stringify(field(f.before, k)) !== JSON.stringify(field(f.after, k)),
      );
      const words: Record<string, string> = {
        as_of: "date",
        evidence: "evidence",
        source_urls: "sources",
        organisation_id: "organisation",
      };
      const what = changed.map((k) => words[k]).join(", ");
      if (was === now) parts[0] += what ? `: ${what})` : ")";
      else if (what) parts.push(`also corrected: ${what}`);
      return `${subject}: ${parts.join("; ")}${tail}`;
    }
    case "assessment.deleted":
      return `${subject}: the assessment "${was ?? "?"}" was deleted${tail}`;
    default:
      return `${subject}: ${humanAction(f.action)}${by(f.actor)}`;
  }
}

/** "coalition_issue.unarchived" -> "coalition issue unarchived". */
export function humanAction(action: string): string {
  return action.replace(/[._]/g, " ");
}

function count(n: unknown, one: string, many: string): string {
  const v = typeof n === "number" ? n : 0;
  return `${v} ${v === 1 ? one : many}`;
}

/** "1 assessment and 8 issue links", with ", … and 4 sample asks" where the entry counts asks (newer entries). */
function sampleCounts(v: unknown): string {
  const parts = [
    count(field(v, "assessments"), "assessment", "assessments"),
    count(field(v, "links"), "issue link", "issue links"),
  ];
  const asks = field(v, "asks");
  if (typeof asks === "number") parts.push(count(asks, "sample ask", "sample asks"));
  return parts.slice(0, -1).join(", ") + " and " + parts.at(-1);
}

export function describeAudit(f: AuditFacts): AuditSentence {
  const recHref = f.recommendation ? `/recommendations/${f.recommendation.id}` : null;
  if (f.entity === "assessment") return { text: assessmentSentence(f), href: recHref };
  const subject = f.recommendation ? recommendationName(f.recommendation) : null;
  const issue = f.issueTitle ? `“${f.issueTitle}”` : "a coalition issue";
  const user = text(field(f.after, "displayName")) ?? text(field(f.after, "email")) ?? text(field(f.before, "email"));
  switch (f.action) {
    case "recommendation_issue.linked":
      return {
        text: `${subject ?? "A recommendation"} linked to ${issue}${field(f.after, "fromSuggestion") ? " (a suggestion accepted)" : ""}${by(f.actor)}`,
        href: recHref,
      };
    case "recommendation_issue.unlinked":
      return { text: `${subject ?? "A recommendation"} unlinked from ${issue}${by(f.actor)}`, href: recHref };
    case "coalition_issue.created":
    case "coalition_issue.updated":
    case "coalition_issue.archived":
    case "coalition_issue.unarchived": {
      const title = text(field(f.after, "title")) ?? text(field(f.before, "title")) ?? "a coalition issue";
      const slug = text(field(f.after, "slug")) ?? text(field(f.before, "slug"));
      const verb = f.action.split(".")[1];
      return { text: `Coalition issue “${title}” ${verb}${by(f.actor)}`, href: slug ? `/issues/${slug}` : null };
    }
    case "user.created":
      return {
        text: `User ${user ?? "?"} added as ${text(field(f.after, "role")) ?? "?"}${text(field(f.after, "organisationName")) ? ` of ${text(field(f.after, "organisationName"))}` : ""}${by(f.actor)}`,
        href: "/admin/users",
      };
    case "user.role_changed":
      return {
        text: `User ${user ?? "?"}: role ${text(field(f.before, "role")) ?? "?"} → ${text(field(f.after, "role")) ?? "?"}${by(f.actor)}`,
        href: "/admin/users",
      };
    case "user.deactivated":
    case "user.reactivated":
      return { text: `User ${user ?? "?"} ${f.action.split(".")[1]}${by(f.actor)}`, href: "/admin/users" };
    case "user.password_changed":
      return { text: `Password changed${by(f.actor)}`, href: null };
    case "organisation.created":
      return {
        text: `Organisation “${text(field(f.after, "name")) ?? "?"}” added${by(f.actor)}`,
        href: "/admin/users",
      };
    case "sample.added":
      return {
        text: `Sample data loaded: ${sampleCounts(f.after)}${by(f.actor)}`,
        href: "/admin/sample",
      };
    case "sample.removed":
      return {
        text: `Sample data removed: ${sampleCounts(f.before)}${by(f.actor)}`,
        href: "/admin/sample",
      };
    case "backup.downloaded":
      return { text: `Backup downloaded${by(f.actor)}`, href: "/admin/backup" };
    case "recommendations.imported":
      return {
        text: `Import of ${text(field(f.after, "file")) ?? "a file"} (${text(field(f.after, "format")) ?? "?"})${by(f.actor)}`,
        href: "/admin/imports",
      };
    case "import.undone":
      return {
        text: `Import of ${text(field(f.before, "file")) ?? "a file"} undone${by(f.actor)}`,
        href: "/admin/imports",
      };
    case "recommendation.enriched":
      return { text: `${subject ?? "A recommendation"}: details added by an import${by(f.actor)}`, href: recHref };
    case "review.dates": {
      const review = text(field(f.after, "review_date"));
      const adoption = text(field(f.after, "adoption_date"));
      return {
        text: `Dates of review #${f.entityId ?? "?"} corrected: review ${review ? formatDate(review) : "not known"}, adoption ${adoption ? formatDate(adoption) : "not known"}${by(f.actor)}`,
        href: f.entityId ? `/reviews/${f.entityId}` : null,
      };
    }
    default: {
      const what = subject ? `${subject}: ` : "";
      return { text: `${what}${humanAction(f.action)}${by(f.actor)}`, href: recHref };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The filter of the audit page and its CSV file, read from the address (bad values are dropped).

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  entity: plainText(100).optional().catch(undefined),
  entityId: plainText(100).optional().catch(undefined),
  topic: z
    .enum(Object.keys(AUDIT_TOPICS) as [AuditTopic, ...AuditTopic[]])
    .optional()
    .catch(undefined),
  who: z
    .union([z.literal("system"), z.coerce.number().int().positive().max(2_147_483_647)])
    .optional()
    .catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  recommendation: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const raw = Object.fromEntries([...params].filter(([, v]) => v.trim() !== ""));
  return AuditQuery.parse(raw);
}

/** The address query of a filter (page 1 left out), for links and the CSV download. */
export function auditQueryString(q: AuditQuery, page = 1): string {
  const params = new URLSearchParams();
  for (const key of ["topic", "who", "from", "to", "recommendation", "entity", "entityId"] as const) {
    const v = q[key];
    if (v !== undefined && v !== "") params.set(key, String(v));
  }
  if (page > 1) params.set("page", String(page));
  return params.toString();
}
