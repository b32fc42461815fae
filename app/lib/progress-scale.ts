// How a progress chart reads when little is assessed, and what it says when its period runs past the
// next review. Pure: the chart components draw what these decide.
// Words in the reader's language: `t` and `lng` (English when a caller gives none).
import type { TFunction } from "i18next";
import { STATUSES, type Status } from "../../db/schema";
import { localDate, localPercent } from "../i18n/format";
import { tFor } from "../i18n/i18n";
import type { Language } from "../i18n/languages";
import type { ReviewPeriod } from "./review-period";

/** Not assessed at or above this share of the latest month: the assessed ones get a scale of their own. */
const MOSTLY_UNASSESSED = 2 / 3;

export interface ProgressScale {
  /** Draw the assessed statuses only, on their own y scale (the not-assessed share is said in words). */
  assessedOnly: boolean;
  /** What the chart's caption adds: the share not assessed and how the chart shows it; null when nothing needs saying. */
  note: string | null;
}

/**
 * With 2 of 128 recommendations assessed, a stack of all five statuses is one grey block with a
 * one-pixel sliver: then the chart draws the assessed ones on a scale of their own, and says how many
 * are not assessed beside it.
 */
export function progressScale(
  rows: readonly Record<Status, number>[],
  t: TFunction = tFor("en"),
  lng: Language = "en",
): ProgressScale {
  const latest = rows.at(-1);
  if (!latest) return { assessedOnly: false, note: null };
  const total = STATUSES.reduce((sum, s) => sum + latest[s], 0);
  const notAssessed = latest.not_assessed;
  const assessed = total - notAssessed;
  if (total === 0 || notAssessed / total < MOSTLY_UNASSESSED) return { assessedOnly: false, note: null };
  const share = localPercent(lng, Math.round((notAssessed / total) * 100) / 100);
  if (assessed === 0) return { assessedOnly: false, note: t("charts.scale.noneAssessed", { count: total }) };
  return {
    assessedOnly: true,
    note: t("charts.scale.assessedOnly", { count: total, notAssessed, share, assessed }),
  };
}

/** When an assessment is dated after the next review, the period runs on to it: say so. */
export function periodNote(
  period: Pick<ReviewPeriod, "end" | "milestones">,
  t: TFunction = tFor("en"),
  lng: Language = "en",
): string | null {
  const next = period.milestones.find((m) => m.key === "next_review");
  if (!next || period.end <= next.date) return null;
  return t("charts.scale.periodNote", { next: localDate(lng, next.date), end: localDate(lng, period.end) });
}
