import type { ChartKey } from "~/lib/dashboard-tables";
import { progressRows } from "~/lib/dashboard-tables";
import type { Dashboard } from "~/lib/dashboard-types";
import { progressScale } from "~/lib/progress-scale";
import { ProgressArea } from "./progress-area";
import { ResponseBars } from "./response-bars";

/** The chart drawn for each table of the dashboard (the issues table has no chart of its own). */
export function DashboardChart({ dashboard: d, chart }: { dashboard: Dashboard; chart: ChartKey }) {
  switch (chart) {
    case "responses-by-cycle":
      return <ResponseBars id={chart} rows={d.byCycle} />;
    case "responses-by-issue":
      return <ResponseBars id={chart} rows={d.byIssue} horizontal />;
    case "responses-by-group":
      return <ResponseBars id={chart} rows={d.byGroup} horizontal />;
    case "responses-by-sdg":
      return <ResponseBars id={chart} rows={d.bySdg} horizontal />;
    case "top-recommending-states":
      return <ResponseBars id={chart} rows={d.topStates} horizontal />;
    case "progress": {
      const rows = progressRows(d);
      // assessedOnly only: the chart draws no words of progressScale's.
      return d.progress ? (
        <ProgressArea
          id={chart}
          rows={rows}
          milestones={d.progress.period.milestones}
          assessedOnly={progressScale(rows).assessedOnly}
        />
      ) : null;
    }
    case "issues":
      return null;
  }
}
