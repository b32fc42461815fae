// The printable uptake report of a submission (A4): per ask, the recommendations that took it up, who
// made them, the response and the status since; a first-page summary. Only confirmed uptake is reported.
import { StateLinks } from "~/components/state-links";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { todayUtc } from "~/lib/dates";
import { formatDate, RESPONSE_LABELS, STATUS_LABELS } from "~/lib/format";
import { summariseUptake } from "~/lib/uptake";
import { getSubmission } from "~/models/submissions.server";
import { getOptionalUser } from "~/http/session.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `Uptake report: ${d.submission.title}` : "Submission not found: UPR Monitor" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response("No such submission.", { status: 404 });
  const user = await getOptionalUser(request);
  const submission = await getSubmission(await getDb(), id.data, { signedIn: user !== null });
  if (!submission) throw new Response("No such submission.", { status: 404 });
  const { body: _b, footnotes: _f, ...rest } = submission;
  return { submission: rest, summary: summariseUptake(submission.asks), today: todayUtc() };
}

export default function UptakeReport() {
  const { submission: s, summary, today } = useLoaderData<typeof loader>();
  return (
    <article className="report uptake-report">
      <p className="no-print">
        <Link to={`/submissions/${s.id}`}>Back to the submission</Link> · Print this page (A4) for a meeting.
      </p>
      <h1>
        Uptake of our asks: {s.stateName}, cycle {s.cycle}
      </h1>
      <p>
        {s.title}
        {s.organisations.length ? `, by ${s.organisations.join(", ")}` : ""}. Report of {formatDate(today)}.
        {s.isSample ? " Sample data: the asks are made up." : ""}
      </p>
      <section className="report-summary">
        <p>
          <strong>
            {summary.takenUp} of {summary.asks}
          </strong>{" "}
          asks were taken up by {summary.recommendations} recommendations ({summary.byResponse.supported} supported,{" "}
          {summary.byResponse.noted} noted).
        </p>
        {summary.byState.length ? (
          <p>By: {summary.byState.map((st) => `${st.name} (${st.asks})`).join(", ")}.</p>
        ) : null}
        <table>
          <caption>Asks per coalition issue</caption>
          <thead>
            <tr>
              <th scope="col">Issue</th>
              <th scope="col">Asks</th>
              <th scope="col">Taken up</th>
            </tr>
          </thead>
          <tbody>
            {summary.byIssue.map((i) => (
              <tr key={i.issue?.slug ?? ""}>
                <td>{i.issue?.title ?? "No issue"}</td>
                <td>{i.asks}</td>
                <td>{i.takenUp}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ol className="report-asks">
        {s.asks.map((a) => {
          const confirmed = a.uptake.filter((u) => u.status === "confirmed");
          return (
            <li key={a.id}>
              <p>
                <strong>{a.text}</strong>
                {a.issue ? <span className="muted"> ({a.issue.title})</span> : null}
              </p>
              {confirmed.length ? (
                <ul>
                  {confirmed.map((u) => (
                    <li key={u.recommendationId}>
                      {u.paragraph ?? `#${u.recommendationId}`} {u.text} (
                      <StateLinks states={u.recommendingStates} />
                      ): {RESPONSE_LABELS[u.response]}; {STATUS_LABELS[u.currentStatus]}
                      {u.currentAsOf ? ` as of ${formatDate(u.currentAsOf)}` : ""}.
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">Not taken up.</p>
              )}
            </li>
          );
        })}
      </ol>
    </article>
  );
}
