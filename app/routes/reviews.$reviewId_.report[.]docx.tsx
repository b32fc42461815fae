// /reviews/<id>/report.docx: the mid-term report as a Word document (app/lib/report-docx.ts), public like
// the printable page (reviews.$reviewId_.report.tsx), with the same 404 for a review that is not there, in
// the reader's language (the address's ?lang=, the cookie or Accept-Language, as for the pages).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { attachment } from "~/lib/csv";
import { todayUtc } from "~/lib/dates";
import { midtermReportFileName } from "~/lib/midterm-report";
import { DOCX_CONTENT_TYPE, midtermReportDocx } from "~/lib/report-docx";
import { loadMidtermReport } from "~/models/report.server";
import { readerLanguage, requestT } from "~/http/language.server";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = requestT(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response(t("report.notFound"), { status: 404, statusText: "Not Found" });
  const report = await loadMidtermReport(await getDb(), parsed.data.reviewId);
  if (!report) throw new Response(t("report.notFound"), { status: 404, statusText: "Not Found" });
  const words = { t, lng: readerLanguage(request).lng };
  const docx = await midtermReportDocx(report, todayUtc(), env().COALITION_NAME ?? null, words);
  return new Response(docx, {
    headers: {
      "Content-Type": DOCX_CONTENT_TYPE,
      "Content-Disposition": attachment(midtermReportFileName(report.review, "docx")),
      "Cache-Control": "no-store",
      "Content-Language": words.lng,
    },
  });
}
