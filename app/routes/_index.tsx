import { ESTIMATED_ADOPTION_DATE, ESTIMATED_REVIEW_DATE } from "~/lib/session-calendar";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { data } from "@remix-run/node";
import { FilterSelect } from "~/components/filter-select";
import { chosenState, rememberStateHeaders } from "~/http/chosen-state.server";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { formatDate, importedOfOfficial, ordinal } from "~/lib/format";
import { todayUtc } from "~/lib/dates";
import { daysUntil, nextMilestone, stateMilestones } from "~/lib/upr-calendar";
import { listCalendarStates } from "~/models/calendar.server";
import { listReviewsForState } from "~/models/reviews.server";
import { getStateByIso3, listStatesUnderReview } from "~/models/states.server";
import { getOptionalUser } from "~/http/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(
    metaT(matches),
    "UPR Monitor",
    `What ${data?.stateName ?? "a government"} did with the recommendations it received in the UN Universal Periodic Review, cycle by cycle.`,
  );

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
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
    .map((m) => ({ title: m!.title, date: m!.date, days: daysUntil(m!.date, today), estimated: m!.source === "rule" }));
  // Newest cycle first; the page opens on the latest review that holds recommendations.
  const newestFirst = [...reviews].sort((a, b) => b.cycle - a.cycle);
  const latestWithTexts = newestFirst.find((r) => r.imported > 0) ?? null;
  return data(
    {
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
  return (
    <>
      <h1>{known ? `${stateName} in the Universal Periodic Review` : "UPR Monitor"}</h1>
      {!known ? (
        <p className="warn" role="status">
          No review of the state with the code {iso3} is held here: choose one below or see{" "}
          <Link to="/reviews">every state</Link>.
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="State under review">
        <FilterSelect
          name="state"
          label="State under review"
          value={known ? iso3 : undefined}
          all={null}
          options={choices}
        />
        <button type="submit">Show</button> <Link to="/reviews">Every state and review held</Link>
      </Form>
      <p className="lead">
        Every UN member state is reviewed once per cycle. Here are {stateName}'s reviews: the recommendations it
        received, how it responded, and how many of them are held here.
      </p>
      {latestWithTexts ? (
        <p className="latest-review" data-testid="latest-review">
          Latest review with its recommendations here, cycle {latestWithTexts.cycle}:{" "}
          <Link to={`/reviews/${latestWithTexts.id}`}>the review of {formatDate(latestWithTexts.reviewDate)}</Link>,{" "}
          {latestWithTexts.imported} recommendations ·{" "}
          <Link to={`/dashboard?state=${iso3}&cycle=${latestWithTexts.cycle}`}>its progress</Link> ·{" "}
          <Link to="/changes">what changed</Link>
        </p>
      ) : null}
      {upcoming.length ? (
        <p className="upcoming" data-testid="next-milestone">
          Next:{" "}
          {upcoming.map((m, i) => (
            <span key={m.title}>
              {i ? "; " : ""}
              {m.title}, {formatDate(m.date)} (in {m.days} {m.days === 1 ? "day" : "days"}
              {m.estimated ? ", estimated" : ""})
            </span>
          ))}{" "}
          · <Link to={`/calendar?state=${iso3}`}>UPR calendar</Link>
        </p>
      ) : null}
      <ol className="cards">
        {reviews.map((r) => (
          <li key={r.id} className="card" aria-labelledby={`review-${r.id}`}>
            <h2 id={`review-${r.id}`}>
              <Link to={`/reviews/${r.id}`}>Cycle {r.cycle}</Link>
            </h2>
            <dl className="facts">
              <dt>Review</dt>
              <dd>
                {formatDate(r.reviewDate)}
                {r.reviewDateEstimated ? ` (${ESTIMATED_REVIEW_DATE})` : ""}, {ordinal(r.session)} session of the
                Working Group
              </dd>
              <dt>Adoption</dt>
              <dd>
                {formatDate(r.adoptionDate)}
                {r.adoptionDateEstimated ? ` (${ESTIMATED_ADOPTION_DATE})` : ""}
              </dd>
              <dt>Report</dt>
              <dd>{r.reportSymbol ?? "not known"}</dd>
              <dt>Imported</dt>
              <dd data-testid={`imported-cycle-${r.cycle}`}>
                {importedOfOfficial(r.imported, r.officialReceived)}
                {r.officialReceived !== null && r.imported < r.officialReceived ? (
                  <span className="warn"> (texts not all imported yet)</span>
                ) : null}
              </dd>
              <dt>Supported</dt>
              <dd data-testid={`supported-cycle-${r.cycle}`}>
                {r.supported}
                {r.officialSupported !== null ? ` (official: ${r.officialSupported})` : ""}
              </dd>
              <dt>Noted</dt>
              <dd data-testid={`noted-cycle-${r.cycle}`}>
                {r.noted}
                {r.officialNoted !== null ? ` (official: ${r.officialNoted})` : ""}
              </dd>
              {r.pending > 0 ? (
                <>
                  <dt>No response known</dt>
                  <dd>{r.pending}</dd>
                </>
              ) : null}
            </dl>
            {r.imported === 0 ? (
              <p className="note" data-testid={`no-texts-cycle-${r.cycle}`}>
                {canImport ? (
                  <>
                    The texts of this review's recommendations are not imported yet:{" "}
                    <Link to="/import">import them</Link> (the OHCHR matrix, the Working Group report or a UPR Info
                    export).
                  </>
                ) : (
                  "The texts of this review's recommendations are not imported yet."
                )}
              </p>
            ) : null}
            {r.notes ? <p className="note">{r.notes}</p> : null}
          </li>
        ))}
      </ol>
      {reviews.length === 0 ? <p>No reviews are stored for this state yet.</p> : null}
    </>
  );
}
