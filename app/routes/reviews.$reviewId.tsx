import { ESTIMATED_ADOPTION_DATE, ESTIMATED_REVIEW_DATE } from "~/lib/session-calendar";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";

import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CompactRecommendationList } from "~/components/compact-list";
import { getDb } from "~/db.server";
import { formatDate, importedOfOfficial } from "~/lib/format";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { reviewDocumentLinks } from "~/lib/review-documents";
import { correctReviewDates, getReviewSummary, listReviewRecommendations } from "~/models/reviews.server";
import { getOptionalUser, requireAdmin } from "~/http/session.server";
import { isoDate } from "~/lib/query-params";
import { FormField } from "~/components/form-field";

const Params = z.object({ reviewId: z.coerce.number().int().positive().max(2_147_483_647) });
// ?page=N of the list; anything else is page 1.
const Query = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });
const PAGE_SIZE = 50;

/** An admin's correction of the review's dates (the calendar's are estimates). */
const DatesForm = z
  .object({
    reviewDate: isoDate,
    adoptionDate: z.union([z.literal(""), isoDate]).transform((v) => (v === "" ? null : v)),
  })
  .refine((v) => v.adoptionDate === null || v.adoptionDate >= v.reviewDate, {
    path: ["adoptionDate"],
    message: "The adoption comes after the review.",
  });
type DatesErrors = Partial<Record<"reviewDate" | "adoptionDate", string[]>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const id = Params.safeParse(params);
  if (!id.success) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const parsed = DatesForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return data({ errors: z.flattenError(parsed.error).fieldErrors as DatesErrors, saved: false }, 400);
  const result = await correctReviewDates(await getDb(), user.id, id.data.reviewId, parsed.data);
  if (!result.ok) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  return { errors: {} as DatesErrors, saved: true };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageMeta(
        metaT(matches),
        `${data.review.stateName}, cycle ${data.review.cycle}`,
        `The ${data.review.imported} recommendations ${data.review.stateName} received in its UPR review of ${formatDate(data.review.reviewDate)}: ${data.review.supported} supported, ${data.review.noted} noted, with their implementation status.`,
      )
    : pageMeta(metaT(matches), "Review not found");

export async function loader({ params, request }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const db = await getDb();
  const review = await getReviewSummary(db, parsed.data.reviewId);
  if (!review) throw new Response("There is no such review.", { status: 404, statusText: "Not Found" });
  const all = await listReviewRecommendations(db, review.id);
  const user = await getOptionalUser(request);
  const pageCount = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const page = Math.min(
    Query.parse({ page: new URL(request.url).searchParams.get("page") ?? undefined }).page,
    pageCount,
  );
  const recommendations = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  // Fewer (or more) than the official total, or no total known: say where the documents are.
  const complete = review.officialReceived !== null && review.imported === review.officialReceived;
  return {
    review,
    recommendations,
    paging: { page, pageCount, first: (page - 1) * PAGE_SIZE + 1, total: all.length },
    documents: complete ? [] : reviewDocumentLinks(review),
    canImport: user !== null,
    isAdmin: user?.role === "admin",
  };
}

export default function ReviewPage() {
  const { review, recommendations, paging, documents, canImport, isAdmin } = useLoaderData<typeof loader>();
  const last = paging.first + recommendations.length - 1;
  return (
    <>
      <p className="crumbs">
        <Link to={review.stateIso3 ? `/?state=${review.stateIso3}` : "/reviews"}>Reviews of {review.stateName}</Link> /
        Cycle {review.cycle}
      </p>
      <h1>
        {review.stateName}: review of cycle {review.cycle}
      </h1>
      <dl className="facts">
        <dt>Review</dt>
        <dd>
          {formatDate(review.reviewDate)} (session {review.session}
          {review.reviewDateEstimated ? `; ${ESTIMATED_REVIEW_DATE}` : ""})
        </dd>
        <dt>Adoption</dt>
        <dd>
          {formatDate(review.adoptionDate)}
          {review.adoptionDateEstimated ? ` (${ESTIMATED_ADOPTION_DATE})` : ""}
        </dd>
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
      {isAdmin ? <CorrectDates review={review} /> : null}
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
        <a href={`/reviews/${review.id}/report.docx`}>Mid-term report (Word document, .docx)</a> ·{" "}
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
        <section aria-labelledby="list-heading">
          <h2 id="list-heading">
            Recommendations {paging.pageCount > 1 ? `${paging.first}–${last} of ${paging.total}` : `(${paging.total})`},
            in the order of the report
          </h2>
          <p className="muted small">Each opens on its own page with the full text, its assessments and evidence.</p>
          <CompactRecommendationList rows={recommendations} start={paging.first} />
          {paging.pageCount > 1 ? (
            <nav className="pager" aria-label="Pages">
              {paging.page > 1 ? <Link to={`?page=${paging.page - 1}`}>← Previous</Link> : <span />}
              <span>
                Page {paging.page} of {paging.pageCount}
              </span>
              {paging.page < paging.pageCount ? <Link to={`?page=${paging.page + 1}`}>Next →</Link> : <span />}
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}

function CorrectDates({ review }: { review: ReturnType<typeof useLoaderData<typeof loader>>["review"] }) {
  const result = useActionData<typeof action>();
  const errors: DatesErrors = result?.errors ?? {};
  const estimated = review.reviewDateEstimated || review.adoptionDateEstimated;
  return (
    <details className="panel no-print" open={estimated || Object.keys(errors).length > 0 || undefined}>
      <summary>{estimated ? "Correct the estimated dates (admin)" : "Correct the dates (admin)"}</summary>
      {result?.saved ? (
        <p role="status" className="ok">
          The dates are saved.
        </p>
      ) : null}
      <Form method="post" className="form-grid">
        <FormField
          id="reviewDate"
          label="Day of the review"
          hint="As the Working Group report says (YYYY-MM-DD)"
          error={errors.reviewDate?.[0]}
        >
          {(c) => <input {...c} type="date" required defaultValue={review.reviewDate ?? ""} />}
        </FormField>
        <FormField
          id="adoptionDate"
          label="Adoption of the outcome"
          hint="At the Human Rights Council; empty if not known yet"
          error={errors.adoptionDate?.[0]}
        >
          {(c) => <input {...c} type="date" defaultValue={review.adoptionDate ?? ""} />}
        </FormField>
        <p>
          <button type="submit">Save the dates</button>
        </p>
      </Form>
    </details>
  );
}
