import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  paragraphColumn,
  RecommendationTable,
  responseColumn,
  statusColumn,
  textColumn,
} from "~/components/recommendation-table";
import { StateLinks } from "~/components/state-links";
import { getDb } from "~/db.server";
import { formatDate, importedOfOfficial } from "~/lib/format";
import { reviewDocumentLinks } from "~/lib/review-documents";
import { getReviewSummary, listReviewRecommendations } from "~/models/reviews.server";
import { getOptionalUser } from "~/session.server";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `${data.review.stateName}, cycle ${data.review.cycle}: UPR Monitor` : "Review not found: UPR Monitor",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const db = await getDb();
  const review = await getReviewSummary(db, parsed.data.reviewId);
  if (!review) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const recommendations = await listReviewRecommendations(db, review.id);
  // Fewer (or more) than the official total, or no total known: say where the documents are.
  const complete = review.officialReceived !== null && review.imported === review.officialReceived;
  const canImport = (await getOptionalUser(request)) !== null;
  return { review, recommendations, documents: complete ? [] : reviewDocumentLinks(review), canImport };
}

export default function ReviewPage() {
  const { review, recommendations, documents, canImport } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="crumbs">
        <Link to="/">Reviews</Link> / Cycle {review.cycle}
      </p>
      <h1>
        {review.stateName}: review of cycle {review.cycle}
      </h1>
      <dl className="facts">
        <dt>Review</dt>
        <dd>
          {formatDate(review.reviewDate)} (session {review.session})
        </dd>
        <dt>Adoption</dt>
        <dd>{formatDate(review.adoptionDate)}</dd>
        <dt>Report</dt>
        <dd>{review.reportSymbol ?? "not known"}</dd>
        <dt>Imported</dt>
        <dd>{importedOfOfficial(review.imported, review.officialReceived)}</dd>
        <dt>Responses</dt>
        <dd>
          {review.supported} supported, {review.noted} noted
          {review.pending ? `, ${review.pending} with no response known` : ""}
        </dd>
      </dl>
      {documents.length > 0 || review.imported === 0 ? (
        <section className="panel no-print" aria-labelledby="documents-heading" data-testid="review-documents">
          <h2 id="documents-heading">
            {review.officialReceived === null
              ? "The official number of recommendations is not known"
              : review.imported < review.officialReceived
                ? `${review.officialReceived - review.imported} of the ${review.officialReceived} recommendations are not held yet`
                : `${review.imported - review.officialReceived} more recommendations are held than the official ${review.officialReceived}: check for duplicates`}
          </h2>
          <p>
            {canImport
              ? "Get the review's documents from OHCHR and import them (a file for this review merges into what is held):"
              : "They are not imported yet. The review's documents are at OHCHR (an editor of the coalition imports them):"}
          </p>
          <ul>
            {documents.map((d) => (
              <li key={d.href}>
                <a href={d.href} rel="noreferrer">
                  {d.label}
                </a>
              </li>
            ))}
          </ul>
          {canImport ? (
            <p>
              <Link to="/import">Import the matrix, the report or a UPR Info export</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <p className="no-print">
        <Link to={`/reviews/${review.id}/report`}>Mid-term report (printable)</Link> ·{" "}
        <Link to={`/dashboard?state=${review.stateIso3 ?? ""}&cycle=${review.cycle}`}>Dashboard</Link> ·{" "}
        <Link to={`/recommendations?state=${review.stateIso3 ?? ""}&cycle=${review.cycle}`}>
          Search these recommendations
        </Link>
      </p>
      {recommendations.length === 0 ? (
        <p data-testid="no-texts">
          The texts of this review's recommendations are not imported yet
          {canImport ? (
            <>
              : <Link to="/import">import them</Link>.
            </>
          ) : (
            "."
          )}
        </p>
      ) : (
        <RecommendationTable
          caption={`Recommendations of cycle ${review.cycle} (${recommendations.length}), in the order of the report`}
          rows={recommendations}
          columns={[
            paragraphColumn({ ariaLabel: true }),
            {
              header: "Recommending states",
              cell: (r) => (r.kind === "pledge" ? "Voluntary pledge" : <StateLinks states={r.recommendingStates} />),
            },
            textColumn(),
            responseColumn(),
            statusColumn(),
          ]}
        />
      )}
    </>
  );
}
