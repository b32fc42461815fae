// What every list of recommendations shows of each one (review, issue, bulk-assessment and search
// pages, suggestions): selected once in app/models/recommendations.server.ts (recommendationSummary),
// drawn by app/components/recommendation-table.tsx. Lists add their own fields to it.
import type { Response, Status } from "../../db/schema";

export interface RecommendationSummary {
  id: number;
  /** The report paragraph ("101.2"); null for a record without one (UPR Info exports have none). */
  paragraph: string | null;
  /** Verbatim from the UN report. */
  text: string;
  /** The language of `text` (ISO 639-1): the page marks the text with it (`lang`). */
  textLanguage: string;
  response: Response;
  /** The latest assessment's status ('not_assessed' when none is recorded). */
  currentStatus: Status;
}

/** A state as lists name it: its name, and its ISO 3166 alpha-3 code where it has one (for /states/<code>). */
export interface StateName {
  name: string;
  iso3: string | null;
}
