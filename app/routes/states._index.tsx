// The recommending states: who made how many recommendations to a state under review (default
// DEFAULT_STATE), with the responses, each linked to its page.
import { chosenState } from "~/http/chosen-state.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FilterSelect } from "~/components/filter-select";
import { getDb } from "~/db.server";
import { iso3Code } from "~/lib/query-params";
import { dashboardFilterOptions } from "~/models/dashboard.server";
import { listRecommendingStates } from "~/models/recommending-states.server";
import { TableWrap } from "~/components/table-wrap";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";

const Query = z.object({
  state: iso3Code.optional().catch(undefined),
});

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("states.title"), t("states.lead"));
};

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
  const { t } = useTranslation();
  const f = useFormat();
  const underReviewName = underReview ? f.state(underReview.iso3, underReview.name) : "";
  return (
    <>
      <h1>{underReview ? t("states.titleTo", { state: underReviewName }) : t("states.title")}</h1>
      <p className="lead">{t("states.lead")}</p>
      {choices.length > 1 ? (
        <Form method="get" className="filters" aria-label={t("common.stateUnderReview")}>
          <FilterSelect
            name="state"
            label={t("common.stateUnderReview")}
            value={underReview?.iso3}
            all={null}
            options={choices.map((s) => ({ value: s.iso3, label: f.state(s.iso3, s.name) }))}
          />
          <button type="submit">{t("common.show")}</button>
        </Form>
      ) : null}
      {states.length === 0 ? (
        <p>{t("states.none")}</p>
      ) : (
        <TableWrap>
          {(captionId) => (
            <table className="numbers" data-testid="recommending-states">
              <caption id={captionId}>
                {t("states.caption", { count: states.length, number: f.number(states.length), state: underReviewName })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("common.state")}</th>
                  <th scope="col">{t("states.regionalGroup")}</th>
                  <th scope="col">{t("common.recommendations")}</th>
                  <th scope="col">{t("common.response.supported")}</th>
                  <th scope="col">{t("common.response.noted")}</th>
                  <th scope="col">{t("states.implemented")}</th>
                  <th scope="col">{t("states.cycles")}</th>
                </tr>
              </thead>
              <tbody>
                {states.map((s) => (
                  <tr key={s.iso3}>
                    <th scope="row">
                      <Link to={`/states/${s.iso3}?state=${underReview!.iso3}`}>{f.state(s.iso3, s.name)}</Link>
                    </th>
                    <td>{s.regionalGroup ? t(`states.group.${s.regionalGroup}`) : "–"}</td>
                    <td>{f.number(s.recommendations)}</td>
                    <td>{f.number(s.supported)}</td>
                    <td>{f.number(s.noted)}</td>
                    <td>{f.number(s.implemented)}</td>
                    <td>{s.cycles.join(t("reviews.comma"))}</td>
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
