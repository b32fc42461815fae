// A printable mid-term report of one review: per coalition issue, the numbers, the progress chart and
// the recommendations with their status and evidence. Print it from the browser (print stylesheet).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ClientOnly } from "~/components/charts/client-only";
import { ProgressArea } from "~/components/charts/progress-area";
import { ProgressNotes } from "~/components/charts/progress-notes";
import { MidtermBenchmark } from "~/components/midterm-benchmark";
import { ReportRecommendations } from "~/components/report-recommendations";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { todayUtc } from "~/lib/dates";
import { AT_LEAST_PARTIALLY_DEFINITION, percent } from "~/lib/dashboard-tables";
import { formatDate } from "~/lib/format";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { countsByResponse } from "~/lib/midterm-benchmark";
import { progressScale } from "~/lib/progress-scale";
import {
  midtermReached,
  milestoneLines,
  pointsToDate,
  progressCaption,
  reportAuthor,
  reportLead,
  reportTitle,
  sectionSentence,
  sectionSummaries,
  summaryHeadDates,
  summaryRows,
  unlinkedSentence,
} from "~/lib/midterm-report";
import { printPageCss, type StatusSummary } from "~/lib/report-summary";
import type { ReviewPeriod } from "~/lib/review-period";
import { loadMidtermReport, type ReportSection } from "~/models/report.server";
import { TableWrap } from "~/components/table-wrap";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return pageMeta(metaT(matches), "Mid-term report");
  const { review, overall } = data.report;
  const h = overall.headline;
  return pageMeta(
    metaT(matches),
    `Mid-term report: ${review.stateName}, cycle ${review.cycle}`,
    `${h.supportedImplemented} of ${h.supported} supported recommendations (${percent(h.supportedImplemented, h.supported)}) are at least partially implemented, per coalition issue, with the evidence.`,
  );
};

// The chart's widest: it fits the printable width of A4 and US Letter portrait (about 690 px at 96 px per inch).
const PRINT_CHART_WIDTH = 660;
// An issue's chart beside its summary table: both fit the printable width side by side.
const SECTION_CHART_WIDTH = 380;

export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const report = await loadMidtermReport(await getDb(), parsed.data.reviewId);
  if (!report) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  return { report, today: todayUtc(), coalition: env().COALITION_NAME ?? null };
}

export default function MidtermReportPage() {
  const { report, today, coalition } = useLoaderData<typeof loader>();
  const { review, period, midterm } = report;
  const who = reportAuthor(coalition, report.organisations);
  const reached = midtermReached(midterm, today);
  return (
    <article className="report">
      {/* The printed pages' margins: the coalition, the date, page numbers (Chromium prints @page margin boxes). */}
      <style dangerouslySetInnerHTML={{ __html: printPageCss(who, formatDate(today)) }} />
      <p className="crumbs no-print">
        <Link to={review.stateIso3 ? `/?state=${review.stateIso3}` : "/reviews"}>Reviews of {review.stateName}</Link> /{" "}
        <Link to={`/reviews/${review.id}`}>Cycle {review.cycle}</Link> / Mid-term report · <PrintButton /> ·{" "}
        <a href={`/reviews/${review.id}/report.docx`}>Word document (.docx)</a>
      </p>
      <h1>{reportTitle(review)}</h1>
      <p className="report-by" data-testid="report-by">
        Prepared by <strong>{who}</strong> · {formatDate(today)}
      </p>
      <p className="lead">{reportLead(review, period, today)}</p>
      {period ? (
        <ul className="milestones">
          {milestoneLines(period).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">{AT_LEAST_PARTIALLY_DEFINITION}</p>
      <Section section={report.overall} period={period} id="overall" whole today={today} midterm={midterm} />
      {reached ? (
        <MidtermBenchmark
          stateName={review.stateName}
          date={midterm!}
          byResponse={countsByResponse(
            report.overall.recommendations.map((r) => ({
              response: r.response,
              status: r.statusAtMidterm ?? "not_assessed",
            })),
          )}
        />
      ) : null}
      <p>{unlinkedSentence(report)}</p>
      {report.issues
        .filter((s) => s.recommendations.length > 0)
        .map((s) => (
          <Section
            key={s.slug}
            section={s}
            period={period}
            id={s.slug!}
            whole={false}
            today={today}
            midterm={midterm}
          />
        ))}
    </article>
  );
}

/** The whole review (numbers and chart), or one coalition issue (its numbers, chart and recommendations). */
function Section({
  section: s,
  period,
  id,
  whole,
  today,
  midterm,
}: {
  section: ReportSection;
  period: ReviewPeriod | null;
  id: string;
  whole: boolean;
  today: string;
  midterm: string | null;
}) {
  const reached = midtermReached(midterm, today);
  const { now, then } = sectionSummaries(s.recommendations, midterm, today);
  const points = pointsToDate(s.points, today);
  const rows = points.map((p) => ({ month: p.month, ...p.counts }));
  return (
    <section className="report-section" aria-labelledby={`h-${id}`} data-testid={`report-${id}`}>
      <div className="report-section-head">
        <h2 id={`h-${id}`}>{s.title}</h2>
        {s.description ? <p className="muted report-section-description">{s.description}</p> : null}
        {whole ? null : <p className="report-section-numbers">{sectionSentence(now, then, midterm)}</p>}
        <div className={whole ? "report-overview whole" : "report-overview"}>
          <SummaryTable
            now={now}
            then={then}
            heads={summaryHeadDates(midterm, reached, today)}
            caption={whole ? "All the review's recommendations" : "The recommendations linked to this issue"}
          />
          {period && points.length ? (
            <figure className="chart">
              <figcaption>
                {whole ? progressCaption(points) : "The supported ones month by month (colours as in the first chart)"}
              </figcaption>
              <ProgressNotes rows={rows} period={whole ? period : undefined} />
              <div className="chart-area" aria-hidden="true">
                <ClientOnly fallback={<p className="muted small">The chart draws here when JavaScript runs.</p>}>
                  {() => (
                    <ProgressArea
                      assessedOnly={progressScale(rows).assessedOnly}
                      legend={whole}
                      maxWidth={whole ? PRINT_CHART_WIDTH : SECTION_CHART_WIDTH}
                      height={whole ? 200 : 150}
                      id={`p-${id}`}
                      rows={rows}
                      milestones={period.milestones}
                    />
                  )}
                </ClientOnly>
              </div>
            </figure>
          ) : null}
        </div>
      </div>
      {whole ? null : (
        <>
          <h3 className="report-recs-heading">
            {s.recommendations.length === 1 ? "1 recommendation" : `${s.recommendations.length} recommendations`} linked
            to this issue
            {midterm ? <span className="small">: status at mid-term ({formatDate(midterm)}) and now</span> : null}
          </h3>
          <ReportRecommendations
            recommendations={s.recommendations}
            reached={reached}
            label={`Recommendations linked to ${s.title}`}
          />
        </>
      )}
    </section>
  );
}

/** The summary numbers at the mid-term date beside those now. */
function SummaryTable({
  now,
  then,
  heads,
  caption,
}: {
  now: StatusSummary;
  then: StatusSummary | null;
  heads: { then: string; now: string };
  caption: string;
}) {
  return (
    <TableWrap label={caption}>
      <table className="numbers summary">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">
              At mid-term
              <br />
              <span className="small">{heads.then}</span>
            </th>
            <th scope="col">
              Now
              <br />
              <span className="small">{heads.now}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {summaryRows(now, then).map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.then}</td>
              <td>{r.now}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PrintButton() {
  return (
    <button type="button" className="link" onClick={() => window.print()}>
      Print this report
    </button>
  );
}
