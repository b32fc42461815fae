// The public dashboard: where things stand and how they moved over the review period.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { Trans, useTranslation } from "react-i18next";
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
  dashboardTable,
  localDashboard,
  percent,
  progressChange,
  progressResponse,
  progressRows,
} from "~/lib/dashboard-tables";
import { issueSmallMultiples } from "~/lib/issue-progress";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { localStateName } from "~/i18n/format";
import { isLanguage } from "~/i18n/languages";
import { pageMeta } from "~/lib/meta";
import { sdgLabel } from "~/lib/sdgs";
import { dashboardFilterOptions } from "~/models/dashboard.server";

// A shared link previews with the headline numbers.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  if (!data) return pageMeta(t, t("dashboard.title"));
  const h = data.dashboard.headline;
  const state = data.dashboard.filter.state;
  const stored = data.options.states.find((s) => s.iso3 === state)?.name ?? "";
  const root = matches.find((m) => m.id === "root")?.data as { lng?: unknown } | undefined;
  const language = isLanguage(root?.lng) ? root.lng : "en";
  const name = localStateName(language, state, stored);
  return pageMeta(
    t,
    t("dashboard.titleState", { state: name }),
    t("dashboard.metaDescription", {
      implemented: h.supportedImplemented,
      supported: h.supported,
      state: name,
      share: percent(h.supportedImplemented, h.supported, language),
      notAssessed: h.notAssessed,
      count: h.total,
    }),
  );
};
export async function loader({ request }: LoaderFunctionArgs) {
  const { dashboard, ignored, query } = await loadDashboardFromRequest(request, { perIssue: true });
  const options = await dashboardFilterOptions(await getDb(), dashboard.filter.state!);
  return { dashboard, ignored, query, options };
}

