// /export/report-table?format=csv|xlsx (with the same filters as /recommendations): the export for
// people, beside /export.csv (for machines and the round trip, unchanged). Labels instead of codes,
// names, the previous status and the date it changed, dates as the reader's locale writes them
// (?locale=, else the language chosen by ?lang= or its cookie, else the browser's Accept-Language), the
// column heads and labels in the reader's language. Public, as the machine export is.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { filterFromRequest, unknownFiltersResponse } from "~/http/filter-request.server";
import { readerLanguage, requestT } from "~/http/language.server";
import { intlLocale } from "~/i18n/languages";
import { attachment, toCsv } from "~/lib/csv";
import { todayUtc } from "~/lib/dates";
import {
  PEOPLE_COLUMN_WIDTHS,
  peopleColumns,
  peopleFileName,
  peopleRowValues,
  readerLocale,
} from "~/lib/people-export";
import { peopleWorkbook } from "~/lib/people-xlsx.server";
import { peopleExportRows } from "~/models/export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, filter, ignored, url } = await filterFromRequest(request);
  if (ignored.length) return unknownFiltersResponse(ignored);
  const xlsx = url.searchParams.get("format") === "xlsx";
  const { lng, from } = readerLanguage(request);
  const words = { t: requestT(request), lng };
  const chosenLocale =
    url.searchParams.get("locale") ?? (from === "address" || from === "cookie" ? intlLocale(lng) : null);
  const locale = readerLocale(chosenLocale, request.headers.get("Accept-Language"));
  const columns = peopleColumns(words.t);
  const rows: (string | number)[][] = [];
  for await (const batch of peopleExportRows(db, filter))
    for (const r of batch) rows.push(peopleRowValues(r, locale, words));
  const name = peopleFileName(filter.state, todayUtc(), xlsx ? "xlsx" : "csv");
  const headers = {
    "Content-Disposition": attachment(name),
    "Cache-Control": "no-store",
    "Content-Language": lng,
    Vary: "Accept-Language, Cookie",
  };
  if (xlsx)
    return new Response(new Uint8Array(peopleWorkbook(columns, rows, PEOPLE_COLUMN_WIDTHS)), {
      headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
  return new Response(toCsv(columns, rows), {
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" },
  });
}
