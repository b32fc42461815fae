import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { emptyChartMessage, type NumberTable } from "~/lib/dashboard-tables";
import { ClientOnly } from "./client-only";
import { CaptionText, NumberTableView } from "./number-table";

/** A chart in a figure with its caption, the same numbers as a table, and links to its CSV and embed. */
export function ChartFigure(props: {
  table: NumberTable;
  query: string;
  chart: () => ReactNode;
  embed?: boolean;
  note?: ReactNode;
  collapseTable?: boolean;
  /** Names the chart's and table's test ids when one page shows several charts of the same kind. */
  testKey?: string;
  className?: string;
  /** The figure's caption, when it is not the table's (the table keeps its own, for screen readers). */
  caption?: ReactNode;
  /** What an empty chart says, when the general message would not be true here. */
  emptyMessage?: string;
}) {
  const { t } = useTranslation();
  const qs = props.query ? `?${props.query}` : "";
  const testKey = props.testKey ?? props.table.key;
  const className = props.className ? `chart ${props.className}` : "chart";
  const general = emptyChartMessage(props.table, t);
  const empty = general && (props.emptyMessage ?? general);
  if (empty)
    return (
      <figure className={`${className} chart-empty`} data-chart={props.table.key}>
        <figcaption>
          {props.caption ?? <CaptionText caption={props.table.caption} data={props.table.captionData} />}
        </figcaption>
        {props.note}
        <p className="empty-message" data-testid={`empty-${testKey}`}>
          {empty}
        </p>
      </figure>
    );
  return (
    <figure className={className} data-chart={props.table.key}>
      <figcaption>
        {props.caption ?? <CaptionText caption={props.table.caption} data={props.table.captionData} />}
      </figcaption>
      {props.note}
      <div className="chart-area" data-testid={`chart-${testKey}`} aria-hidden="true">
        <ClientOnly fallback={<p className="muted small">{t("charts.noScript")}</p>}>{props.chart}</ClientOnly>
      </div>
      {props.embed ? null : props.collapseTable ? (
        <details className="table-details">
          <summary>{t("charts.sameNumbers", { count: props.table.rows.length })}</summary>
          <NumberTableView table={props.table} testId={`table-${testKey}`} />
        </details>
      ) : (
        <NumberTableView table={props.table} testId={`table-${testKey}`} />
      )}
      <p className="chart-links small">
        <a href={`/dashboard/${props.table.key}.csv${qs}`} download>
          {t("charts.downloadCsv")}
        </a>
        {props.embed ? (
          <>
            {" · "}
            <a href={`/dashboard${qs}`} target="_top">
              {t("common.siteName")}
            </a>
          </>
        ) : (
          <>
            {" · "}
            <a href={`/embed/${props.table.key}${qs}`}>{t("charts.embed")}</a>
          </>
        )}
      </p>
    </figure>
  );
}