export default function DashboardPage() {
  const { dashboard: stored, ignored, query, options } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const lng = fmt.lng;
  const d = localDashboard(stored, t, lng);
  const h = d.headline;
  const change = progressChange(d);
  const stateLabel = (iso3: string, name: string) => localStateName(lng, iso3, name);
  const storedName = options.states.find((s) => s.iso3 === d.filter.state)?.name;
  const stateName = storedName ? stateLabel(d.filter.state!, storedName) : d.filter.state;
  const response = progressResponse(d.filter);
  const smallMultiples = issueSmallMultiples(d.issueProgress, d.progress, response, t, lng);
  const table = (key: Parameters<typeof dashboardTable>[1]) => dashboardTable(d, key, t, lng);
  const f = d.filter;
  const fromState = options.recommendingStates.find((s) => s.iso3 === f.from);
  const chosen = [
    stateName,
    f.cycle
      ? t("dashboard.chosen.cycle", { cycle: f.cycle })
      : d.progress
        ? t("dashboard.chosen.chartCycle", { cycle: d.progress.cycle })
        : null,
    f.issue ? <span dir="auto">{options.issues.find((i) => i.slug === f.issue)?.title ?? f.issue}</span> : null,
    f.response ? t(`common.response.${f.response}`) : null,
    f.from
      ? t("dashboard.chosen.from", { state: fromState ? stateLabel(fromState.iso3, fromState.name) : f.from })
      : null,
    f.sdg ? sdgLabel(f.sdg, t) : null,
    f.affected ? t("dashboard.chosen.affected", { affected: f.affected }) : null,
  ].filter((x) => x !== null && x !== undefined && x !== "");
  return (
    <>
      <h1>{t("dashboard.titleState", { state: stateName })}</h1>
      <details className="fold filter-fold" data-testid="filters">
        <summary>
          {t("dashboard.filters")}{" "}
          <span className="muted">
            {chosen.map((c, i) => (
              <Fragment key={i}>
                {i ? " · " : null}
                {c}
              </Fragment>
            ))}
          </span>
        </summary>
        <Form method="get" className="filters" aria-label={t("dashboard.filtersLabel")}>
          <FilterSelect
            name="state"
            label={t("common.stateUnderReview")}
            value={d.filter.state}
            all={null}
            options={options.states.map((s) => ({ value: s.iso3, label: stateLabel(s.iso3, s.name) }))}
          />
          <FilterSelect
            name="cycle"
            label={t("common.cycle")}
            value={d.filter.cycle}
            options={options.cycles.map((c) => ({
              value: c.cycle,
              label: c.hasTexts
                ? t("charts.cycleN", { cycle: c.cycle })
                : t("dashboard.cycleNoTexts", { cycle: c.cycle }),
            }))}
          />
          <FilterSelect
            name="issue"
            label={t("charts.header.issue")}
            value={d.filter.issue}
            options={options.issues.map((i) => ({ value: i.slug, label: i.title, dir: "auto" as const }))}
          />
          <FilterSelect
            name="response"
            label={t("common.response_label")}
            value={d.filter.response}
            options={RESPONSES.map((r) => ({ value: r, label: t(`common.response.${r}`) }))}
          />
          <FilterSelect
            name="from"
            label={t("common.recommendingState")}
            value={d.filter.from}
            options={options.recommendingStates.map((s) => ({ value: s.iso3, label: stateLabel(s.iso3, s.name) }))}
          />
          <button type="submit">{t("common.show")}</button>
        </Form>
      </details>
      {ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          {t("dashboard.ignored")} <span dir="auto">{ignored.join(", ")}</span>.
        </p>
      ) : null}
      {options.cycles.some((c) => c.cycle === d.filter.cycle && !c.hasTexts) ? (
        <p className="warn" data-testid="no-texts">
          {t("dashboard.noTexts", { state: stateName, cycle: d.filter.cycle })}{" "}
          {options.cycles.some((c) => c.hasTexts) ? (
            <Link to={`/dashboard?state=${d.filter.state}`}>{t("dashboard.showLatest")}</Link>
          ) : null}
        </p>
      ) : null}
      <section className="headline" aria-labelledby="headline-heading" data-testid="headline">
        <h2 id="headline-heading" className="visually-hidden">
          {t("dashboard.atAGlance")}
        </h2>
        <p className="big">
          <Trans
            i18nKey={
              h.supportedFullyImplemented ? "dashboard.headline.implementedFully" : "dashboard.headline.implemented"
            }
            count={h.supported}
            values={{
              implemented: fmt.number(h.supportedImplemented),
              supported: fmt.number(h.supported),
              share: percent(h.supportedImplemented, h.supported, lng),
              fully: fmt.number(h.supportedFullyImplemented),
            }}
            components={[
              <strong key="0" data-testid="headline-implemented" />,
              <strong key="1" data-testid="headline-supported" />,
            ]}
          />
        </p>
        <p>
          <Trans
            i18nKey="dashboard.headline.notAssessed"
            count={h.total}
            values={{ notAssessed: fmt.number(h.notAssessed), total: fmt.number(h.total) }}
            components={[<strong key="0" data-testid="headline-not-assessed" />]}
          />
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
                    {t(m.estimated ? "dashboard.milestoneEstimated" : "dashboard.milestone", {
                      label: t(`charts.milestone.${m.key}`),
                      date: fmt.date(m.date),
                    })}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      ) : (
        <p>{t("dashboard.noProgress")}</p>
      )}

      {/* After the chart on a phone's first screen: the change over the period, the definition, the links. */}
      <div className="headline-more">
        {change ? (
          <p data-testid="headline-change">
            <Trans
              i18nKey={`dashboard.change.${response}`}
              values={{
                cycle: d.progress!.cycle,
                from: fmt.number(change.from),
                to: fmt.number(change.to),
                since: fmt.date(change.since),
                month: fmt.month(change.asOf),
              }}
              components={[<strong key="0" />, <strong key="1" />]}
            />
          </p>
        ) : null}
        <p className="muted small" data-testid="definition">
          {t("dashboard.definition")}
        </p>
        {d.atMidterm && d.progress ? (
          <MidtermBenchmark
            stateName={d.progress.stateName}
            date={d.atMidterm.date}
            byResponse={d.atMidterm.byResponse}
          />
        ) : null}
        <p className="muted small">
          <Link to={`/recommendations?${query}`}>{t("dashboard.seeThese")}</Link> ·{" "}
          <a href={`/export.csv?${query}`}>{t("dashboard.exportThese")}</a>
        </p>
      </div>

      <section aria-labelledby="issues-heading">
        <h2 id="issues-heading">{t("dashboard.perIssue")}</h2>
        {d.progress && smallMultiples.items.length ? (
          <>
            <p className="small">
              {smallMultiples.yMax > 0
                ? t(`dashboard.perIssueIntroScale.${response}`, { max: fmt.number(smallMultiples.yMax) })
                : t(`dashboard.perIssueIntro.${response}`)}
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
