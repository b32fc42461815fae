// The OHCHR-style UPR matrix of the filtered recommendations, printable: grouped by theme (or by
// coalition issue, ?by=issue), with the columns Recommendation | Position | Full list of themes |
// Assessment/comments on level of implementation. A recommendation with several themes appears under
// each one, as in OHCHR's matrices. Same filters as the recommendation list; unknown values are
// dropped and named, as there.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import type { Status } from "../../db/schema";
import { filterFromRequest } from "~/http/filter-request.server";
import { readerLanguage, requestT } from "~/http/language.server";
import { localStateName } from "~/i18n/format";
import { useFormat } from "~/i18n/hooks";
import { metaT } from "~/i18n/i18n";
import { todayUtc } from "~/lib/dates";
import { matrixRecommendation, parseMatrixGrouping } from "~/lib/export-format";
import { pageMeta } from "~/lib/meta";
import { filterToSearchParams, FILTER_KEYS, type RecommendationFilter } from "~/lib/recommendation-filter";
import { loadMatrix } from "~/models/export.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return pageMeta(t, data?.title ?? t("exports.matrix.metaTitle"));
};

/** The matrix columns of OHCHR's layout, in the reader's language (MATRIX_COLUMNS in English). */
const COLUMN_KEYS = ["recommendation", "position", "themes", "assessment"] as const;

function matrixTitle(t: TFunction, stateNames: string[], filter: RecommendationFilter): string {
  const who =
    stateNames.length === 1
      ? stateNames[0]
      : stateNames.length === 0
        ? null
        : t("exports.matrix.states", { count: stateNames.length });
  const parts = [who, filter.cycle ? t("common.cycleN", { cycle: filter.cycle }) : null].filter(Boolean);
  const title = filter.kind === "pledge" ? t("exports.matrix.titlePledges") : t("exports.matrix.title");
  return parts.length ? t("exports.matrix.titleOf", { title, parts: parts.join(", ") }) : title;
}

/** The issue's title of a group heading "Coalition issue: <title>" (app/lib/export-format.ts matrixGroups). */
const ISSUE_HEADING = "Coalition issue: ";

export async function loader({ request }: LoaderFunctionArgs) {
  const t = requestT(request);
  const { db, filter, ignored, url } = await filterFromRequest(request);
  const by = parseMatrixGrouping(url.searchParams.get("by"));
  if (by.ignored) ignored.push(by.ignored);
  const matrix = await loadMatrix(db, filter, by.grouping);
  const query = filterToSearchParams(filter);
  const csvQuery = new URLSearchParams(query);
  csvQuery.set("by", by.grouping);
  // The filters the title does not name (state and cycle are in it), for the reader of a printed copy.
  const otherFilters = [...query].filter(([k]) => k !== "state" && k !== "cycle").map(([k, v]) => `${k} ${v}`);
  const common = {
    filter,
    ignored,
    otherFilters,
    grouping: by.grouping,
    query: query.toString(),
    csvHref: `/export/matrix.csv?${csvQuery}`,
    generatedOn: todayUtc(),
  };
  if (!matrix.ok)
    return {
      ...common,
      title: matrixTitle(t, [], filter),
      tooMany: { total: matrix.total, limit: matrix.limit },
      groups: [],
      total: matrix.total,
    };
  return {
    ...common,
    // One state under review, asked by its ISO code: its name in the reader's language.
    title: matrixTitle(
      t,
      matrix.stateNames.length === 1 && filter.state && /^[A-Z]{3}$/.test(filter.state)
        ? [localStateName(readerLanguage(request).lng, filter.state, matrix.stateNames[0]!)]
        : matrix.stateNames,
      filter,
    ),
    tooMany: null,
    total: matrix.total,
    groups: matrix.groups.map((g) => ({
      key: g.key,
      /** The theme's label or the issue's title, as stored ("" for the group without one). */
      name:
        g.key === ""
          ? ""
          : by.grouping === "issue" && g.heading.startsWith(ISSUE_HEADING)
            ? g.heading.slice(ISSUE_HEADING.length)
            : g.key,
      rows: g.rows.map((r) => ({
        id: r.id,
        recommendation: matrixRecommendation(r),
        kind: r.kind,
        response: r.response,
        themes: r.themes,
        status: r.currentStatus,
        asOf: r.currentAsOf,
        organisation: r.organisation,
        evidence: r.evidence?.trim() || null,
      })),
    })),
  };
}

const PRINT_CSS = `
table.matrix th.group { background: #e8eef5; font-size: 1rem; }
table.matrix td { font-size: 0.95rem; }
table.matrix ul { margin: 0; padding-left: 1rem; }
@media print {
  .no-print, .site-footer, .sample-banner { display: none; }
  main { max-width: none; padding: 0; }
  table.matrix { font-size: 9pt; }
  table.matrix thead { display: table-header-group; }
  table.matrix tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}`;

