// The asks of a submission with their uptake, as CSV (one row per ask and confirmed recommendation; an ask
// not taken up has one row with empty recommendation columns). Formula-safe (app/lib/csv.ts). The columns are
// machine names; the response, status and state names are in the reader's language.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { attachment, toCsv } from "~/lib/csv";
import { localStateName } from "~/i18n/format";
import { readerLanguage, requestT } from "~/http/language.server";
import { getSubmission } from "~/models/submissions.server";
import { getOptionalUser } from "~/http/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = requestT(request);
  const { lng } = readerLanguage(request);
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response(t("submissions.notFound"), { status: 404 });
  const user = await getOptionalUser(request);
  const s = await getSubmission(await getDb(), id.data, { signedIn: user !== null });
  if (!s) throw new Response(t("submissions.notFound"), { status: 404 });
  const header = [
    "ask",
    "issue",
    "paragraph",
    "recommendation",
    "recommending_states",
    "response",
    "current_status",
    "status_as_of",
  ];
  const rows: unknown[][] = [];
  for (const a of s.asks) {
    const confirmed = a.uptake.filter((u) => u.status === "confirmed");
    if (!confirmed.length) rows.push([a.text, a.issue?.title ?? "", "", "", "", "", "", ""]);
    for (const u of confirmed)
      rows.push([
        a.text,
        a.issue?.title ?? "",
        u.paragraph ?? "",
        u.text,
        u.recommendingStates.map((r) => localStateName(lng, r.iso3, r.name)).join("; "),
        t(`common.response.${u.response}`),
        t(`common.status.${u.currentStatus}`),
        u.currentAsOf ?? "",
      ]);
  }
  return new Response(toCsv(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(`uptake-${s.stateIso3 ?? "state"}-cycle${s.cycle}-submission${s.id}.csv`),
      "Cache-Control": "private, no-store",
    },
  });
}
