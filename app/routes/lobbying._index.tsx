// The lobbying list for a state's next review: per recommending state, the coalition's asks it took up
// and what it recommended on the coalition's issues; each links to a one-page brief for its embassy.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { stateParam } from "~/lib/query-params";
import { listLobbying } from "~/models/lobbying.server";
import { listStatesUnderReview } from "~/models/states.server";
import { getOptionalUser } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Lobbying list: UPR Monitor" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const user = await getOptionalUser(request);
  const states = (await listStatesUnderReview(db)).filter((s) => s.reviews > 0);
  const wanted = stateParam(new URL(request.url));
  const chosen = states.find((s) => s.iso3 === wanted) ?? states.find((s) => s.iso3 === "KEN") ?? states[0] ?? null;
  const rows = chosen ? await listLobbying(db, chosen.iso3, { signedIn: user !== null }) : [];
  return { states, chosen, rows };
}

export default function LobbyingPage() {
  const { states, chosen, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Lobbying list{chosen ? `: ${chosen.name}` : ""}</h1>
      <p className="lead">
        Before the next review, ask the states that recommended on the coalition's issues before to do so again. Per
        recommending state: the coalition's asks it took up, its recommendations on the coalition's issues (and how many
        were supported), and all its recommendations. Each state's brief prints on one page for a meeting with its
        embassy.
      </p>
      <Form method="get" className="inline">
        <label htmlFor="lobbying-state">State under review</label>{" "}
        <select id="lobbying-state" name="state" defaultValue={chosen?.iso3 ?? ""}>
          {states.map((s) => (
            <option key={s.iso3} value={s.iso3}>
              {s.name}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Show</button>
      </Form>
      {rows.length ? (
        <TableWrap label="Recommending states to lobby">
          <table>
            <thead>
              <tr>
                <th scope="col">Recommending state</th>
                <th scope="col">Asks taken up</th>
                <th scope="col">On the coalition's issues (supported)</th>
                <th scope="col">All its recommendations</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.stateId}>
                  <td>
                    <Link to={`/lobbying/${r.iso3 ?? r.stateId}?state=${chosen!.iso3}`}>{r.name}</Link>
                  </td>
                  <td>{r.asksTakenUp}</td>
                  <td>
                    {r.onIssues} ({r.supportedOnIssues})
                  </td>
                  <td>{r.recommendations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>No recommendation to this state is held yet.</p>
      )}
    </>
  );
}
