// The recommending states: who made how many recommendations to a state under review (default
// DEFAULT_STATE), with the responses, each linked to its page.
import { chosenState } from "~/http/chosen-state.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "~/components/filter-select";
import { getDb } from "~/db.server";
import { iso3Code } from "~/lib/query-params";
import { dashboardFilterOptions } from "~/models/dashboard.server";
import { listRecommendingStates } from "~/models/recommending-states.server";
import { TableWrap } from "~/components/table-wrap";

const Query = z.object({
  state: iso3Code.optional().catch(undefined),
});

export const meta: MetaFunction = () => [{ title: "Recommending states: UPR Monitor" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const query = Query.parse({ state: new URL(request.url).searchParams.get("state") || undefined });
  const db = await getDb();
  const iso3 = query.state ?? chosenState(request).iso3;
  const options = await dashboardFilterOptions(db, iso3);
  const underReview = options.states.find((s) => s.iso3 === iso3) ?? options.states[0] ?? null;
  const states = underReview ? await listRecommendingStates(db, underReview.iso3) : [];
  return { underReview, choices: options.states, states };
}

export default function RecommendingStatesPage() {
  const { underReview, choices, states } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Recommending states{underReview ? `: their recommendations to ${underReview.name}` : ""}</h1>
      <p className="lead">
        Each state's page lists what it recommended, the responses, and where implementation stands: a brief to print
        for a meeting with its embassy.
      </p>
      {choices.length > 1 ? (
        <Form method="get" className="filters" aria-label="State under review">
          <FilterSelect
            name="state"
            label="State under review"
            value={underReview?.iso3}
            all={null}
            options={choices.map((s) => ({ value: s.iso3, label: s.name }))}
          />
          <button type="submit">Show</button>
        </Form>
      ) : null}
      {states.length === 0 ? (
        <p>No recommendation with a recommending state is held here yet.</p>
      ) : (
        <TableWrap>
          {(captionId) => (
            <table className="numbers" data-testid="recommending-states">
              <caption id={captionId}>
                {states.length} states that made recommendations to {underReview!.name}, most recommendations first
              </caption>
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Regional group</th>
                  <th scope="col">Recommendations</th>
                  <th scope="col">Supported</th>
                  <th scope="col">Noted</th>
                  <th scope="col">At least partially implemented</th>
                  <th scope="col">Cycles</th>
                </tr>
              </thead>
              <tbody>
                {states.map((s) => (
                  <tr key={s.iso3}>
                    <th scope="row">
                      <Link to={`/states/${s.iso3}?state=${underReview!.iso3}`}>{s.name}</Link>
                    </th>
                    <td>{s.regionalGroup ?? "–"}</td>
                    <td>{s.recommendations}</td>
                    <td>{s.supported}</td>
                    <td>{s.noted}</td>
                    <td>{s.implemented}</td>
                    <td>{s.cycles.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableWrap>
      )}
    </>
  );
}
