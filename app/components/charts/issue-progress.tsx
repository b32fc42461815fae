import { Link } from "@remix-run/react";
import { STATUSES } from "../../../db/schema";
import type { Milestone } from "~/lib/review-period";
import type { IssueSmallMultiple } from "~/lib/issue-progress";
import { useTranslation } from "react-i18next";
import { ChartFigure } from "./chart-figure";
import { STATUS_COLOURS } from "./palette";
import { ProgressArea } from "./progress-area";

/** The dashboard's query with the issue set to `slug` (so each small chart's CSV and embed are that issue's). */
function withIssue(query: string, slug: string): string {
  const params = new URLSearchParams(query);
  params.set("issue", slug);
  return params.toString();
}

/** One key for every small chart (they draw no legend of their own), most implemented first. */
function StatusKey() {
  const { t } = useTranslation();
  return (
    <ul className="status-key small" aria-label={t("charts.statusColours")}>
      {[...STATUSES].reverse().map((s) => (
        <li key={s}>
          <span className="swatch" style={{ background: STATUS_COLOURS[s] }} aria-hidden="true" />
          {t(`common.status.${s}`)}
        </li>
      ))}
    </ul>
  );
}

/**
 * Small multiples: one progress chart per coalition issue, on the same y scale and months, each with
 * its numbers in words, the same numbers as a table, and a link to the issue's page.
 */
export function IssueSmallMultiples(props: {
  items: IssueSmallMultiple[];
  yMax: number;
  milestones: Milestone[];
  query: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <StatusKey />
      <div className="small-multiples" data-testid="issue-small-multiples">
        {props.items.map((item) => (
          <ChartFigure
            key={item.slug}
            className="small-multiple"
            testKey={`issue-progress-${item.slug}`}
            table={item.table}
            query={withIssue(props.query, item.slug)}
            collapseTable
            emptyMessage={t("charts.empty.issueSmall")}
            caption={
              <>
                <Link to={`/issues/${item.slug}`} className="small-multiple-title" dir="auto">
                  {item.title}
                </Link>
                <span className="small-multiple-numbers" data-testid={`issue-progress-summary-${item.slug}`}>
                  {item.summary}
                </span>
              </>
            }
            chart={() =>
              item.total === 0 ? null : (
                <ProgressArea
                  id={`issue-${item.slug}`}
                  rows={item.rows}
                  milestones={props.milestones}
                  height={150}
                  yMax={props.yMax}
                  compact
                />
              )
            }
          />
        ))}
      </div>
    </>
  );
}
