// One recommending state: what it recommended to a state under review in each cycle, the responses,
// the current status and its evidence. Prints as a one-page brief for a meeting with its embassy
// (state-brief.css: A4, compact). Public: an assessment names its organisation, never its editor.
import { chosenState } from "~/http/chosen-state.server";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FilterSelect } from "~/components/filter-select";
import { StateLinks } from "~/components/state-links";
import { paragraphColumn, RecommendationTable, responseColumn, textColumn } from "~/components/recommendation-table";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { iso3Code } from "~/lib/query-params";
import { todayUtc } from "~/lib/dates";
import { briefTotals } from "~/lib/state-brief";
import { metaT } from "~/i18n/i18n";
import { localStateName } from "~/i18n/format";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { readerLanguage, requestT } from "~/http/language.server";
import { recommendingStateBrief } from "~/models/recommending-states.server";
import { STATUSES } from "../../db/schema";
import briefHref from "../state-brief.css?url";

/** The state's code (the path) and the state under review (`?state=`, optional; a bad one is ignored). */
const Input = z.object({ code: iso3Code, state: iso3Code.optional().catch(undefined) });
const notFound = (request: Request) =>
  new Response(requestT(request)("states.notFound"), { status: 404, statusText: "Not Found" });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: briefHref }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  if (!data) return pageMeta(t, t("common.recommendingState"));
  const { state, underReview } = data.brief;
  const name = localStateName(data.lng, state.iso3, state.name);
  return pageMeta(
    t,
    underReview
      ? t("states.metaTitleTo", { state: name, to: localStateName(data.lng, underReview.iso3, underReview.name) })
      : t("states.metaTitle", { state: name }),
  );
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const input = Input.safeParse({
    code: params.code,
    state: new URL(request.url).searchParams.get("state") || undefined,
  });
  if (!input.success) throw notFound(request);
  const query = input.data;
  const brief = await recommendingStateBrief(await getDb(), query.code, {
    underReview: query.state,
    defaultUnderReview: chosenState(request).iso3,
  });
  if (!brief) throw notFound(request);
  return { brief, asked: query.state ?? null, today: todayUtc(), lng: readerLanguage(request).lng };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["brief"]["reviews"][number]["recommendations"][number];

