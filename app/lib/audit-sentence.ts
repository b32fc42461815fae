// The audit log as people read it: one sentence per entry ("101.3 (Kenya, cycle 1): Not assessed →
// In the process of implementation, as of 1 October 2026, Stop the Traffik Kenya, by Jane Doe"), a link
// to what it is about, and the groups of changes the filter offers in words. Pure: the model
// (app/models/audit.server.ts) gathers the facts (the recommendation, the organisation, the status before);
// the words are the reader's (AuditWords: `t` and the language), English in the audit CSV file.
import type { TFunction } from "i18next";
import { STATUSES, type Status } from "../../db/schema";
import { z } from "zod";
import { localDate } from "../i18n/format";
import type { Language } from "../i18n/languages";
import { plainText } from "./query-params";

/** The reader's words and language. */
export interface AuditWords {
  t: TFunction;
  lng: Language;
}

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
const statusLabel = (t: TFunction, v: unknown): string | null =>
  typeof v === "string" && (STATUSES as readonly string[]).includes(v) ? t(`common.status.${v as Status}`) : null;

/** "101.3 (Kenya, cycle 1)"; a recommendation without a paragraph is named by its number here. */
export function recommendationName({ t }: AuditWords, r: RecommendationRef): string {
  return t("admin.auditSentence.recommendationName", {
    name: r.paragraph ?? t("admin.auditSentence.recommendationN", { id: r.id }),
    state: r.stateName,
    cycle: r.cycle,
  });
}

const by = ({ t }: AuditWords, actor: string | null) =>
  actor ? t("admin.auditSentence.by", { actor }) : t("admin.auditSentence.bySystem");

function assessmentSentence(w: AuditWords, f: AuditFacts): string {
  const { t } = w;
  const row = f.after ?? f.before;
  const subject = f.recommendation
    ? recommendationName(w, f.recommendation)
    : t("admin.auditSentence.assessmentN", { id: f.entityId ?? "?" });
  const asOf = text(field(row, "as_of"));
  const tail =
    (asOf ? t("admin.auditSentence.asOf", { date: localDate(w.lng, asOf) }) : "") +
    (f.organisation ? `, ${f.organisation}` : "") +
    by(w, f.actor);
  const now = statusLabel(t, field(f.after, "status"));
  const was = statusLabel(t, field(f.before, "status"));
  switch (f.action) {
    case "assessment.created":
    case "assessment.restored": {
      const from = t(`common.status.${f.previousStatus ?? "not_assessed"}`);
      const restored = f.action === "assessment.restored" ? t("admin.auditSentence.restored") : "";
      const bulk = field(f.after, "bulk") === true ? t("admin.auditSentence.bulk") : "";
      return `${subject}${t("report.colon")} ${from} → ${now ?? "?"}${tail}${restored}${bulk}`;
    }
    case "assessment.updated": {
      const parts: string[] = [];
      const changed = (["as_of", "evidence", "source_urls", "organisation_id"] as const).filter(
        (k) => JSON.stringify(field(f.before, k)) !== JSON.stringify(field(f.after, k)),
      );
      const what = changed.map((k) => t(`admin.auditSentence.field.${k}`)).join(", ");
      if (was === now)
        parts.push(
          what
            ? t("admin.auditSentence.correctedWhat", { status: now ?? "?", what })
            : t("admin.auditSentence.corrected", { status: now ?? "?" }),
        );
      else {
        parts.push(`${was ?? "?"} → ${now ?? "?"}`);
        if (what) parts.push(t("admin.auditSentence.alsoCorrected", { what }));
      }
      return `${subject}${t("report.colon")} ${parts.join("; ")}${tail}`;
    }
    case "assessment.deleted":
      return t("admin.auditSentence.deleted", { subject, status: was ?? "?" }) + tail;
    default: {
      return `${subject}${t("report.colon")} ${actionName(t, f.action)}${by(w, f.actor)}`;
    }
  }
}

/** An action with no sentence of its own: its name in the reader's words where the catalogue has it. */
function actionName(t: TFunction, action: string): string {
  const key = `admin.auditSentence.action.${action.replace(/\./g, "_")}`;
  return t(key as "admin.auditSentence.action.submission_created", { defaultValue: humanAction(action) });
}

/** "coalition_issue.unarchived" -> "coalition issue unarchived". */
export function humanAction(action: string): string {
  return action.replace(/[._]/g, " ");
}

/** "1 assessment and 8 issue links", with ", … and 4 sample asks" where the entry counts asks (newer entries). */
function sampleCounts({ t }: AuditWords, v: unknown): string {
  const count = (n: unknown) => (typeof n === "number" ? n : 0);
  const parts = [
    t("admin.auditSentence.assessments", { count: count(field(v, "assessments")) }),
    t("admin.auditSentence.issueLinks", { count: count(field(v, "links")) }),
  ];
  const asks = field(v, "asks");
  if (typeof asks === "number") parts.push(t("admin.auditSentence.sampleAsks", { count: asks }));
  return t("admin.auditSentence.list", { items: parts.slice(0, -1).join(", "), last: parts.at(-1) });
}

