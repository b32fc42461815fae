import type { ReactNode } from "react";
import { emptyChartMessage, type NumberTable } from "~/lib/dashboard-tables";
import { ClientOnly } from "./client-only";
import { NumberTableView } from "./number-table";

/** A chart in a figure with its caption, the same numbers as a table, and links to its CSV and embed. */
export function ChartFigure(props: {
  table: NumberTable;
  query: string;
  chart: () => ReactNode;
  embed?: boolean;
  note?: ReactNode;
  collapseTable?: boolean;
}) {
  const qs = props.query ? `?${props.query}` : "";
  const empty = emptyChartMessage(props.table);
  if (empty)
    return (
      <figure className="chart chart-empty" data-chart={props.table.key}>
        <figcaption>{props.table.caption}</figcaption>
        <p className="empty-message" data-testid={`empty-${props.table.key}`}>
          {empty}
        </p>
      </figure>
    );
  return (
    <figure className="chart" data-chart={props.table.key}>
      <figcaption>{props.table.caption}</figcaption>
      <div className="chart-area" data-testid={`chart-${props.table.key}`} aria-hidden="true">
        <ClientOnly
          fallback={
            <p className="muted small">
              The chart draws here when JavaScript runs; the table below has the same numbers.
            </p>
          }
        >
          {props.chart}
        </ClientOnly>
      </div>
      {props.note}
      {props.embed ? null : props.collapseTable ? (
        <details className="table-details">
          <summary>The same numbers as a table ({props.table.rows.length} rows)</summary>
          <NumberTableView table={props.table} testId={`table-${props.table.key}`} />
        </details>
      ) : (
        <NumberTableView table={props.table} testId={`table-${props.table.key}`} />
      )}
      <p className="chart-links small">
        <a href={`/dashboard/${props.table.key}.csv${qs}`} download>
          Download these numbers (CSV)
        </a>
        {props.embed ? (
          <>
            {" · "}
            <a href={`/dashboard${qs}`} target="_top">
              UPR Monitor
            </a>
          </>
        ) : (
          <>
            {" · "}
            <a href={`/embed/${props.table.key}${qs}`}>Embed this chart</a>
          </>
        )}
      </p>
    </figure>
  );
}
