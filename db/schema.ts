// The Database interface: what the application sees of the schema (db/migrations is the truth).
import type { ColumnType, Generated } from "kysely";

export const RESPONSES = ["supported", "noted", "pending"] as const;
export type Response = (typeof RESPONSES)[number];

export const STATUSES = [
  "not_assessed",
  "no_action",
  "in_progress",
  "partially_implemented",
  "fully_implemented",
] as const;
export type Status = (typeof STATUSES)[number];

export const REGIONAL_GROUPS = ["African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG"] as const;
export type RegionalGroup = (typeof REGIONAL_GROUPS)[number];

export const ROLES = ["admin", "editor"] as const;
export type Role = (typeof ROLES)[number];

export const SOURCE_FORMATS = ["native", "upr-info", "uhri", "ohchr-matrix", "wg-report"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** A date column: read as 'YYYY-MM-DD' text (parsers set in db/client.ts), written as the same. */
type DateText = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StateTable {
  id: Generated<number>;
  name: string;
  iso3: string | null;
  regional_group: RegionalGroup | null;
}

export interface ReviewTable {
  id: Generated<number>;
  state_id: number;
  cycle: number;
  session: number;
  review_date: DateText | null;
  adoption_date: DateText | null;
  /** The review date is the session's (or the calendar's), not one recorded for this review. */
  review_date_estimated: ColumnType<boolean, boolean | undefined, boolean>;
  /** The adoption date is estimated by the rules (about 5 months after the review). */
  adoption_date_estimated: ColumnType<boolean, boolean | undefined, boolean>;
  report_symbol: string | null;
  official_received: number | null;
  official_supported: number | null;
  official_noted: number | null;
  notes: string | null;
}

export interface RecommendationTable {
  id: Generated<number>;
  review_id: number;
  paragraph: string | null;
  text: string;
  response: ColumnType<Response, Response | undefined, Response>;
  action_category: number | null;
  themes: ColumnType<string[], string[] | undefined, string[]>;
  /** SDG codes, goals and targets ("16", "16.3"; app/lib/sdgs.ts): a target's goal is listed too. */
  sdgs: ColumnType<string[], string[] | undefined, string[]>;
  /** Affected persons or groups of persons, as the source wrote them. */
  affected_persons: ColumnType<string[], string[] | undefined, string[]>;
  kind: ColumnType<"recommendation" | "pledge", "recommendation" | "pledge" | undefined>;
  /** The language of `text` (ISO 639-1); its texts in other languages are in recommendation_text. */
  text_language: ColumnType<string, string | undefined, string>;
  source_format: SourceFormat;
  source_key: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Kept by the database (trigger on assessment): the latest assessment's status and as-of date. */
  current_status: ColumnType<Status, never, never>;
  current_as_of: ColumnType<string | null, never, never>;
  /** Generated: to_tsvector('english', text). */
  search_vector: ColumnType<string, never, never>;
}

/** A recommendation's text in another language than its own (`recommendation.text_language`). */
export interface RecommendationTextTable {
  recommendation_id: number;
  language: string;
  text: string;
  /** The import that brought it (undoing the import removes it). */
  import_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RecommendationRecommendingStateTable {
  recommendation_id: number;
  state_id: number;
}

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  display_name: string | null;
  password_hash: string;
  organisation_id: number;
  role: Role;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  session_version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface CoalitionIssueTable {
  id: Generated<number>;
  slug: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  archived_at: Date | null;
  created_at: Timestamp;
}

export interface RecommendationIssueTable {
  recommendation_id: number;
  issue_id: number;
  created_by: number | null;
  created_at: Timestamp;
  /** Made by `npm run seed:sample`, not by an editor. */
  is_sample: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface AssessmentTable {
  id: Generated<number>;
  recommendation_id: number;
  organisation_id: number;
  author_id: number | null;
  status: Status;
  as_of: DateText;
  evidence: ColumnType<string, string | undefined, string>;
  source_urls: ColumnType<string[], string[] | undefined, string[]>;
  is_sample: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown | null;
  after: unknown | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  at: Timestamp;
  email: string;
  address: string | null;
  succeeded: boolean;
}

export const SUGGESTION_DECISIONS = ["accepted", "rejected"] as const;
export type SuggestionDecision = (typeof SUGGESTION_DECISIONS)[number];

/** An editor's answer to a suggested link between a coalition issue and a recommendation. */
export interface IssueSuggestionDecisionTable {
  issue_id: number;
  recommendation_id: number;
  decision: SuggestionDecision;
  decided_by: number | null;
  decided_at: Timestamp;
}

export const FOLLOWUP_STATUSES = ["detected", "confirmed", "rejected"] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

/** A later recommendation (to the same state, in a later cycle) that repeats or continues an earlier one. */
export interface RecommendationFollowupTable {
  earlier_id: number;
  later_id: number;
  /** Trigram similarity of the two texts (followup_text), 0..1. */
  similarity: number;
  status: ColumnType<FollowupStatus, FollowupStatus | undefined, FollowupStatus>;
  decided_by: number | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  detected_at: Timestamp;
}

/** One committed import: what it did is in import_change, so that it can be undone. */
export interface ImportRunTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  file_name: string | null;
  format: string;
  counts: unknown;
  created_state_ids: ColumnType<number[], number[] | undefined, number[]>;
  created_review_ids: ColumnType<number[], number[] | undefined, number[]>;
  undone_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  undone_by: number | null;
}

/** A recommendation an import inserted, or one it updated (with the row as it was before). */
export interface ImportChangeTable {
  import_id: number;
  recommendation_id: number;
  action: "inserted" | "updated";
  before: unknown | null;
}

/** Another source's identity of a recommendation (a matrix row, a UPR Info row merged into it). */
export interface RecommendationSourceTable {
  recommendation_id: number;
  source_format: SourceFormat;
  source_key: string;
  import_id: number | null;
}

export const SUBMISSION_KINDS = ["joint", "individual"] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];
export const UPTAKE_STATUSES = ["suggested", "confirmed", "rejected"] as const;
export type UptakeStatus = (typeof UPTAKE_STATUSES)[number];
/** Milestones of a review whose real date can be recorded (the next review is the next cycle's review). */
export const MILESTONE_KINDS = ["submission", "pre_session", "review", "adoption", "midterm"] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** A coalition's submission for a review (state under review and cycle); private unless is_public. */
export interface SubmissionTable {
  id: Generated<number>;
  state_id: number;
  cycle: number;
  title: string;
  kind: SubmissionKind;
  organisations: ColumnType<string[], string[] | undefined, string[]>;
  body: ColumnType<string, string | undefined, string>;
  footnotes: ColumnType<string, string | undefined, string>;
  is_public: ColumnType<boolean, boolean | undefined, boolean>;
  is_sample: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One recommendation a submission asked for, in the coalition's own words, under one of its issues. */
export interface AskTable {
  id: Generated<number>;
  submission_id: number;
  issue_id: number | null;
  text: string;
  position: number;
  created_at: Timestamp;
}

/** A recommendation of the review that may take an ask up: suggested by similarity, decided by an editor. */
export interface AskUptakeTable {
  ask_id: number;
  recommendation_id: number;
  similarity: number;
  status: ColumnType<UptakeStatus, UptakeStatus | undefined, UptakeStatus>;
  decided_by: number | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The real date of a milestone of a state's review, where it is known (else the rules compute it). */
export interface ReviewMilestoneTable {
  state_id: number;
  cycle: number;
  kind: MilestoneKind;
  date: DateText;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** The one-time key of a form that was saved (the bulk assessment page), with what the save did. */
export interface FormSubmissionTable {
  key: string;
  user_id: number | null;
  form: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  saved: number;
}

/** A one-time set-up address's token, by its SHA-256 (hex); consumed with the first admin's creation. */
export interface SetupTokenTable {
  token_hash: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: ColumnType<Date, Date | string, never>;
}

/** A file uploaded at /import, waiting between the preview and the import (its bytes: pending_upload_part, or a file). */
export interface PendingUploadTable {
  id: string;
  owner_id: number;
  file_name: string;
  size: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface PendingUploadPartTable {
  upload_id: string;
  seq: number;
  bytes: Uint8Array;
}

export interface Database {
  state: StateTable;
  review: ReviewTable;
  recommendation: RecommendationTable;
  recommendation_recommending_state: RecommendationRecommendingStateTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  coalition_issue: CoalitionIssueTable;
  recommendation_issue: RecommendationIssueTable;
  assessment: AssessmentTable;
  audit_log: AuditLogTable;
  sign_in_attempt: SignInAttemptTable;
  issue_suggestion_decision: IssueSuggestionDecisionTable;
  recommendation_followup: RecommendationFollowupTable;
  import_run: ImportRunTable;
  import_change: ImportChangeTable;
  recommendation_source: RecommendationSourceTable;
  recommendation_text: RecommendationTextTable;
  submission: SubmissionTable;
  ask: AskTable;
  ask_uptake: AskUptakeTable;
  review_milestone: ReviewMilestoneTable;
  form_submission: FormSubmissionTable;
  setup_token: SetupTokenTable;
  pending_upload: PendingUploadTable;
  pending_upload_part: PendingUploadPartTable;
}
