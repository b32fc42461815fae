import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { data } from "@remix-run/node";
import { Trans, useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/filter-select";
import { chosenState, rememberStateHeaders } from "~/http/chosen-state.server";
import { metaT } from "~/i18n/i18n";
import { localStateName } from "~/i18n/format";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { todayUtc } from "~/lib/dates";
import { daysUntil, milestoneTitle, nextMilestone, stateMilestones } from "~/lib/upr-calendar";
import { MONTHS_TO_ADOPTION } from "~/lib/session-calendar";
import { listCalendarStates } from "~/models/calendar.server";
import { listReviewsForState } from "~/models/reviews.server";
import { getStateByIso3, listStatesUnderReview } from "~/models/states.server";
import { getOptionalUser } from "~/http/session.server";
import { readerLanguage, requestT } from "~/http/language.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return pageMeta(
    t,
    t("common.siteName"),
    data?.stateName
      ? t("home.metaDescription", { state: localStateName(data.lng, data.iso3, data.stateName) })
      : t("home.metaDescriptionAny"),
  );
};

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const { lng } = readerLanguage(request);
  const t = requestT(request);
  // The state the reader chose (the address, else the one remembered, else DEFAULT_STATE on a first visit).
  const { iso3 } = chosenState(request);
  const [state, reviews, user, calendar, states] = await Promise.all([
    getStateByIso3(db, iso3),
    listReviewsForState(db, iso3),
    getOptionalUser(request),
    listCalendarStates(db, iso3),
    listStatesUnderReview(db),
  ]);
  // The UPR calendar's next milestone, and the next stakeholder submission deadline where that is another.
  const today = todayUtc();
  const milestones = calendar[0] ? stateMilestones(calendar[0]) : [];
  const upcoming = [
    nextMilestone(milestones, today),
    nextMilestone(
      milestones.filter((m) => m.kind === "submission"),
      today,
    ),
  ]
    .filter((m, i, all) => m !== null && all.indexOf(m) === i)
    .map((m) => ({
      title: milestoneTitle(t, lng, m!),
      date: m!.date,
      days: daysUntil(m!.date, today),
      estimated: m!.source === "rule",
    }));
  // Newest cycle first; the page opens on the latest review that holds recommendations.
  const newestFirst = [...reviews].sort((a, b) => b.cycle - a.cycle);
  const latestWithTexts = newestFirst.find((r) => r.imported > 0) ?? null;
  return data(
    {
      lng,
      stateName: state?.name ?? iso3,
      iso3,
      // A state under review here: one with reviews held (a recommending state alone is not).
      known: reviews.length > 0,
      reviews: newestFirst,
      latestWithTexts,
      canImport: user !== null,
      upcoming,
      choices: states.filter((s) => s.reviews > 0).map((s) => ({ value: s.iso3, label: s.name })),
    },
    { headers: rememberStateHeaders(request, iso3, reviews.length > 0) },
  );
}

