// A one-page brief for a meeting with a recommending state's embassy: what it recommended to the state
// under review on the coalition's issues, the asks of the coalition it took up, the response and the
// status since, and its recommendations per cycle. Prints on A4.
import { chosenState } from "~/http/chosen-state.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { todayUtc } from "~/lib/dates";
import { formatDate, RESPONSE_LABELS } from "~/lib/format";
import { getLobbyingBrief } from "~/models/lobbying.server";
import { getOptionalUser } from "~/http/session.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  {
    title: d
      ? `Brief for ${d.brief.recommendingState.name}: its recommendations to ${d.brief.stateUnderReview.name}`
      : "Not found: UPR Monitor",
  },
];

const Params = z.object({ code: z.string().regex(/^([A-Za-z]{3}|\d{1,9})$/) });
export async function loader({ request, params }: LoaderFunctionArgs) {
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("No such state.", { status: 404 });
  const iso3 = chosenState(request).iso3;
  const user = await getOptionalUser(request);
  const brief = await getLobbyingBrief(await getDb(), iso3, p.data.code, { signedIn: user !== null });
  if (!brief) throw new Response("No such state.", { status: 404 });
  return { brief, today: todayUtc() };
}

export default function LobbyingBriefPage() {
  const { brief: b, today } = useLoaderData<typeof loader>();
  return (
    <article className="report lobbying-brief">
      <p className="no-print">
        <Link to={`/lobbying?state=${b.stateUnderReview.iso3 ?? ""}`}>Lobbying list</Link> · Print this page for the
        meeting.
      </p>
      <h1>
        {b.recommendingState.name} and {b.stateUnderReview.name}'s UPR
      </h1>
      <p>
        Brief of {formatDate(today)}.{" "}
        {b.totalsByCycle
          .map(
            (c) =>
              `Cycle ${c.cycle}: ${c.recommendations} recommendations (${c.supported} supported, ${c.noted} noted)`,
          )
          .join("; ")}
        .
      </p>
      <h2>On the coalition's issues, and the asks it took up</h2>
      {b.recommendations.length ? (
        <ol className="brief-recommendations">
          {b.recommendations.map((r) => (
            <li key={r.id}>
              <p>
                <Link to={`/recommendations/${r.id}`}>
                  {r.paragraph ?? `#${r.id}`} (cycle {r.cycle})
                </Link>{" "}
                {r.text}
              </p>
              <p className="muted">
                {RESPONSE_LABELS[r.response]} · <StatusBadge status={r.currentStatus} />
                {r.currentAsOf ? ` as of ${formatDate(r.currentAsOf)}` : ""}
                {r.issues.length ? ` · ${r.issues.map((i) => i.title).join("; ")}` : ""}
              </p>
              {r.asks.length ? (
                <p>
                  Took up our ask{r.asks.length > 1 ? "s" : ""}:{" "}
                  {r.asks.map((a, i) => (
                    <span key={a.id}>
                      {i ? "; " : ""}“{a.text}” (<Link to={`/submissions/${a.submissionId}`}>{a.submissionTitle}</Link>)
                    </span>
                  ))}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>None of its recommendations is linked to a coalition issue or took up an ask yet.</p>
      )}
    </article>
  );
}
