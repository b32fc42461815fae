import { Link } from "@remix-run/react";
import { textDirection } from "~/i18n/languages";
import { useTranslation } from "react-i18next";
import type { RecommendationSummary } from "~/lib/recommendation-summary";
import { StatusBadge } from "./status-badge";

/**
 * Recommendations in two lines each, for a review's page on a phone as on a desk: the paragraph and the
 * start of the text (the whole text is there, cut by CSS), then the response and the status. The full
 * card is the recommendation's own page, one tap away.
 */
export function CompactRecommendationList({
  rows,
  start,
}: {
  rows: readonly (RecommendationSummary & { kind: "recommendation" | "pledge" })[];
  /** The number of the first row (paged lists). */
  start: number;
}) {
  const { t } = useTranslation();
  return (
    <ol className="compact-list" start={start} data-testid="compact-list">
      {rows.map((r) => (
        <li key={r.id} className="compact-item">
          <Link to={`/recommendations/${r.id}`} className="compact-link">
            <span className="compact-para">{r.paragraph ?? "¶ –"}</span>{" "}
            <span className="compact-text" lang={r.textLanguage} dir={textDirection(r.textLanguage)}>
              {r.text}
            </span>
          </Link>
          <span className="compact-meta small">
            {r.kind === "pledge" ? (
              t("recommendations.pledge")
            ) : (
              <span className={`response response-${r.response}`}>{t(`common.response.${r.response}`)}</span>
            )}
            {" · "}
            <StatusBadge status={r.currentStatus} />
          </span>
        </li>
      ))}
    </ol>
  );
}
