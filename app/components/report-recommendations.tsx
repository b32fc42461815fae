import { StatusBadge } from "~/components/status-badge";
import { formatDate, RESPONSE_LABELS } from "~/lib/format";
import { type ReportRecommendation, SAMPLE_ASSESSMENT_LABEL } from "~/lib/midterm-report";

/**
 * The recommendations of one section of the mid-term report, one entry each: the paragraph (whole, in
 * a column of its own), the verbatim text, the response, the status at mid-term and now, and the
 * evidence with its organisation and sources (printed as text). Entries, not a six-column table, so
 * that nothing is squeezed to a digit a line or cut at the page's edge, on paper and on a phone alike.
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
  return (
    <ol className="report-recs" aria-label={label}>
      {recommendations.map((r) => (
        <li key={r.id} className="report-rec">
          <p className="report-rec-para">{r.paragraph ?? "—"}</p>
          <div>
            <p className="report-rec-text">
              {r.text}
              {r.recommendingStates.some((name) => !r.text.includes(name.split(" (")[0]!)) ? (
                <span className="muted"> (recommended by {r.recommendingStates.join(", ")})</span>
              ) : null}
            </p>
            <p className="report-rec-status">
              <span>{RESPONSE_LABELS[r.response]}</span>
              <span>
                <span className="report-rec-label">Mid-term:</span>{" "}
                {r.statusAtMidterm && reached ? <StatusBadge status={r.statusAtMidterm} /> : "not reached yet"}
              </span>
              <span>
                <span className="report-rec-label">Now:</span> <StatusBadge status={r.status} />
                {r.asOf ? ` (as of ${formatDate(r.asOf)})` : null}
              </span>
              {r.evidence ? null : <span className="muted">No evidence recorded.</span>}
            </p>
            {r.evidence ? (
              <p className="report-rec-evidence">
                <span className="report-rec-label">Evidence{r.organisation ? ` (${r.organisation})` : ""}:</span>{" "}
                <span className="pre">{r.evidence}</span>
                {r.isSample ? <strong className="sample-tag"> {SAMPLE_ASSESSMENT_LABEL}</strong> : null}
                {r.sourceUrls.length ? (
                  <span className="report-rec-sources">
                    {" "}
                    <span className="report-rec-label">Sources:</span>{" "}
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
