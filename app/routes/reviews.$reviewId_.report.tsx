// A printable mid-term report of one review: per coalition issue, the numbers, the progress chart and
// the recommendations with their status and evidence. Print it from the browser (print stylesheet).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STATUSES } from "../../db/schema";
import { ClientOnly } from "~/components/charts/client-only";
import { ProgressArea } from "~/components/charts/progress-area";
import { ProgressNotes } from "~/components/charts/progress-notes";
import { ReportRecommendations } from "~/components/report-recommendations";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { todayUtc } from "~/lib/dates";
import { AT_LEAST_PARTIALLY_DEFINITION, percent } from "~/lib/dashboard-tables";
import { formatDate, STATUS_LABELS } from "~/lib/format";
import { pageMeta } from "~/lib/meta";
import { progressScale } from "~/lib/progress-scale";
import { printPageCss, type StatusSummary, statusSummary } from "~/lib/report-summary";
import type { ReviewPeriod } from "~/lib/review-period";
import { loadMidtermReport, type ReportSection } from "~/models/report.server";
import { TableWrap } from "~/components/table-wrap";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return pageMeta("Mid-term report");
  const { review, overall } = data.report;
  const h = overall.headline;
  return pageMeta(
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
  const who = coalition ?? (report.organisations.length ? report.organisations.join(", ") : "UPR Monitor");
  const withLinks = report.issues.filter((s) => s.recommendations.length > 0);
  const without = report.issues.filter((s) => s.recommendations.length === 0);
  return (
    <article className="report">
      {/* The printed pages' margins: the coalition, the date, page numbers (Chromium prints @page margin boxes). */}
      <style dangerouslySetInnerHTML={{ __html: printPageCss(who, formatDate(today)) }} />
      <p className="crumbs no-print">
        <Link to="/">Reviews</Link> / <Link to={`/reviews/${review.id}`}>Cycle {review.cycle}</Link> / Mid-term report ·{" "}
        <PrintButton /> · <a href={`/reviews/${review.id}/report.docx`}>Word document (.docx)</a>
      </p>
      <h1>
        {review.stateName}: implementation of the recommendations of the UPR review of cycle {review.cycle}
      </h1>
      <p className="report-by" data-testid="report-by">
        Prepared by <strong>{who}</strong> · {formatDate(today)}
      </p>
      <p className="lead">
        Review of {formatDate(review.reviewDate)}
        {review.reportSymbol ? ` (report ${review.reportSymbol})` : ""}. Status as recorded on {formatDate(today)}.
        {period ? ` Review period: ${formatDate(period.start)} to ${formatDate(period.end)}.` : ""}
      </p>
      {period ? (
        <ul className="milestones">
          {period.milestones.map((m) => (
            <li key={m.key}>
              {m.label}: {formatDate(m.date)}
              {m.estimated ? " (estimated)" : ""}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">{AT_LEAST_PARTIALLY_DEFINITION}</p>
      <Section
        section={report.overall}
        period={period}
        id="overall"
        showTable={false}
        today={today}
        midterm={midterm}
      />
      <p>
        {report.unlinked} of {report.overall.headline.total} recommendations are linked to no coalition issue.
        {without.length ? ` No recommendation is linked yet to: ${without.map((s) => s.title).join("; ")}.` : ""}
      </p>
      {withLinks.map((s) => (
        <Section key={s.slug} section={s} period={period} id={s.slug!} showTable today={today} midterm={midterm} />
      ))}
    </article>
  );
}

function Section({
  section: s,
  period,
  id,
  showTable,
  today,
  midterm,
}: {
  section: ReportSection;
  period: ReviewPeriod | null;
  id: string;
  showTable: boolean;
  today: string;
  midterm: string | null;
}) {
  const now = statusSummary(s.recommendations);
  // The mid-term column once the mid-term date has passed; before it, there is nothing to compare yet.
  const reached = midterm !== null && midterm <= today;
  const then = reached ? statusSummary(s.recommendations.map((r) => ({ ...r, status: r.statusAtMidterm! }))) : null;
  // Months up to today's month: the rest of the period is still to come.
  const points = s.points.filter((p) => p.month.slice(0, 7) <= today.slice(0, 7));
  const last = points.at(-1);
  const rows = points.map((p) => ({ month: p.month, ...p.counts }));
  return (
    <section className="report-section" aria-labelledby={`h-${id}`} data-testid={`report-${id}`}>
      <div className="report-section-head">
        <h2 id={`h-${id}`}>{s.title}</h2>
        {s.description ? <p className="muted report-section-description">{s.description}</p> : null}
        <div className={showTable ? "report-overview" : "report-overview whole"}>
          <SummaryTable
            now={now}
            then={then}
            midterm={midterm}
            today={today}
            caption={showTable ? "The recommendations linked to this issue" : "All the review's recommendations"}
          />
          {period && points.length ? (
            <figure className="chart">
              <figcaption>
                {showTable
                  ? "The supported ones month by month (colours as in the first chart)"
                  : `Status of the supported recommendations at the end of each month${last ? `, to ${formatDate(last.month)}` : ""}`}
              </figcaption>
              <ProgressNotes rows={rows} period={showTable ? undefined : period} />
              <div className="chart-area" aria-hidden="true">
                <ClientOnly fallback={<p className="muted small">The chart draws here when JavaScript runs.</p>}>
                  {() => (
                    <ProgressArea
                      assessedOnly={progressScale(rows).assessedOnly}
                      legend={!showTable}
                      maxWidth={showTable ? SECTION_CHART_WIDTH : PRINT_CHART_WIDTH}
                      height={showTable ? 150 : 200}
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
      {showTable ? (
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
      ) : null}
    </section>
  );
}

/** The summary numbers at the mid-term date beside those now. */
function SummaryTable({
  now,
  then,
  midterm,
  today,
  caption,
}: {
  now: StatusSummary;
  then: StatusSummary | null;
  midterm: string | null;
  today: string;
  caption: string;
}) {
  const rows: [string, (x: StatusSummary) => string | number][] = [
    ["Recommendations", (x) => x.total],
    ["Supported", (x) => x.supported],
    [
      "Supported, at least partially implemented",
      (x) => `${x.supportedImplemented} (${percent(x.supportedImplemented, x.supported)})`,
    ],
    ...STATUSES.map(
      (st) => [STATUS_LABELS[st], (x: StatusSummary) => x.byStatus[st]] as [string, (x: StatusSummary) => number],
    ),
  ];
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
              <span className="small">
                {midterm ? `${formatDate(midterm)}${then ? "" : " (not reached yet)"}` : "no date"}
              </span>
            </th>
            <th scope="col">
              Now
              <br />
              <span className="small">{formatDate(today)}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{then ? value(then) : "–"}</td>
              <td>{value(now)}</td>
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
