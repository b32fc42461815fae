// /export/matrix.csv: the OHCHR-style matrix as CSV (Recommendation | Position | Full list of themes |
// Assessment/comments on level of implementation), a heading row before each group. Same filters as
// /export.csv, plus ?by=theme|issue. Unknown filter values and too large a selection: 400, plain text.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { filterFromRequest, unknownFiltersResponse } from "~/http/filter-request.server";
import { todayUtc } from "~/lib/dates";
import { attachment, toCsv } from "~/lib/csv";
import { exportFileName, MATRIX_COLUMNS, matrixCsvRows, parseMatrixGrouping } from "~/lib/export-format";
import { loadMatrix } from "~/models/export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, filter, ignored, url } = await filterFromRequest(request);
  const by = parseMatrixGrouping(url.searchParams.get("by"));
  if (by.ignored) ignored.push(by.ignored);
  if (ignored.length) return unknownFiltersResponse(ignored, "/export/matrix");
  const matrix = await loadMatrix(db, filter, by.grouping);
  if (!matrix.ok) {
    return new Response(
      `${matrix.total.toLocaleString("en")} recommendations match; a matrix holds at most ${matrix.limit.toLocaleString("en")}.\n` +
        `Narrow the filters (a state under review and a cycle), or use /export.csv for everything.\n`,
      { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } },
    );
  }
  return new Response(toCsv([...MATRIX_COLUMNS], matrixCsvRows(matrix.groups)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(exportFileName(filter, todayUtc(), `matrix-by-${by.grouping}`)),
      "Cache-Control": "no-store",
    },
  });
}
