import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/status-badge";
import { useFormat } from "~/i18n/hooks";
import type { ReportRecommendation } from "~/lib/midterm-report";

/**
 * The recommendations of one section of the mid-term report, one entry each: the paragraph (whole, in
 * a column of its own), the verbatim text, the response, the status at mid-term and now, and the
 * evidence with its organisation and sources (printed as text). Entries, not a six-column table, so
 * that nothing is squeezed to a digit a line or cut at the page's edge, on paper and on a phone alike.
 * The UN text is marked as English; the evidence and the organisation as typed (dir="auto").
 */
export function ReportRecommendations({
  recommendations,
  reached,
  label,
}: {
  recommendations: readonly ReportRecommendation[];
  /** The mid-term date has passed: the status then is shown beside the status now. */
  reached: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ol className="report-recs" aria-label={label}>
      {recommendations.map((r) => (
        <li key={r.id} className="report-rec">
          <p className="report-rec-para">{r.paragraph ?? "—"}</p>
          <div>
            <p className="report-rec-text">
              <span lang="en">{r.text}</span>
              {r.recommendingStates.some((name) => !r.text.includes(name.split(" (")[0]!)) ? (
                <span className="muted">
                  {" "}
                  {t("report.recommendedByOpen")}
                  <span lang="en">{r.recommendingStates.join(", ")}</span>
                  {t("report.recommendedByClose")}
                </span>
              ) : null}
            </p>
            <p className="report-rec-status">
              <span>{t(`common.response.${r.response}`)}</span>
              <span>
                <span className="report-rec-label">{t("report.midtermLabel")}</span>{" "}
                {r.statusAtMidterm && reached ? <StatusBadge status={r.statusAtMidterm} /> : t("report.notReachedYet")}
              </span>
              <span>
                <span className="report-rec-label">{t("report.nowLabel")}</span> <StatusBadge status={r.status} />
                {r.asOf ? ` (${t("report.asOf", { date: f.date(r.asOf) })})` : null}
              </span>
              {r.evidence ? null : <span className="muted">{t("report.noEvidence")}</span>}
            </p>
            {r.evidence ? (
              <p className="report-rec-evidence">
                <span className="report-rec-label">
                  {t("common.evidence")}
                  {r.organisation ? (
                    <>
                      {" "}
                      (<span dir="auto">{r.organisation}</span>)
                    </>
                  ) : null}
                  {t("report.colon")}
                </span>{" "}
                <span className="pre" dir="auto">
                  {r.evidence}
                </span>
                {r.isSample ? <strong className="sample-tag"> {t("report.sampleAssessment")}</strong> : null}
                {r.sourceUrls.length ? (
                  <span className="report-rec-sources">
                    {" "}
                    <span className="report-rec-label">{t("report.sources")}</span>{" "}
                    {r.sourceUrls.map((url, i) => (
                      <span key={url}>
                        {i ? "; " : ""}
                        <a href={url} rel="noreferrer">
                          {url}
                        </a>
                      </span>
                    ))}
                  </span>
                ) : null}
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
