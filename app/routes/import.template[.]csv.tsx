// Our import template as a CSV file: the columns of the native format (also what /export.csv starts
// with) and one example row, the first recommendation of Kenya's first review, verbatim from the
// Working Group report A/HRC/15/8. Public: the format is no secret.
import { csvLine } from "~/lib/csv";
import { NATIVE_COLUMNS } from "~/lib/export-format";

const EXAMPLE = [
  "KEN",
  "1",
  "8",
  "A/HRC/15/8",
  "101.1",
  "Burkina Faso",
  "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (ICRMW) (Burkina Faso);",
  "supported",
  "",
  "",
  "",
  "",
  "",
];

export function loader() {
  const body = "\uFEFF" + csvLine([...NATIVE_COLUMNS]) + csvLine(EXAMPLE);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="upr-monitor-template.csv"',
      "Cache-Control": "public, max-age=3600",
    },
  });
}
