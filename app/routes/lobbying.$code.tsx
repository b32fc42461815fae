// A one-page brief for a meeting with a recommending state's embassy: what it recommended to the state
// under review on the coalition's issues, the asks of the coalition it took up, the response and the
// status since, and its recommendations per cycle. Prints on A4.
import { chosenState } from "~/http/chosen-state.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { todayUtc } from "~/lib/dates";
import { metaT } from "~/i18n/i18n";
import { localStateName } from "~/i18n/format";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { readerLanguage, requestT } from "~/http/language.server";
import { getLobbyingBrief } from "~/models/lobbying.server";
import { getOptionalUser } from "~/http/session.server";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const t = metaT(matches);
  if (!d) return pageMeta(t, t("errors.pageNotFound"));
  const { recommendingState: from, stateUnderReview: to } = d.brief;
  return pageMeta(
    t,
    t("lobbying.metaTitle", {
      state: localStateName(d.lng, from.iso3, from.name),
      to: localStateName(d.lng, to.iso3, to.name),
    }),
  );
};

const Params = z.object({ code: z.string().regex(/^([A-Za-z]{3}|\d{1,9})$/) });
export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = requestT(request);
  const p = Params.safeParse(params);
  if (!p.success) throw new Response(t("lobbying.noSuchState"), { status: 404 });
  const iso3 = chosenState(request).iso3;
  const user = await getOptionalUser(request);
  const brief = await getLobbyingBrief(await getDb(), iso3, p.data.code, { signedIn: user !== null });
  if (!brief) throw new Response(t("lobbying.noSuchState"), { status: 404 });
  return { brief, today: todayUtc(), lng: readerLanguage(request).lng };
}

export default function LobbyingBriefPage() {
  const { brief: b, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <article className="report lobbying-brief">
      <p className="no-print">
        <Link to={`/lobbying?state=${b.stateUnderReview.iso3 ?? ""}`}>{t("lobbying.title")}</Link> ·{" "}
        {t("lobbying.printForMeeting")}
      </p>
      <h1>
        {t("lobbying.briefTitle", {
          state: f.state(b.recommendingState.iso3, b.recommendingState.name),
          to: f.state(b.stateUnderReview.iso3, b.stateUnderReview.name),
        })}
      </h1>
      <p>
        {t("lobbying.briefOf", { date: f.date(today) })}{" "}
        {b.totalsByCycle
          .map((c) =>
            t("lobbying.cycleTotals", {
              cycle: c.cycle,
              count: c.recommendations,
              number: f.number(c.recommendations),
              supported: f.number(c.supported),
              noted: f.number(c.noted),
            }),
          )
          .join(t("reviews.semicolon"))}
        .
      </p>
      <h2>{t("lobbying.onIssuesHeading")}</h2>
      {b.recommendations.length ? (
        <ol className="brief-recommendations">
          {b.recommendations.map((r) => (
            <li key={r.id}>
              <p>
                <Link to={`/recommendations/${r.id}`}>
                  {r.paragraph ?? `#${r.id}`} ({t("common.cycleN", { cycle: r.cycle })})
                </Link>{" "}
                <span lang="en">{r.text}</span>
              </p>
              <p className="muted">
                {t(`common.response.${r.response}`)} · <StatusBadge status={r.currentStatus} />
                {r.currentAsOf ? ` ${t("states.statusAsOf", { date: f.date(r.currentAsOf) })}` : ""}
                {r.issues.length ? (
                  <>
                    {" · "}
                    <span dir="auto">{r.issues.map((i) => i.title).join("; ")}</span>
                  </>
                ) : null}
              </p>
              {r.asks.length ? (
                <p>
                  {t("lobbying.tookUpAsks", { count: r.asks.length })}{" "}
                  {r.asks.map((a, i) => (
                    <span key={a.id}>
                      {i ? t("reviews.semicolon") : ""}
                      {t("lobbying.quoteOpen")}
                      <span dir="auto">{a.text}</span>
                      {t("lobbying.quoteClose")} (
                      <Link to={`/submissions/${a.submissionId}`} dir="auto">
                        {a.submissionTitle}
                      </Link>
                      )
                    </span>
                  ))}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("lobbying.noneOnIssues")}</p>
      )}
    </article>
  );
}