export default function MatrixPage() {
  const d = useLoaderData<typeof loader>();
  const hidden = FILTER_KEYS.filter(
    (k) => d.filter[k] !== undefined && !(k === "kind" && d.filter.kind === "recommendation"),
  );
  const { t } = useTranslation();
  const f = useFormat();
  const listHref = `/recommendations${d.query ? `?${d.query}` : ""}`;
  return (
    <>
      <style>{PRINT_CSS}</style>
      <h1>{d.title}</h1>
      <p className="muted">
        {d.grouping === "theme" ? t("exports.matrix.layoutTheme") : t("exports.matrix.layoutIssue")}{" "}
        {t("exports.matrix.countStatus", {
          recommendations: t("exports.matrix.recommendations", { count: d.total, n: f.number(d.total) }),
          date: f.date(d.generatedOn),
        })}
        {d.otherFilters.length ? (
          <>
            {" "}
            {t("exports.matrix.selectedBy")}
            <code>{d.otherFilters.join(", ")}</code>.
          </>
        ) : null}
      </p>
      {d.ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          {t("exports.matrix.ignored")}
          <code>{d.ignored.join(", ")}</code>.
        </p>
      ) : null}
      <Form method="get" className="filters no-print" aria-label={t("exports.matrix.layoutLabel")}>
        {hidden.map((k) => (
          <input key={k} type="hidden" name={k} value={String(d.filter[k])} />
        ))}
        <label>
          {t("exports.matrix.groupBy")}
          <select name="by" defaultValue={d.grouping}>
            <option value="theme">{t("exports.matrix.byTheme")}</option>
            <option value="issue">{t("exports.matrix.byIssue")}</option>
          </select>
        </label>
        <button type="submit">{t("common.show")}</button>
      </Form>
      <p className="no-print">
        <a href={d.csvHref} download>
          {t("exports.matrix.downloadCsv")}
        </a>{" "}
        · <a href={`/export.csv${d.query ? `?${d.query}` : ""}`}>{t("exports.matrix.fullExport")}</a> ·{" "}
        <Link to={listHref}>{t("exports.matrix.backToList")}</Link> · {t("exports.matrix.toPrint")}
      </p>

      {d.tooMany ? (
        <p className="warn" role="status" data-testid="too-many">
          <Trans
            i18nKey="exports.matrix.tooMany"
            values={{ total: f.number(d.tooMany.total), limit: f.number(d.tooMany.limit) }}
            components={[<Link key="0" to={listHref} />]}
          />
        </p>
      ) : d.groups.length === 0 ? (
        <p role="status">{t("exports.matrix.none")}</p>
      ) : (
        <TableWrap label={t("exports.matrix.tableLabel")}>
          <table className="matrix" data-testid="matrix">
            <thead>
              <tr>
                {COLUMN_KEYS.map((c) => (
                  <th key={c} scope="col">
                    {t(`exports.matrix.column.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            {d.groups.map((g) => (
              <tbody key={g.key || "none"} data-group={g.key}>
                <tr>
                  <th className="group" colSpan={4} scope="rowgroup">
                    {g.key === "" ? (
                      d.grouping === "theme" ? (
                        t("exports.matrix.noTheme")
                      ) : (
                        t("exports.matrix.noIssue")
                      )
                    ) : d.grouping === "theme" ? (
                      <>
                        {t("exports.matrix.themeHeading")}
                        <span lang="en">{g.name}</span>
                      </>
                    ) : (
                      <>
                        {t("exports.matrix.issueHeading")}
                        <span dir="auto">{g.name}</span>
                      </>
                    )}{" "}
                    ({f.number(g.rows.length)})
                  </th>
                </tr>
                {g.rows.map((r) => (
                  <tr key={r.id}>
                    <td className="text">
                      <Link to={`/recommendations/${r.id}`} lang="en">
                        {r.recommendation}
                      </Link>
                    </td>
                    <td>
                      <span className={`response response-${r.response}`}>
                        {r.kind === "pledge" ? t("exports.pledge") : t(`common.response.${r.response}`)}
                      </span>
                    </td>
                    <td>
                      {r.themes.length ? (
                        <ul lang="en">
                          {r.themes.map((theme) => (
                            <li key={theme}>{theme}</li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                    <td data-status={r.status}>
                      <MatrixAssessment row={r} />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </TableWrap>
      )}
    </>
  );
}

/** "Partially implemented (as of 6 May 2012; Stop the Traffik Kenya). Evidence…" or "Not assessed". */
function MatrixAssessment({
  row,
}: {
  row: {
    status: Status;
    asOf: string | null;
    organisation: string | null;
    evidence: string | null;
  };
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const status = t(`common.status.${row.status}`);
  if (row.status === "not_assessed") return <>{status}</>;
  const asOf = row.asOf ? t("report.asOf", { date: f.date(row.asOf) }) : null;
  return (
    <>
      {status}
      {asOf || row.organisation ? (
        <>
          {" "}
          ({asOf}
          {asOf && row.organisation ? "; " : null}
          {row.organisation ? <span dir="auto">{row.organisation}</span> : null})
        </>
      ) : null}
      {row.evidence ? (
        <>
          . <span dir="auto">{row.evidence}</span>
        </>
      ) : null}
    </>
  );
}
