// The printable uptake report of a submission (A4): per ask, the recommendations that took it up, who
// made them, the response and the status since; a first-page summary. Only confirmed uptake is reported.
import { StateLinks } from "~/components/state-links";
import { TableWrap } from "~/components/table-wrap";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { todayUtc } from "~/lib/dates";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { requestT } from "~/http/language.server";
import { summariseUptake } from "~/lib/uptake";
import { getSubmission } from "~/models/submissions.server";
import { getOptionalUser } from "~/http/session.server";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const t = metaT(matches);
  return pageMeta(
    t,
    d ? t("submissions.report.metaTitle", { title: d.submission.title }) : t("submissions.notFoundTitle"),
  );
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = requestT(request);
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response(t("submissions.notFound"), { status: 404 });
  const user = await getOptionalUser(request);
  const submission = await getSubmission(await getDb(), id.data, { signedIn: user !== null });
  if (!submission) throw new Response(t("submissions.notFound"), { status: 404 });
  const { body: _b, footnotes: _f, ...rest } = submission;
  return { submission: rest, summary: summariseUptake(submission.asks), today: todayUtc() };
}

export default function UptakeReport() {
  const { submission: s, summary, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <article className="report uptake-report">
      <p className="no-print">
        <Link to={`/submissions/${s.id}`}>{t("submissions.report.back")}</Link> · {t("submissions.report.print")}
      </p>
      <h1>
        {t("submissions.report.title", {
          place: t("changes.place", { state: f.state(s.stateIso3, s.stateName), cycle: s.cycle }),
        })}
      </h1>
      <p>
        <span dir="auto">{s.title}</span>
        {s.organisations.length ? (
          <>
            {t("submissions.report.by")}
            <span dir="auto">{s.organisations.join(t("reviews.comma"))}</span>
          </>
        ) : null}
        . {t("submissions.report.of", { date: f.date(today) })}
        {s.isSample ? ` ${t("submissions.report.sample")}` : ""}
      </p>
      <section className="report-summary">
        <p>
          <strong>
            {t("submissions.report.takenUpOf", { takenUp: f.number(summary.takenUp), asks: f.number(summary.asks) })}
          </strong>{" "}
          {t("submissions.report.summary", {
            count: summary.asks,
            recommendations: t("submissions.recommendationsCount", {
              count: summary.recommendations,
              number: f.number(summary.recommendations),
            }),
            supported: f.number(summary.byResponse.supported),
            noted: f.number(summary.byResponse.noted),
          })}
        </p>
        {summary.byState.length ? (
          <p>
            {t("submissions.report.byStates", {
              states: summary.byState
                .map((st) => `${f.state(st.iso3, st.name)} (${f.number(st.asks)})`)
                .join(t("reviews.comma")),
            })}
          </p>
        ) : null}
        <TableWrap>
          {(captionId) => (
            <table>
              <caption id={captionId}>{t("submissions.report.perIssue")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("submissions.issue")}</th>
                  <th scope="col">{t("submissions.asks")}</th>
                  <th scope="col">{t("submissions.takenUp")}</th>
                </tr>
              </thead>
              <tbody>
                {summary.byIssue.map((i) => (
                  <tr key={i.issue?.slug ?? ""}>
                    <td>{i.issue ? <span dir="auto">{i.issue.title}</span> : t("submissions.noIssue")}</td>
                    <td>{f.number(i.asks)}</td>
                    <td>{f.number(i.takenUp)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableWrap>
      </section>
      <ol className="report-asks">
        {s.asks.map((a) => {
          const confirmed = a.uptake.filter((u) => u.status === "confirmed");
          return (
            <li key={a.id}>
              <p>
                <strong dir="auto">{a.text}</strong>
                {a.issue ? (
                  <span className="muted">
                    {" "}
                    (<span dir="auto">{a.issue.title}</span>)
                  </span>
                ) : null}
              </p>
              {confirmed.length ? (
                <ul>
                  {confirmed.map((u) => (
                    <li key={u.recommendationId}>
                      {u.paragraph ?? `#${u.recommendationId}`} <span lang="en">{u.text}</span> (
                      <StateLinks states={u.recommendingStates} />
                      ): {t(`common.response.${u.response}`)}
                      {t("reviews.semicolon")}
                      {t(`common.status.${u.currentStatus}`)}
                      {u.currentAsOf ? ` ${t("states.statusAsOf", { date: f.date(u.currentAsOf) })}` : ""}.
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t("submissions.report.notTakenUp")}</p>
              )}
            </li>
          );
        })}
      </ol>
    </article>
  );
}
