// The OHCHR-style UPR matrix of the filtered recommendations, printable: grouped by theme (or by
// coalition issue, ?by=issue), with the columns Recommendation | Position | Full list of themes |
// Assessment/comments on level of implementation. A recommendation with several themes appears under
// each one, as in OHCHR's matrices. Same filters as the recommendation list; unknown values are
// dropped and named, as there.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { filterFromRequest } from "~/http/filter-request.server";
import { todayUtc } from "~/lib/dates";
import {
  MATRIX_COLUMNS,
  matrixAssessment,
  matrixPosition,
  matrixRecommendation,
  parseMatrixGrouping,
} from "~/lib/export-format";
import { formatDate } from "~/lib/format";
import { filterToSearchParams, FILTER_KEYS, type RecommendationFilter } from "~/lib/recommendation-filter";
import { loadMatrix } from "~/models/export.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? "UPR matrix"}: UPR Monitor` },
];

function matrixTitle(stateNames: string[], filter: RecommendationFilter): string {
  const who = stateNames.length === 1 ? stateNames[0] : stateNames.length === 0 ? null : `${stateNames.length} states`;
  const parts = [who, filter.cycle ? `cycle ${filter.cycle}` : null].filter(Boolean);
  return `UPR ${filter.kind === "pledge" ? "voluntary pledges" : "recommendations"} matrix${parts.length ? `: ${parts.join(", ")}` : ""}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
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
      title: matrixTitle([], filter),
      tooMany: { total: matrix.total, limit: matrix.limit },
      groups: [],
      total: matrix.total,
    };
  return {
    ...common,
    title: matrixTitle(matrix.stateNames, filter),
    tooMany: null,
    total: matrix.total,
    groups: matrix.groups.map((g) => ({
      key: g.key,
      heading: g.heading,
      rows: g.rows.map((r) => ({
        id: r.id,
        recommendation: matrixRecommendation(r),
        position: matrixPosition(r),
        response: r.response,
        themes: r.themes,
        status: r.currentStatus,
        assessment: matrixAssessment(r),
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
  return (
    <>
      <style>{PRINT_CSS}</style>
      <h1>{d.title}</h1>
      <p className="muted">
        In the layout of OHCHR&apos;s UPR matrices, grouped by {d.grouping === "theme" ? "theme" : "coalition issue"}.{" "}
        {d.total.toLocaleString("en")} {d.total === 1 ? "recommendation" : "recommendations"}; status as recorded on{" "}
        {formatDate(d.generatedOn)}.{d.otherFilters.length ? ` Selected by ${d.otherFilters.join(", ")}.` : null}
      </p>
      {d.ignored.length ? (
        <p className="warn" role="status" data-testid="ignored">
          Ignored unknown filter values: {d.ignored.join(", ")}.
        </p>
      ) : null}
      <Form method="get" className="filters no-print" aria-label="Matrix layout">
        {hidden.map((k) => (
          <input key={k} type="hidden" name={k} value={String(d.filter[k])} />
        ))}
        <label>
          Group by
          <select name="by" defaultValue={d.grouping}>
            <option value="theme">Theme</option>
            <option value="issue">Coalition issue</option>
          </select>
        </label>
        <button type="submit">Show</button>
      </Form>
      <p className="no-print">
        <a href={d.csvHref} download>
          Download this matrix (CSV)
        </a>{" "}
        · <a href={`/export.csv${d.query ? `?${d.query}` : ""}`}>Full export (CSV)</a> ·{" "}
        <Link to={`/recommendations${d.query ? `?${d.query}` : ""}`}>Back to the list</Link> · To print, use your
        browser&apos;s Print command.
      </p>

      {d.tooMany ? (
        <p className="warn" role="status" data-testid="too-many">
          {d.tooMany.total.toLocaleString("en")} recommendations match; a matrix holds at most{" "}
          {d.tooMany.limit.toLocaleString("en")}. Narrow the filters on the{" "}
          <Link to={`/recommendations${d.query ? `?${d.query}` : ""}`}>recommendation list</Link> (for example a state
          under review and a cycle).
        </p>
      ) : d.groups.length === 0 ? (
        <p role="status">No recommendation matches.</p>
      ) : (
        <TableWrap label="The recommendations as a matrix">
          <table className="matrix" data-testid="matrix">
            <thead>
              <tr>
                {MATRIX_COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            {d.groups.map((g) => (
              <tbody key={g.key || "none"} data-group={g.key}>
                <tr>
                  <th className="group" colSpan={4} scope="rowgroup">
                    {g.heading} ({g.rows.length})
                  </th>
                </tr>
                {g.rows.map((r) => (
                  <tr key={r.id}>
                    <td className="text">
                      <Link to={`/recommendations/${r.id}`}>{r.recommendation}</Link>
                    </td>
                    <td>
                      <span className={`response response-${r.response}`}>{r.position}</span>
                    </td>
                    <td>
                      {r.themes.length ? (
                        <ul>
                          {r.themes.map((t) => (
                            <li key={t}>{t}</li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                    <td data-status={r.status}>{r.assessment}</td>
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