/** A role's name ("editor") in the reader's language; what is not a role as it is. */
function roleName({ t }: AuditWords, role: string | null): string {
  return role === "editor" || role === "admin" ? t(`admin.users.role.${role}`) : (role ?? "?");
}

export function describeAudit(f: AuditFacts, w: AuditWords): AuditSentence {
  const { t } = w;
  const recHref = f.recommendation ? `/recommendations/${f.recommendation.id}` : null;
  if (f.entity === "assessment") return { text: assessmentSentence(w, f), href: recHref };
  const subject = f.recommendation ? recommendationName(w, f.recommendation) : null;
  const aRecommendation = subject ?? t("admin.auditSentence.aRecommendation");
  const issue = f.issueTitle ? `“${f.issueTitle}”` : t("admin.auditSentence.aCoalitionIssue");
  const user = text(field(f.after, "displayName")) ?? text(field(f.after, "email")) ?? text(field(f.before, "email"));
  const actor = by(w, f.actor);
  const date = (iso: string | null) => (iso ? localDate(w.lng, iso) : t("common.dateNotKnown"));
  switch (f.action) {
    case "recommendation_issue.linked":
      return {
        text:
          t(field(f.after, "fromSuggestion") ? "admin.auditSentence.linkedSuggestion" : "admin.auditSentence.linked", {
            subject: aRecommendation,
            issue,
          }) + actor,
        href: recHref,
      };
    case "recommendation_issue.unlinked":
      return { text: t("admin.auditSentence.unlinked", { subject: aRecommendation, issue }) + actor, href: recHref };
    case "coalition_issue.created":
    case "coalition_issue.updated":
    case "coalition_issue.archived":
    case "coalition_issue.unarchived": {
      const title =
        text(field(f.after, "title")) ?? text(field(f.before, "title")) ?? t("admin.auditSentence.aCoalitionIssue");
      const slug = text(field(f.after, "slug")) ?? text(field(f.before, "slug"));
      const verb = f.action.split(".")[1] as "created" | "updated" | "archived" | "unarchived";
      return { text: t(`admin.auditSentence.issue.${verb}`, { title }) + actor, href: slug ? `/issues/${slug}` : null };
    }
    case "user.created": {
      const organisation = text(field(f.after, "organisationName"));
      const role = roleName(w, text(field(f.after, "role")));
      return {
        text:
          (organisation
            ? t("admin.auditSentence.userAddedOf", { user: user ?? "?", role, organisation })
            : t("admin.auditSentence.userAdded", { user: user ?? "?", role })) + actor,
        href: "/admin/users",
      };
    }
    case "user.role_changed":
      return {
        text:
          t("admin.auditSentence.userRole", {
            user: user ?? "?",
            before: roleName(w, text(field(f.before, "role"))),
            after: roleName(w, text(field(f.after, "role"))),
          }) + actor,
        href: "/admin/users",
      };
    case "user.deactivated":
      return { text: t("admin.auditSentence.userDeactivated", { user: user ?? "?" }) + actor, href: "/admin/users" };
    case "user.reactivated":
      return { text: t("admin.auditSentence.userReactivated", { user: user ?? "?" }) + actor, href: "/admin/users" };
    case "user.password_changed":
      return { text: t("admin.auditSentence.passwordChanged") + actor, href: null };
    case "organisation.created":
      return {
        text: t("admin.auditSentence.organisationAdded", { name: text(field(f.after, "name")) ?? "?" }) + actor,
        href: "/admin/users",
      };
    case "sample.added":
      return {
        text: t("admin.auditSentence.sampleLoaded", { counts: sampleCounts(w, f.after) }) + actor,
        href: "/admin/sample",
      };
    case "sample.removed":
      return {
        text: t("admin.auditSentence.sampleRemoved", { counts: sampleCounts(w, f.before) }) + actor,
        href: "/admin/sample",
      };
    case "backup.downloaded":
      return { text: t("admin.auditSentence.backupDownloaded") + actor, href: "/admin/backup" };
    case "recommendations.imported":
      return {
        text:
          t("admin.auditSentence.imported", {
            file: text(field(f.after, "file")) ?? t("admin.auditSentence.aFile"),
            format: text(field(f.after, "format")) ?? "?",
          }) + actor,
        href: "/admin/imports",
      };
    case "import.undone":
      return {
        text:
          t("admin.auditSentence.importUndone", {
            file: text(field(f.before, "file")) ?? t("admin.auditSentence.aFile"),
          }) + actor,
        href: "/admin/imports",
      };
    case "recommendation.enriched":
      return { text: t("admin.auditSentence.enriched", { subject: aRecommendation }) + actor, href: recHref };
    case "review.dates":
      return {
        text:
          t("admin.auditSentence.reviewDates", {
            id: f.entityId ?? "?",
            review: date(text(field(f.after, "review_date"))),
            adoption: date(text(field(f.after, "adoption_date"))),
          }) + actor,
        href: f.entityId ? `/reviews/${f.entityId}` : null,
      };
    default: {
      const what = subject ? `${subject}${t("report.colon")} ` : "";
      return { text: `${what}${actionName(t, f.action)}${actor}`, href: recHref };
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
