import { useTranslation } from "react-i18next";
import type { Status } from "../../../db/schema";
import { useLanguage } from "~/i18n/hooks";
import { periodNote, progressScale } from "~/lib/progress-scale";
import type { ReviewPeriod } from "~/lib/review-period";

/**
 * What a progress chart's reader must know to read it: the share not assessed, and a period past the
 * next review (`period`: left out where a page's first chart has said it already).
 */
export function ProgressNotes({
  rows,
  period,
}: {
  rows: readonly Record<Status, number>[];
  period?: Pick<ReviewPeriod, "end" | "milestones">;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const notes = [progressScale(rows, t, lng).note, period ? periodNote(period, t, lng) : null].filter(
    (n): n is string => n !== null,
  );
  return notes.length ? (
    <p className="small chart-note" data-testid="progress-notes">
      {notes.join(" ")}
    </p>
  ) : null;
}
