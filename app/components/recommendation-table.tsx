import { Link } from "@remix-run/react";
import { textDirection } from "~/i18n/languages";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Response } from "../../db/schema";
import type { RecommendationSummary } from "~/lib/recommendation-summary";
import { StatusBadge } from "./status-badge";
import { TableWrap } from "./table-wrap";

/** What every row of a recommendation table has (of the RecommendationSummary every list selects). */
type RecommendationRow = Pick<RecommendationSummary, "id" | "paragraph" | "text"> & { textLanguage?: string };

/**
 * One column: its header, the cell's label on narrow screens (default: the header), the cell. Header and
 * label are words, or functions of the reader's words (the columns below: the table renders them).
 */
export interface Column<R> {
  header: string | ((t: TFunction) => string);
  label?: string | ((t: TFunction) => string);
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
  const { t } = useTranslation();
  const words = (w: string | ((t: TFunction) => string)) => (typeof w === "function" ? w(t) : w);
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
              {props.columns.map((c, i) => (
                <th key={i} scope="col">
                  {words(c.header)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id} {...props.rowAttributes?.(r)}>
                {props.columns.map((c, i) => (
                  <td key={i} data-label={words(c.label ?? c.header)} className={c.className}>
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
    header: (t) => t("recommendations.column.choose"),
    cell: (r) => <ChooseBox id={r.id} label={r.paragraph ?? String(r.id)} defaultChecked={defaultChecked?.(r)} />,
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
    header: options.header ?? ((t) => t("common.paragraph")),
    label: (t) => t("common.paragraph"),
    cell: (r) =>
      options.linked === false ? (
        (r.paragraph ?? fallback)
      ) : (
        <>
          <ParagraphLink id={r.id} paragraph={r.paragraph} fallback={fallback} ariaLabel={options.ariaLabel} />
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
    header: (t) => t("common.recommendation"),
    className,
    cell: (r) => (
      <>
        <span lang={r.textLanguage ?? "en"} dir={textDirection(r.textLanguage ?? "en")}>
          {r.text}
        </span>
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
    header: (t) => t("common.response_label"),
    cell: (r) => <ResponseLabel response={r.response} plain={plain} />,
  };
}

/** The current status, as a badge. */
export function statusColumn<R extends RecommendationRow & Pick<RecommendationSummary, "currentStatus">>(): Column<R> {
  return { header: (t) => t("filters.currentStatus"), cell: (r) => <StatusBadge status={r.currentStatus} /> };
}

/** A state's response in the reader's words; `plain`: without the coloured tag. */
export function ResponseLabel({ response, plain = false }: { response: Response; plain?: boolean }) {
  const { t } = useTranslation();
  const words = t(`common.response.${response}`);
  return plain ? <>{words}</> : <span className={`response response-${response}`}>{words}</span>;
}

function ChooseBox(props: { id: number; label: string; defaultChecked?: boolean }) {
  const { t } = useTranslation();
  return (
    <input
      type="checkbox"
      name="ids"
      value={props.id}
      defaultChecked={props.defaultChecked}
      aria-label={t("recommendations.column.chooseOne", { paragraph: props.label })}
    />
  );
}

function ParagraphLink(props: { id: number; paragraph: string | null; fallback: string; ariaLabel?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link
      to={`/recommendations/${props.id}`}
      aria-label={
        props.ariaLabel
          ? t("recommendations.column.recommendationN", { paragraph: props.paragraph ?? props.id })
          : undefined
      }
    >
      {props.paragraph ?? props.fallback}
    </Link>
  );
}
