// A printable mid-term report of one review: per coalition issue, the numbers, the progress chart and
// the recommendations with their status and evidence. Print it from the browser (print stylesheet).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STATUSES } from "../../db/schema";
import { ClientOnly } from "~/components/charts/client-only";
import { ProgressArea } from "~/components/charts/progress-area";
import { paragraphColumn, RecommendationTable, responseColumn, textColumn } from "~/components/recommendation-table";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { todayUtc } from "~/lib/dates";
import { percent } from "~/lib/dashboard-tables";
import { formatDate, STATUS_LABELS } from "~/lib/format";
import type { ReviewPeriod } from "~/lib/review-period";
import { loadMidtermReport, type ReportSection } from "~/models/report.server";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Mid-term report: ${data.report.review.stateName}, cycle ${data.report.review.cycle}`
      : "Mid-term report: UPR Monitor",
  },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const report = await loadMidtermReport(await getDb(), parsed.data.reviewId);
  if (!report) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  return { report, today: todayUtc() };
}

export default function MidtermReportPage() {
  const { report, today } = useLoaderData<typeof loader>();
  const { review, period } = report;
  const withLinks = report.issues.filter((s) => s.recommendations.length > 0);
  const without = report.issues.filter((s) => s.recommendations.length === 0);
  return (
    <article className="report">
      <p className="crumbs no-print">
        <Link to="/">Reviews</Link> / <Link to={`/reviews/${review.id}`}>Cycle {review.cycle}</Link> / Mid-term report ·{" "}
        <PrintButton />
      </p>
      <h1>
        {review.stateName}: implementation of the recommendations of the UPR review of cycle {review.cycle}
      </h1>
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
      <Section section={report.overall} period={period} id="overall" showTable={false} today={today} />
      <p>
        {report.unlinked} of {report.overall.headline.total} recommendations are linked to no coalition issue.
        {without.length ? ` No recommendation is linked yet to: ${without.map((s) => s.title).join("; ")}.` : ""}
      </p>
      {withLinks.map((s) => (
        <Section key={s.slug} section={s} period={period} id={s.slug!} showTable today={today} />
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
}: {
  section: ReportSection;
  period: ReviewPeriod | null;
  id: string;
  showTable: boolean;
  today: string;
}) {
  const h = s.headline;
  // Months up to today's month: the rest of the period is still to come.
  const points = s.points.filter((p) => p.month.slice(0, 7) <= today.slice(0, 7));
  const last = points.at(-1);
  return (
    <section className="report-section" aria-labelledby={`h-${id}`} data-testid={`report-${id}`}>
      <h2 id={`h-${id}`}>{s.title}</h2>
      {s.description ? <p className="muted">{s.description}</p> : null}
      <table className="numbers summary">
        <caption>Summary</caption>
        <tbody>
          <tr>
            <th scope="row">Recommendations</th>
            <td>{h.total}</td>
          </tr>
          <tr>
            <th scope="row">Supported</th>
            <td>{h.supported}</td>
          </tr>
          <tr>
            <th scope="row">Supported, at least partially implemented</th>
            <td>
              {h.supportedImplemented} ({percent(h.supportedImplemented, h.supported)})
            </td>
          </tr>
          {STATUSES.map((st) => (
            <tr key={st}>
              <th scope="row">{STATUS_LABELS[st]}</th>
              <td>{h.byStatus[st]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {period && points.length ? (
        <figure className="chart">
          <figcaption>Status at the end of each month{last ? `, to ${formatDate(last.month)}` : ""}</figcaption>
          <div className="chart-area" aria-hidden="true">
            <ClientOnly fallback={<p className="muted small">The chart draws here when JavaScript runs.</p>}>
              {() => (
                <ProgressArea
                  id={`p-${id}`}
                  rows={points.map((p) => ({ month: p.month, ...p.counts }))}
                  milestones={period.milestones}
                />
              )}
            </ClientOnly>
          </div>
        </figure>
      ) : null}
      {showTable ? (
        <RecommendationTable
          className="report-table"
          caption="Recommendations linked to this issue"
          rows={s.recommendations}
          columns={[
            paragraphColumn({ header: "¶", linked: false }),
            textColumn<(typeof s.recommendations)[number]>(
              (r) =>
                r.recommendingStates.some((name) => !r.text.includes(name.split(" (")[0]!)) ? (
                  <span className="muted small"> (recommended by {r.recommendingStates.join(", ")})</span>
                ) : null,
              undefined,
            ),
            responseColumn(true),
            {
              header: "Status",
              cell: (r) => (
                <>
                  <StatusBadge status={r.status} />
                  {r.asOf ? <span className="small"> as of {formatDate(r.asOf)}</span> : null}
                </>
              ),
            },
            {
              header: "Evidence",
              className: "pre",
              cell: (r) => (
                <>
                  {r.evidence ? `${r.evidence}${r.organisation ? ` (${r.organisation})` : ""}` : "—"}
                  {r.isSample ? <strong className="sample-tag"> Sample data, not a real assessment.</strong> : null}
                </>
              ),
            },
          ]}
        />
      ) : null}
    </section>
  );
}

function PrintButton() {
  return (
    <button type="button" className="link" onClick={() => window.print()}>
      Print this report
    </button>
  );
}
