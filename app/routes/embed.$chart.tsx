// One dashboard chart alone, for another site's iframe: /embed/progress?state=KEN&issue=...
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartFigure } from "~/components/charts/chart-figure";
import { DashboardChart } from "~/components/charts/dashboard-chart";
import { CHARTS, type ChartKey, dashboardTable } from "~/lib/dashboard-tables";
import { loadDashboardFromRequest } from "~/http/filter-request.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(metaT(matches), data ? dashboardTable(data.dashboard, data.chart).caption : "Chart");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const chart = params.chart as ChartKey;
  if (!CHARTS.includes(chart) || chart === "issues")
    throw new Response("There is no such chart.", { status: 404, statusText: "Not Found" });
  const { dashboard, query } = await loadDashboardFromRequest(request);
  return { chart, dashboard, query };
}

export default function EmbeddedChart() {
  const { chart, dashboard, query } = useLoaderData<typeof loader>();
  return (
    <ChartFigure
      table={dashboardTable(dashboard, chart)}
      query={query}
      embed
      chart={() => <DashboardChart dashboard={dashboard} chart={chart} />}
    />
  );
}
