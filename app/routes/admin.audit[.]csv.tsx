// /admin/audit.csv: the audit log with the page's filters, one row per change: the sentence as on the
// page, then the stored values. Formula-safe (app/lib/csv.ts). Admins only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { parseAuditQuery } from "~/lib/audit-sentence";
import { attachment, toCsv } from "~/lib/csv";
import { todayUtc } from "~/lib/dates";
import { AUDIT_CSV_HEADER, auditCsvRows, auditFilterOf } from "~/models/audit.server";
import { requireAdmin } from "~/http/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const query = parseAuditQuery(new URL(request.url).searchParams);
  const rows = await auditCsvRows(await getDb(), auditFilterOf(query));
  return new Response(toCsv(AUDIT_CSV_HEADER, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(`upr-monitor-audit-${todayUtc()}.csv`),
      "Cache-Control": "no-store",
    },
  });
}