export default function RecommendingStatePage() {
  const { brief, asked, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const f = useFormat();
  const { state, underReview, reviews } = brief;
  const totals = briefTotals(reviews);
  const qs = underReview ? `from=${state.iso3}&state=${underReview.iso3}` : `from=${state.iso3}`;
  const name = f.state(state.iso3, state.name);
  const toName = underReview ? f.state(underReview.iso3, underReview.name) : "";
  return (
    <div className="state-brief">
      <p className="crumbs no-print">
        <Link to="/states">{t("states.title")}</Link> / {name}
      </p>
      <h1>{underReview ? t("states.briefTitleTo", { state: name, to: toName }) : name}</h1>
      <p className="brief-meta small">
        {state.regionalGroup ? `${t("states.groupLine", { group: t(`states.group.${state.regionalGroup}`) })} · ` : ""}
        {t("states.asOf", { date: f.date(today) })} · {t("common.siteName")}
        <span className="no-print"> · {t("states.printsAsBrief")}</span>
      </p>
      {brief.underReviewChoices.length > 1 ? (
        <Form method="get" className="filters no-print" aria-label={t("common.stateUnderReview")}>
          <FilterSelect
            name="state"
            label={t("common.stateUnderReview")}
            value={underReview?.iso3}
            all={null}
            options={brief.underReviewChoices.map((c) => ({
              value: c.iso3,
              label: `${f.state(c.iso3, c.name)} (${f.number(c.recommendations)})`,
            }))}
          />
          <button type="submit">{t("common.show")}</button>
        </Form>
      ) : null}
      {!underReview ? (
        <p data-testid="no-recommendations">
          {asked ? t("states.noneToCode", { state: name, code: asked }) : t("states.noneBy", { state: name })}
        </p>
      ) : (
        <>
          <section className="brief-summary" aria-labelledby="summary-heading" data-testid="brief-summary">
            <h2 id="summary-heading" className="visually-hidden">
              {t("states.inNumbers")}
            </h2>
            <p>
              <strong data-testid="brief-total">{f.number(totals.recommendations)}</strong>{" "}
              {t("states.summaryTo", {
                count: totals.recommendations,
                state: toName,
                cycles: t("states.cyclesCount", { count: reviews.length, number: f.number(reviews.length) }),
              })}{" "}
              <span data-testid="brief-responses">
                {(["supported", "noted", "pending"] as const)
                  .filter((r) => totals.responses[r] > 0)
                  .map((r) =>
                    t(`states.responseCount.${r}`, {
                      count: totals.responses[r],
                      number: f.number(totals.responses[r]),
                    }),
                  )
                  .join(t("reviews.comma"))}
              </span>
              . <strong data-testid="brief-implemented">{f.number(totals.implemented)}</strong>{" "}
              {t("states.summaryImplemented", { notAssessed: f.number(totals.statuses.not_assessed) })}
            </p>
          </section>
          {reviews.map((review) => (
            <section key={review.reviewId} className="brief-cycle" aria-labelledby={`cycle-${review.cycle}`}>
              <h2 id={`cycle-${review.cycle}`}>
                <Link to={`/reviews/${review.reviewId}`}>{t("review.cycleTitle", { cycle: review.cycle })}</Link>
                <span className="small muted">
                  {" "}
                  · {t("states.reviewOn", { date: f.date(review.reviewDate, t("common.dateNotKnown")) })}
                  {review.reportSymbol ? ` · ${review.reportSymbol}` : ""}
                </span>
              </h2>
              <p className="small" data-testid={`cycle-${review.cycle}-counts`}>
                {t("states.cycleCounts", {
                  count: review.recommendations.length,
                  number: f.number(review.recommendations.length),
                  supported: f.number(review.responses.supported),
                  noted: f.number(review.responses.noted),
                })}
                {review.responses.pending
                  ? t("review.responsesPending", { pending: f.number(review.responses.pending) })
                  : ""}
                . {t("states.statusLabel")}{" "}
                {STATUSES.filter((s) => review.statuses[s] > 0)
                  .map((s) => `${t(`common.status.${s}`)} ${f.number(review.statuses[s])}`)
                  .join(t("reviews.comma"))}
                .
              </p>
              <RecommendationTable
                className="brief-table"
                testId={`brief-cycle-${review.cycle}`}
                caption={<span className="visually-hidden">{t("states.tableCaption", { cycle: review.cycle })}</span>}
                rows={review.recommendations}
                columns={[
                  paragraphColumn({ ariaLabel: true }),
                  textColumn<Row>((r) =>
                    r.jointWith.length ? (
                      <span className="muted small">
                        <br />
                        {t("states.with")} <StateLinks states={r.jointWith} />
                      </span>
                    ) : null,
                  ),
                  responseColumn(),
                  {
                    header: t("states.statusAndEvidence"),
                    className: "evidence",
                    cell: (r) => (
                      <>
                        <StatusBadge status={r.currentStatus} />
                        {r.currentAsOf ? (
                          <span className="small">
                            {" "}
                            {t("states.statusAsOf", { date: f.date(r.currentAsOf) })}
                            {r.organisationName ? (
                              <>
                                {" ("}
                                <span dir="auto">{r.organisationName}</span>)
                              </>
                            ) : null}
                            {r.isSample ? ` · ${t("states.sampleAssessment")}` : ""}
                          </span>
                        ) : null}
                        {r.evidence ? (
                          <span className="small evidence-text" dir="auto">
                            {r.evidence}
                          </span>
                        ) : null}
                        {r.sourceUrls.length ? (
                          <span className="small no-print">
                            {r.sourceUrls.map((u, i) => (
                              <a key={u} href={u} rel="noreferrer nofollow">
                                {i ? " · " : ""}
                                {t("states.sourceN", { n: i + 1 })}
                              </a>
                            ))}
                          </span>
                        ) : null}
                      </>
                    ),
                  },
                ]}
              />
            </section>
          ))}
          <p className="small no-print">
            <Link to={`/recommendations?${qs}`}>{t("states.inSearch")}</Link> ·{" "}
            <a href={`/export.csv?${qs}`} download>
              {t("states.exportCsv")}
            </a>{" "}
            · <Link to={`/changes?state=${underReview.iso3}`}>{t("changes.title")}</Link>
          </p>
        </>
      )}
    </div>
  );
}
