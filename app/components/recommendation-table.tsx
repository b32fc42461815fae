import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { RESPONSE_LABELS } from "~/lib/format";
import type { RecommendationSummary } from "~/lib/recommendation-summary";
import { StatusBadge } from "./status-badge";
import { TableWrap } from "./table-wrap";

/** What every row of a recommendation table has (of the RecommendationSummary every list selects). */
type RecommendationRow = Pick<RecommendationSummary, "id" | "paragraph" | "text">;

/** One column: its header, the cell's label on narrow screens (default: the header), the cell. */
export interface Column<R> {
  header: string;
  label?: string;
  className?: string;
  cell: (row: R) => ReactNode;
}

/**
 * The table of recommendations that review, issue, bulk-assessment and report pages show: one row per
 * recommendation, the columns given (build them with the functions below). On narrow screens each
 * cell shows its label (data-label, styles.css).
 */
export function RecommendationTable<R extends RecommendationRow>(props: {
  caption: ReactNode;
  rows: readonly R[];
  columns: Column<R>[];
  className?: string;
  testId?: string;
  rowAttributes?: (row: R) => Record<string, string>;
}) {
  return (
    <TableWrap>
      {(captionId) => (
        <table
          className={props.className ? `recommendations ${props.className}` : "recommendations"}
          data-testid={props.testId}
        >
          <caption id={captionId}>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id} {...props.rowAttributes?.(r)}>
                {props.columns.map((c) => (
                  <td key={c.header} data-label={c.label ?? c.header} className={c.className}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </TableWrap>
  );
}

/** A tick box named "ids" (the form posts the ticked recommendations' ids). */
export function chooseColumn<R extends RecommendationRow>(defaultChecked?: (row: R) => boolean): Column<R> {
  return {
    header: "Choose",
    cell: (r) => (
      <input
        type="checkbox"
        name="ids"
        value={r.id}
        defaultChecked={defaultChecked?.(r)}
        aria-label={`Choose ${r.paragraph ?? r.id}`}
      />
    ),
  };
}

/** The paragraph, linked to the recommendation's page; `fallback` when it has none. */
export function paragraphColumn<R extends RecommendationRow>(
  options: {
    fallback?: string;
    header?: string;
    linked?: boolean;
    ariaLabel?: boolean;
    below?: (row: R) => ReactNode;
  } = {},
): Column<R> {
  const fallback = options.fallback ?? "—";
  return {
    header: options.header ?? "Paragraph",
    label: "Paragraph",
    cell: (r) =>
      options.linked === false ? (
        (r.paragraph ?? fallback)
      ) : (
        <>
          <Link
            to={`/recommendations/${r.id}`}
            aria-label={options.ariaLabel ? `Recommendation ${r.paragraph ?? r.id}` : undefined}
          >
            {r.paragraph ?? fallback}
          </Link>
          {options.below?.(r)}
        </>
      ),
  };
}

/** The verbatim text. */
export function textColumn<R extends RecommendationRow>(
  after?: (row: R) => ReactNode,
  className: string | undefined = "text",
): Column<R> {
  return {
    header: "Recommendation",
    className,
    cell: (r) => (
      <>
        {r.text}
        {after?.(r)}
      </>
    ),
  };
}

/** The state's response; `plain`: the words only, without the coloured tag. */
export function responseColumn<R extends RecommendationRow & Pick<RecommendationSummary, "response">>(
  plain = false,
): Column<R> {
  return {
    header: "Response",
    cell: (r) =>
      plain ? (
        RESPONSE_LABELS[r.response]
      ) : (
        <span className={`response response-${r.response}`}>{RESPONSE_LABELS[r.response]}</span>
      ),
  };
}

/** The current status, as a badge. */
export function statusColumn<R extends RecommendationRow & Pick<RecommendationSummary, "currentStatus">>(): Column<R> {
  return { header: "Current status", cell: (r) => <StatusBadge status={r.currentStatus} /> };
}
