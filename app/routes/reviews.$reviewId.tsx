import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { paragraphColumn, RecommendationTable, responseColumn, statusColumn, textColumn } from "~/components/recommendation-table";
import { getDb } from "~/db.server";
import { formatDate, importedOfOfficial } from "~/lib/format";
import { getReviewSummary, listReviewRecommendations } from "~/models/reviews.server";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.review.stateName}, cycle ${data.review.cycle}: UPR Monitor` : "Review not found: UPR Monitor" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const db = await getDb();
  const review = await getReviewSummary(db, parsed.data.reviewId);
  if (!review) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const recommendations = await listReviewRecommendations(db, review.id);
  return { review, recommendations };
}

export default function ReviewPage() {
  const { review, recommendations } = useLoaderData<typeof loader>();
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
          {review.supported} supported, {review.noted} noted{review.pending ? `, ${review.pending} with no response known` : ""}
        </dd>
      </dl>
      <p className="no-print">
        <Link to={`/reviews/${review.id}/report`}>Mid-term report (printable)</Link> · <Link to={`/dashboard?state=${review.stateIso3 ?? ""}&cycle=${review.cycle}`}>Dashboard</Link> ·{" "}
        <Link to={`/recommendations?state=${review.stateIso3 ?? ""}&cycle=${review.cycle}`}>Search these recommendations</Link>
      </p>
      {recommendations.length === 0 ? (
        <p>No recommendation of this review is imported yet.</p>
      ) : (
        <RecommendationTable
          caption={`Recommendations of cycle ${review.cycle} (${recommendations.length}), in the order of the report`}
          rows={recommendations}
          columns={[
            paragraphColumn({ ariaLabel: true }),
            { header: "Recommending states", cell: (r) => (r.kind === "pledge" ? "Voluntary pledge" : r.recommendingStates.join(", ")) },
            textColumn(),
            responseColumn(),
            statusColumn(),
          ]}
        />
      )}
    </>
  );
}
