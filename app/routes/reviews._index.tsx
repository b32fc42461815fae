// Every state under review held, with its reviews and what is held of each (issue #27): the way into any
// state's pages, whatever DEFAULT_STATE is.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TableWrap } from "~/components/table-wrap";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { listReviews, type ReviewSummary } from "~/models/reviews.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("reviews.title"), t("reviews.metaDescription", { count: data?.states.length ?? 0 }));
};

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
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h1>{t("reviews.title")}</h1>
      <p className="lead">
        {t("reviews.lead", {
          states: t("reviews.statesCount", { count: states.length, number: f.number(states.length) }),
          reviews: t("reviews.reviewsCount", { count: reviews, number: f.number(reviews) }),
          recommendations: t("reviews.recommendationsCount", {
            count: recommendations,
            number: f.number(recommendations),
          }),
        })}
      </p>
      {states.length === 0 ? (
        <p>{t("reviews.none")}</p>
      ) : (
        <TableWrap>
          {(captionId) => (
            <table className="numbers" data-testid="every-state">
              <caption id={captionId}>{t("reviews.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("common.stateUnderReview")}</th>
                  <th scope="col">{t("common.cycle")}</th>
                  <th scope="col">{t("common.review")}</th>
                  <th scope="col">{t("reviews.recommendationsHeld")}</th>
                  <th scope="col">{t("common.response.supported")}</th>
                  <th scope="col">{t("common.response.noted")}</th>
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
                              <Link to={`/?state=${s.iso3}`}>{f.state(s.iso3, s.name)}</Link>
                              <br />
                              <span className="small">
                                <Link to={`/dashboard?state=${s.iso3}`}>{t("reviews.dashboardLink")}</Link> ·{" "}
                                <Link to={`/recommendations?state=${s.iso3}`}>{t("reviews.recommendationsLink")}</Link>
                              </span>
                            </>
                          ) : (
                            t("reviews.noIsoCode", { state: s.name })
                          )}
                        </th>
                      ) : null}
                      <td>
                        <Link to={`/reviews/${r.id}`}>{t("review.cycleTitle", { cycle: r.cycle })}</Link>
                      </td>
                      <td>
                        {f.date(r.reviewDate, t("common.dateNotKnown"))}
                        {r.reviewDateEstimated ? ` (${t("common.estimated")})` : ""},{" "}
                        {t("common.sessionN", { session: r.session })}
                      </td>
                      <td>
                        {r.officialReceived === null
                          ? t("common.importedOfficialUnknown", { imported: f.number(r.imported) })
                          : t("common.importedOfOfficial", {
                              imported: f.number(r.imported),
                              official: f.number(r.officialReceived),
                            })}
                      </td>
                      <td>{f.number(r.supported)}</td>
                      <td>{f.number(r.noted)}</td>
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
