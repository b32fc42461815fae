// The lobbying list for a state's next review: per recommending state, the coalition's asks it took up
// and what it recommended on the coalition's issues; each links to a one-page brief for its embassy.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { stateParam } from "~/lib/query-params";
import { listLobbying } from "~/models/lobbying.server";
import { listStatesUnderReview } from "~/models/states.server";
import { getOptionalUser } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("lobbying.title"));
};

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
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h1>{chosen ? t("lobbying.titleOf", { state: f.state(chosen.iso3, chosen.name) }) : t("lobbying.title")}</h1>
      <p className="lead">{t("lobbying.lead")}</p>
      <Form method="get" className="inline">
        <label htmlFor="lobbying-state">{t("common.stateUnderReview")}</label>{" "}
        <select id="lobbying-state" name="state" defaultValue={chosen?.iso3 ?? ""}>
          {states.map((s) => (
            <option key={s.iso3} value={s.iso3}>
              {f.state(s.iso3, s.name)}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{t("common.show")}</button>
      </Form>
      {rows.length ? (
        <TableWrap label={t("lobbying.tableLabel")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("common.recommendingState")}</th>
                <th scope="col">{t("lobbying.asksTakenUp")}</th>
                <th scope="col">{t("lobbying.onIssues")}</th>
                <th scope="col">{t("lobbying.allRecommendations")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.stateId}>
                  <td>
                    <Link to={`/lobbying/${r.iso3 ?? r.stateId}?state=${chosen!.iso3}`}>{f.state(r.iso3, r.name)}</Link>
                  </td>
                  <td>{f.number(r.asksTakenUp)}</td>
                  <td>
                    {f.number(r.onIssues)} ({f.number(r.supportedOnIssues)})
                  </td>
                  <td>{f.number(r.recommendations)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{t("lobbying.none")}</p>
      )}
    </>
  );
}
