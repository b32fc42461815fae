// The public dashboard: where things stand and how they moved over the review period.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RESPONSES } from "../../db/schema";
import { ChartFigure } from "~/components/charts/chart-figure";
import { DashboardChart } from "~/components/charts/dashboard-chart";
import { IssueSmallMultiples } from "~/components/charts/issue-progress";
import { NumberTableView } from "~/components/charts/number-table";
import { ProgressNotes } from "~/components/charts/progress-notes";
import { FilterSelect } from "~/components/filter-select";
import { MidtermBenchmark } from "~/components/midterm-benchmark";
import { loadDashboardFromRequest } from "~/http/filter-request.server";
import { getDb } from "~/db.server";
import {
  AT_LEAST_PARTIALLY_DEFINITION,
  dashboardTable,
  percent,
  progressChange,
  progressResponse,
  progressRows,
} from "~/lib/dashboard-tables";
import { formatDate, formatMonth, RESPONSE_LABELS, RESPONSE_WORDS } from "~/lib/format";
import { issueSmallMultiples } from "~/lib/issue-progress";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { sdgLabel } from "~/lib/sdgs";
import { dashboardFilterOptions } from "~/models/dashboard.server";

// A shared link previews with the headline numbers.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return pageMeta(metaT(matches), "Progress dashboard");
  const h = data.dashboard.headline;
  const name = data.options.states.find((s) => s.iso3 === data.dashboard.filter.state)?.name ?? "";
  return pageMeta(
    metaT(matches),
    `Progress dashboard: ${name}`,
    `${h.supportedImplemented} of ${h.supported} supported recommendations to ${name} (${percent(h.supportedImplemented, h.supported)}) are at least partially implemented; ${h.notAssessed} of ${h.total} have no assessment yet.`,
  );
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { dashboard, ignored, query } = await loadDashboardFromRequest(request, { perIssue: true });
  const options = await dashboardFilterOptions(await getDb(), dashboard.filter.state!);
  return { dashboard, ignored, query, options };
}