export default function Index() {
  const { stateName, iso3, known, reviews, latestWithTexts, canImport, upcoming, choices } =
    useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const f = useFormat();
  const state = f.state(iso3, stateName);
  const notKnown = t("common.dateNotKnown");
  return (
    <>
      <h1>{known ? t("home.title", { state }) : t("common.siteName")}</h1>
      {!known ? (
        <p className="warn" role="status">
          <Trans i18nKey="home.notKnown" values={{ code: iso3 }} components={[<Link key="0" to="/reviews" />]} />
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label={t("common.stateUnderReview")}>
        <FilterSelect
          name="state"
          label={t("common.stateUnderReview")}
          value={known ? iso3 : undefined}
          all={null}
          options={choices.map((c) => ({ value: c.value, label: f.state(c.value, c.label) }))}
        />
        <button type="submit">{t("common.show")}</button> <Link to="/reviews">{t("reviews.title")}</Link>
      </Form>
      <p className="lead">{t("home.lead", { state })}</p>
      {latestWithTexts ? (
        <p className="latest-review" data-testid="latest-review">
          <Trans
            i18nKey="home.latest"
            values={{
              cycle: latestWithTexts.cycle,
              date: f.date(latestWithTexts.reviewDate, notKnown),
              count: latestWithTexts.imported,
              number: f.number(latestWithTexts.imported),
            }}
            components={[
              <Link key="0" to={`/reviews/${latestWithTexts.id}`} />,
              <Link key="1" to={`/dashboard?state=${iso3}&cycle=${latestWithTexts.cycle}`} />,
              <Link key="2" to="/changes" />,
            ]}
          />
        </p>
      ) : null}
      {upcoming.length ? (
        <p className="upcoming" data-testid="next-milestone">
          {t("home.next")}{" "}
          {upcoming.map((m, i) => (
            <span key={m.title}>
              {i ? t("reviews.semicolon") : ""}
              {t(m.estimated ? "home.nextItemEstimated" : "home.nextItem", {
                title: m.title,
                date: f.date(m.date),
                count: m.days,
              })}
            </span>
          ))}{" "}
          · <Link to={`/calendar?state=${iso3}`}>{t("calendar.title")}</Link>
        </p>
      ) : null}
      <ol className="cards">
        {reviews.map((r) => (
          <li key={r.id} className="card" aria-labelledby={`review-${r.id}`}>
            <h2 id={`review-${r.id}`}>
              <Link to={`/reviews/${r.id}`}>{t("review.cycleTitle", { cycle: r.cycle })}</Link>
            </h2>
            <dl className="facts">
              <dt>{t("common.review")}</dt>
              <dd>
                {f.date(r.reviewDate, notKnown)}
                {r.reviewDateEstimated ? ` (${t("review.estimatedReviewDate")})` : ""},{" "}
                {t("home.sessionOfWorkingGroup", { count: r.session, ordinal: true })}
              </dd>
              <dt>{t("review.adoption")}</dt>
              <dd>
                {f.date(r.adoptionDate, notKnown)}
                {r.adoptionDateEstimated
                  ? ` (${t("review.estimatedAdoptionDate", { months: MONTHS_TO_ADOPTION })})`
                  : ""}
              </dd>
              <dt>{t("review.report")}</dt>
              <dd>{r.reportSymbol ?? notKnown}</dd>
              <dt>{t("review.imported")}</dt>
              <dd data-testid={`imported-cycle-${r.cycle}`}>
                {r.officialReceived === null
                  ? t("common.importedOfficialUnknown", { imported: f.number(r.imported) })
                  : t("common.importedOfOfficial", {
                      imported: f.number(r.imported),
                      official: f.number(r.officialReceived),
                    })}
                {r.officialReceived !== null && r.imported < r.officialReceived ? (
                  <span className="warn"> {t("home.notAllImported")}</span>
                ) : null}
              </dd>
              <dt>{t("common.response.supported")}</dt>
              <dd data-testid={`supported-cycle-${r.cycle}`}>
                {f.number(r.supported)}
                {r.officialSupported !== null
                  ? ` ${t("home.official", { number: f.number(r.officialSupported) })}`
                  : ""}
              </dd>
              <dt>{t("common.response.noted")}</dt>
              <dd data-testid={`noted-cycle-${r.cycle}`}>
                {f.number(r.noted)}
                {r.officialNoted !== null ? ` ${t("home.official", { number: f.number(r.officialNoted) })}` : ""}
              </dd>
              {r.pending > 0 ? (
                <>
                  <dt>{t("review.noResponseKnown")}</dt>
                  <dd>{f.number(r.pending)}</dd>
                </>
              ) : null}
            </dl>
            {r.imported === 0 ? (
              <p className="note" data-testid={`no-texts-cycle-${r.cycle}`}>
                {canImport ? (
                  <Trans i18nKey="home.notImportedEditor" components={[<Link key="0" to="/import" />]} />
                ) : (
                  t("review.notImported")
                )}
              </p>
            ) : null}
            {r.notes ? (
              <p className="note" dir="auto">
                {r.notes}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {reviews.length === 0 ? <p>{t("home.noReviews")}</p> : null}
    </>
  );
}
