// One dashboard chart alone, for another site's iframe: /embed/progress?state=KEN&issue=...
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChartFigure } from "~/components/charts/chart-figure";
import { DashboardChart } from "~/components/charts/dashboard-chart";
import { CHARTS, type ChartKey, dashboardTable, localDashboard } from "~/lib/dashboard-tables";
import { loadDashboardFromRequest } from "~/http/filter-request.server";
import { readerLanguage, requestT } from "~/http/language.server";
import { useLanguage } from "~/i18n/hooks";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return pageMeta(t, data ? data.caption : t("charts.chart"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const chart = params.chart as ChartKey;
  const t = requestT(request);
  if (!CHARTS.includes(chart) || chart === "issues")
    throw new Response(t("charts.noSuchChart"), { status: 404, statusText: "Not Found" });
  const { dashboard, query } = await loadDashboardFromRequest(request);
  const { lng } = readerLanguage(request);
  // The page's title: the chart's caption in the reader's language.
  const caption = dashboardTable(localDashboard(dashboard, t, lng), chart, t, lng).caption;
  return { chart, dashboard, query, caption };
}

export default function EmbeddedChart() {
  const { chart, dashboard: stored, query } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const dashboard = localDashboard(stored, t, lng);
  return (
    <ChartFigure
      table={dashboardTable(dashboard, chart, t, lng)}
      query={query}
      embed
      chart={() => <DashboardChart dashboard={dashboard} chart={chart} />}
    />
  );
}