export default function DashboardPage() {
  const { dashboard: d, ignored, query, options } = useLoaderData<typeof loader>();
  const h = d.headline;
  const change = progressChange(d);
  const stateName = options.states.find((s) => s.iso3 === d.filter.state)?.name ?? d.filter.state;
  const smallMultiples = issueSmallMultiples(d.issueProgress, d.progress, progressResponse(d.filter));
  const table = (key: Parameters<typeof dashboardTable>[1]) => dashboardTable(d, key);
  const f = d.filter;
  const chosen = [
    stateName,
    f.cycle ? `Cycle ${f.cycle}` : d.progress ? `Cycle ${d.progress.cycle} (chart)` : null,
    f.issue ? (options.issues.find((i) => i.slug === f.issue)?.title ?? f.issue) : null,
    f.response ? RESPONSE_LABELS[f.response] : null,
    f.from ? `Recommended by ${options.recommendingStates.find((s) => s.iso3 === f.from)?.name ?? f.from}` : null,
    f.sdg ? sdgLabel(f.sdg) : null,
    f.affected ? `Affected persons: ${f.affected}` : null,
  ].filter((x): x is string => Boolean(x));
  return (
    <>
      <h1>Progress dashboard: {stateName}</h1>
      <details className="fold filter-fold" data-testid="filters">
        <summary>
          Filters: <span className="muted">{chosen.join(" · ")}</span>
        </summary>
        <Form method="get" className="filters" aria-label="Filters">
          <FilterSelect
            name="state"
            label="State under review"
            value={d.filter.state}
            all={null}
            options={options.states.map((s) => ({ value: s.iso3, label: s.name }))}
          />
          <FilterSelect
            name="cycle"
            label="Cycle"
            value={d.filter.cycle}
            options={options.cycles.map((c) => ({
              value: c.cycle,
              label: c.hasTexts ? `Cycle ${c.cycle}` : `Cycle ${c.cycle} (texts not imported yet)`,
            }))}
          />
          <FilterSelect
            name="issue"
            label="Coalition issue"
            value={d.filter.issue}
            options={options.issues.map((i) => ({ value: i.slug, label: i.title }))}
          />
          <FilterSelect
            name="response"
            label="Response"
            value={d.filter.response}
            options={RESPONSES.map((r) => ({ value: r, label: RESPONSE_LABELS[r] }))}
          />
          <FilterSelect
            name="from"
            label="Recommending state"
            value={d.filter.from}
            options={options.recommendingStates.map((s) => ({ value: s.iso3, label: s.name }))}
          />
          <button type="submit">Show</button>
        </Form>
      </details>
      {ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          Ignored unknown filter values: {ignored.join(", ")}.
        </p>
      ) : null}
      {options.cycles.some((c) => c.cycle === d.filter.cycle && !c.hasTexts) ? (
        <p className="warn" data-testid="no-texts">
          The recommendations of {stateName}'s cycle {d.filter.cycle} review are not imported yet, so there is nothing
          to count.{" "}
          {options.cycles.some((c) => c.hasTexts) ? (
            <Link to={`/dashboard?state=${d.filter.state}`}>Show the latest review that holds them</Link>
          ) : null}
        </p>
      ) : null}
      <section className="headline" aria-labelledby="headline-heading" data-testid="headline">
        <h2 id="headline-heading" className="visually-hidden">
          At a glance
        </h2>
        <p className="big">
          <strong data-testid="headline-implemented">{h.supportedImplemented}</strong> of{" "}
          <strong data-testid="headline-supported">{h.supported}</strong> supported recommendations (
          {percent(h.supportedImplemented, h.supported)}) are at least partially implemented
          {h.supportedFullyImplemented ? `, ${h.supportedFullyImplemented} of them fully` : ""}.
        </p>
        <p>
          <strong data-testid="headline-not-assessed">{h.notAssessed}</strong> of {h.total} recommendations have no
          assessment yet.
        </p>
      </section>

      {d.progress ? (
        <ChartFigure
          table={table("progress")}
          query={query}
          collapseTable
          chart={() => <DashboardChart dashboard={d} chart="progress" />}
          note={
            <>
              <ProgressNotes rows={progressRows(d)} period={d.progress.period} />
              <ul className="milestones small">
                {d.progress.period.milestones.map((m) => (
                  <li key={m.key}>
                    {m.label}: {formatDate(m.date)}
                    {m.estimated ? " (estimated)" : ""}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      ) : (
        <p>No review with a date holds recommendations for this choice, so there is no progress to show.</p>
      )}

      {/* After the chart on a phone's first screen: the change over the period, the definition, the links. */}
      <div className="headline-more">
        {change ? (
          <p data-testid="headline-change">
            {RESPONSE_LABELS[progressResponse(d.filter)]} recommendations of cycle {d.progress!.cycle} at least
            partially implemented: <strong>{change.from}</strong> at the start of the period ({formatDate(change.since)}
            ), <strong>{change.to}</strong> at the end of {formatMonth(change.asOf)}.
          </p>
        ) : null}
        <p className="muted small" data-testid="definition">
          {AT_LEAST_PARTIALLY_DEFINITION}
        </p>
        {d.atMidterm && d.progress ? (
          <MidtermBenchmark
            stateName={d.progress.stateName}
            date={d.atMidterm.date}
            byResponse={d.atMidterm.byResponse}
          />
        ) : null}
        <p className="muted small">
          <Link to={`/recommendations?${query}`}>See these recommendations</Link> ·{" "}
          <a href={`/export.csv?${query}`}>Export them (CSV)</a>
        </p>
      </div>

      <section aria-labelledby="issues-heading">
        <h2 id="issues-heading">Per coalition issue</h2>
        {d.progress && smallMultiples.items.length ? (
          <>
            <p className="small">
              The status of the {RESPONSE_WORDS[progressResponse(d.filter)]} recommendations linked to each issue at the
              end of each month of the same period
              {smallMultiples.yMax > 0 ? `, on the same scale (0 to ${smallMultiples.yMax} recommendations)` : ""}. Each
              issue's page shows its chart large.
            </p>
            <IssueSmallMultiples
              items={smallMultiples.items}
              yMax={smallMultiples.yMax}
              milestones={d.progress.period.milestones}
              query={query}
            />
          </>
        ) : null}
        <NumberTableView table={table("issues")} testId="table-issues" />
      </section>

      <div className="chart-grid">
        <ChartFigure
          table={table("responses-by-cycle")}
          query={query}
          chart={() => <DashboardChart dashboard={d} chart="responses-by-cycle" />}
        />
        <ChartFigure
          table={table("responses-by-issue")}
          query={query}
          chart={() => <DashboardChart dashboard={d} chart="responses-by-issue" />}
        />
        <ChartFigure
          table={table("responses-by-group")}
          query={query}
          chart={() => <DashboardChart dashboard={d} chart="responses-by-group" />}
        />
        <ChartFigure
          table={table("responses-by-sdg")}
          query={query}
          chart={() => <DashboardChart dashboard={d} chart="responses-by-sdg" />}
        />
        <ChartFigure
          table={table("top-recommending-states")}
          query={query}
          chart={() => <DashboardChart dashboard={d} chart="top-recommending-states" />}
        />
      </div>
    </>
  );
}
