// The numbers of one dashboard chart as CSV, with the same filters as the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv, attachment } from "~/lib/csv";
import { CHARTS, type ChartKey, dashboardTable } from "~/lib/dashboard-tables";
import { loadDashboardFromRequest } from "~/http/filter-request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const chart = params.chart as ChartKey;
  if (!CHARTS.includes(chart))
    throw new Response(`There is no chart "${params.chart}". Charts: ${CHARTS.join(", ")}.`, { status: 404 });
  const { dashboard } = await loadDashboardFromRequest(request);
  const table = dashboardTable(dashboard, chart);
  return new Response(toCsv(table.header, table.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(`upr-monitor-${chart}-${dashboard.filter.state}.csv`),
    },
  });
}
