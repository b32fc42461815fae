// One recommending state: what it recommended to a state under review in each cycle, the responses,
// the current status and its evidence. Prints as a one-page brief for a meeting with its embassy
// (state-brief.css: A4, compact). Public: an assessment names its organisation, never its editor.
import { chosenState } from "~/http/chosen-state.server";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "~/components/filter-select";
import { StateLinks } from "~/components/state-links";
import { paragraphColumn, RecommendationTable, responseColumn, textColumn } from "~/components/recommendation-table";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { iso3Code } from "~/lib/query-params";
import { todayUtc } from "~/lib/dates";
import { formatDate, RESPONSE_LABELS, STATUS_LABELS } from "~/lib/format";
import { briefTotals } from "~/lib/state-brief";
import { recommendingStateBrief } from "~/models/recommending-states.server";
import { STATUSES } from "../../db/schema";
import briefHref from "../state-brief.css?url";

/** The state's code (the path) and the state under review (`?state=`, optional; a bad one is ignored). */
const Input = z.object({ code: iso3Code, state: iso3Code.optional().catch(undefined) });
const notFound = () => new Response("There is no state with that code.", { status: 404, statusText: "Not Found" });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: briefHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.brief.state.name}'s recommendations${data.brief.underReview ? ` to ${data.brief.underReview.name}` : ""}: UPR Monitor`
      : "Recommending state: UPR Monitor",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const input = Input.safeParse({
    code: params.code,
    state: new URL(request.url).searchParams.get("state") || undefined,
  });
  if (!input.success) throw notFound();
  const query = input.data;
  const brief = await recommendingStateBrief(await getDb(), query.code, {
    underReview: query.state,
    defaultUnderReview: chosenState(request).iso3,
  });
  if (!brief) throw notFound();
  return { brief, asked: query.state ?? null, today: todayUtc() };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["brief"]["reviews"][number]["recommendations"][number];

export default function RecommendingStatePage() {
  const { brief, asked, today } = useLoaderData<typeof loader>();
  const { state, underReview, reviews } = brief;
  const totals = briefTotals(reviews);
  const qs = underReview ? `from=${state.iso3}&state=${underReview.iso3}` : `from=${state.iso3}`;
  return (
    <div className="state-brief">
      <p className="crumbs no-print">
        <Link to="/states">Recommending states</Link> / {state.name}
      </p>
      <h1>
        {state.name}
        {underReview ? `: its UPR recommendations to ${underReview.name}` : ""}
      </h1>
      <p className="brief-meta small">
        {state.regionalGroup ? `${state.regionalGroup} group · ` : ""}As of {formatDate(today)} · UPR Monitor
        <span className="no-print"> · Prints as a one-page brief (A4)</span>
      </p>
      {brief.underReviewChoices.length > 1 ? (
        <Form method="get" className="filters no-print" aria-label="State under review">
          <FilterSelect
            name="state"
            label="State under review"
            value={underReview?.iso3}
            all={null}
            options={brief.underReviewChoices.map((c) => ({
              value: c.iso3,
              label: `${c.name} (${c.recommendations})`,
            }))}
          />
          <button type="submit">Show</button>
        </Form>
      ) : null}
      {!underReview ? (
        <p data-testid="no-recommendations">
          {asked
            ? `${state.name} made no recommendation to the state with code ${asked} that is held here.`
            : `No recommendation made by ${state.name} is held here.`}
        </p>
      ) : (
        <>
          <section className="brief-summary" aria-labelledby="summary-heading" data-testid="brief-summary">
            <h2 id="summary-heading" className="visually-hidden">
              In numbers
            </h2>
            <p>
              <strong data-testid="brief-total">{totals.recommendations}</strong>{" "}
              {totals.recommendations === 1 ? "recommendation" : "recommendations"} to {underReview.name} in{" "}
              {reviews.length === 1 ? "1 cycle" : `${reviews.length} cycles`}:{" "}
              <span data-testid="brief-responses">
                {(["supported", "noted", "pending"] as const)
                  .filter((r) => totals.responses[r] > 0)
                  .map((r) => `${totals.responses[r]} ${RESPONSE_LABELS[r].toLowerCase()}`)
                  .join(", ")}
              </span>
              . <strong data-testid="brief-implemented">{totals.implemented}</strong> at least partially implemented
              (partially or fully), {totals.statuses.not_assessed} not assessed yet.
            </p>
          </section>
          {reviews.map((review) => (
            <section key={review.reviewId} className="brief-cycle" aria-labelledby={`cycle-${review.cycle}`}>
              <h2 id={`cycle-${review.cycle}`}>
                <Link to={`/reviews/${review.reviewId}`}>Cycle {review.cycle}</Link>
                <span className="small muted">
                  {" "}
                  · review {formatDate(review.reviewDate)}
                  {review.reportSymbol ? ` · ${review.reportSymbol}` : ""}
                </span>
              </h2>
              <p className="small" data-testid={`cycle-${review.cycle}-counts`}>
                {review.recommendations.length}{" "}
                {review.recommendations.length === 1 ? "recommendation" : "recommendations"}:{" "}
                {review.responses.supported} supported, {review.responses.noted} noted
                {review.responses.pending ? `, ${review.responses.pending} with no response known` : ""}. Status:{" "}
                {STATUSES.filter((s) => review.statuses[s] > 0)
                  .map((s) => `${STATUS_LABELS[s]} ${review.statuses[s]}`)
                  .join(", ")}
                .
              </p>
              <RecommendationTable
                className="brief-table"
                testId={`brief-cycle-${review.cycle}`}
                caption={<span className="visually-hidden">Recommendations of cycle {review.cycle}</span>}
                rows={review.recommendations}
                columns={[
                  paragraphColumn({ ariaLabel: true }),
                  textColumn<Row>((r) =>
                    r.jointWith.length ? (
                      <span className="muted small">
                        <br />
                        With <StateLinks states={r.jointWith} />
                      </span>
                    ) : null,
                  ),
                  responseColumn(),
                  {
                    header: "Status and evidence",
                    className: "evidence",
                    cell: (r) => (
                      <>
                        <StatusBadge status={r.currentStatus} />
                        {r.currentAsOf ? (
                          <span className="small">
                            {" "}
                            as of {formatDate(r.currentAsOf)}
                            {r.organisationName ? ` (${r.organisationName})` : ""}
                            {r.isSample ? " · sample data, not a real assessment" : ""}
                          </span>
                        ) : null}
                        {r.evidence ? <span className="small evidence-text">{r.evidence}</span> : null}
                        {r.sourceUrls.length ? (
                          <span className="small no-print">
                            {r.sourceUrls.map((u, i) => (
                              <a key={u} href={u} rel="noreferrer nofollow">
                                {i ? " · " : ""}Source {i + 1}
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
            <Link to={`/recommendations?${qs}`}>These recommendations in the search</Link> ·{" "}
            <a href={`/export.csv?${qs}`} download>
              Export them (CSV)
            </a>{" "}
            · <Link to={`/changes?state=${underReview.iso3}`}>What changed</Link>
          </p>
        </>
      )}
    </div>
  );
}
