// Every state under review held, with its reviews and what is held of each (issue #27): the way into any
// state's pages, whatever DEFAULT_STATE is.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { getDb } from "~/db.server";
import { formatDate, importedOfOfficial } from "~/lib/format";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { listReviews, type ReviewSummary } from "~/models/reviews.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(
    metaT(matches),
    "Every state and review held",
    `The ${data?.states.length ?? 0} states whose UPR reviews are held here, with the recommendations of each review.`,
  );

export async function loader(_: LoaderFunctionArgs) {
  const reviews = await listReviews(await getDb());
  const states = new Map<string, { name: string; iso3: string | null; reviews: ReviewSummary[] }>();
  for (const r of reviews) {
    const key = r.stateIso3 ?? r.stateName;
    const state = states.get(key) ?? { name: r.stateName, iso3: r.stateIso3, reviews: [] };
    state.reviews.push(r);
    states.set(key, state);
  }
  return {
    states: [...states.values()],
    reviews: reviews.length,
    recommendations: reviews.reduce((n, r) => n + r.imported, 0),
  };
}

export default function EveryStatePage() {
  const { states, reviews, recommendations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Every state and review held</h1>
      <p className="lead">
        {states.length} {states.length === 1 ? "state" : "states"} under review, {reviews}{" "}
        {reviews === 1 ? "review" : "reviews"}, {recommendations.toLocaleString("en")} recommendations held. Choose a
        state to see its reviews, its dashboard and its recommendations.
      </p>
      {states.length === 0 ? (
        <p>No review is held yet.</p>
      ) : (
        <TableWrap>
          {(captionId) => (
            <table className="numbers" data-testid="every-state">
              <caption id={captionId}>The reviews of each state, by state and cycle</caption>
              <thead>
                <tr>
                  <th scope="col">State under review</th>
                  <th scope="col">Cycle</th>
                  <th scope="col">Review</th>
                  <th scope="col">Recommendations held</th>
                  <th scope="col">Supported</th>
                  <th scope="col">Noted</th>
                </tr>
              </thead>
              {states.map((s) => (
                <tbody key={s.iso3 ?? s.name}>
                  {s.reviews.map((r, i) => (
                    <tr key={r.id}>
                      {i === 0 ? (
                        <th scope="rowgroup" rowSpan={s.reviews.length}>
                          {s.iso3 ? (
                            <>
                              <Link to={`/?state=${s.iso3}`}>{s.name}</Link>
                              <br />
                              <span className="small">
                                <Link to={`/dashboard?state=${s.iso3}`}>dashboard</Link> ·{" "}
                                <Link to={`/recommendations?state=${s.iso3}`}>recommendations</Link>
                              </span>
                            </>
                          ) : (
                            `${s.name} (no ISO code)`
                          )}
                        </th>
                      ) : null}
                      <td>
                        <Link to={`/reviews/${r.id}`}>Cycle {r.cycle}</Link>
                      </td>
                      <td>
                        {formatDate(r.reviewDate)}
                        {r.reviewDateEstimated ? " (estimated)" : ""}, session {r.session}
                      </td>
                      <td>{importedOfOfficial(r.imported, r.officialReceived)}</td>
                      <td>{r.supported}</td>
                      <td>{r.noted}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          )}
        </TableWrap>
      )}
    </>
  );
}
