// The numbers of one dashboard chart as CSV, with the same filters as the page; its words (the header, the
// row labels) in the reader's language, its numbers and months as they are.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv, attachment } from "~/lib/csv";
import { CHARTS, type ChartKey, dashboardTable, localDashboard } from "~/lib/dashboard-tables";
import { loadDashboardFromRequest } from "~/http/filter-request.server";
import { readerLanguage, requestT } from "~/http/language.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const chart = params.chart as ChartKey;
  const t = requestT(request);
  if (!CHARTS.includes(chart))
    throw new Response(t("charts.noChartNamed", { chart: params.chart, charts: CHARTS.join(", ") }), { status: 404 });
  const { lng } = readerLanguage(request);
  const { dashboard } = await loadDashboardFromRequest(request);
  const table = dashboardTable(localDashboard(dashboard, t, lng), chart, t, lng);
  return new Response(toCsv(table.header, table.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(`upr-monitor-${chart}-${dashboard.filter.state}.csv`),
    },
  });
}
