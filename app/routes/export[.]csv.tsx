// /export.csv: every recommendation the filters select (the same URL filters as the recommendation
// list and the dashboard), one row each, streamed. Columns: app/lib/export-format.ts EXPORT_COLUMNS.
// Unknown filter values: 400 with a plain-text message naming them (app/http/filter-request.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { filterFromRequest, unknownFiltersResponse } from "~/http/filter-request.server";
import { todayUtc } from "~/lib/dates";
import { attachment } from "~/lib/csv";
import { EXPORT_INCOMPLETE_LINE, exportFileName } from "~/lib/export-format";
import { textStream } from "~/lib/text-stream";
import { exportCsv } from "~/models/export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, filter, ignored } = await filterFromRequest(request);
  if (ignored.length) return unknownFiltersResponse(ignored);
  const body = textStream(
    exportCsv(db, filter),
    (error) => console.error("export.csv failed while streaming:", error),
    () => `\r\n${EXPORT_INCOMPLETE_LINE}\r\n`,
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(exportFileName(filter, todayUtc())),
      "Cache-Control": "no-store",
    },
  });
}
