import { MONTHS_TO_ADOPTION } from "~/lib/session-calendar";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";

import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { CompactRecommendationList } from "~/components/compact-list";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { localDate, localStateName } from "~/i18n/format";
import { useFormat } from "~/i18n/hooks";
import { readerLanguage, requestT } from "~/http/language.server";
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
    message: "review.errorAdoptionBeforeReview",
  });
type DatesErrors = Partial<Record<"reviewDate" | "adoptionDate", string[]>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const t = requestT(request);
  const id = Params.safeParse(params);
  if (!id.success) throw new Response(t("review.notFound"), { status: 404, statusText: "Not Found" });
  const parsed = DatesForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    // The schema's own message is a catalogue key; the date checks' are not ours and read as a wrong date.
    const said = (message: string) =>
      message === "review.errorAdoptionBeforeReview" ? t("review.errorAdoptionBeforeReview") : t("review.errorDate");
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as DatesErrors;
    const errors = Object.fromEntries(
      Object.entries(fieldErrors).map(([k, v]) => [k, (v ?? []).map(said)]),
    ) as DatesErrors;
    return data({ errors, saved: false }, 400);
  }
  const result = await correctReviewDates(await getDb(), user.id, id.data.reviewId, parsed.data);
  if (!result.ok) throw new Response(t("review.notFound"), { status: 404, statusText: "Not Found" });
  return { errors: {} as DatesErrors, saved: true };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  if (!data) return pageMeta(t, t("review.notFoundTitle"));
  const { review, lng } = data;
  const state = localStateName(lng, review.stateIso3, review.stateName);
  return pageMeta(
    t,
    t("review.metaTitle", { state, cycle: review.cycle }),
    t("review.metaDescription", {
      count: review.imported,
      state,
      date: review.reviewDate ? localDate(lng, review.reviewDate) : t("common.dateNotKnown"),
      supported: review.supported,
      noted: review.noted,
    }),
  );
};

export async function loader({ params, request }: LoaderFunctionArgs) {
  const t = requestT(request);
  const { lng } = readerLanguage(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response(t("review.notFound"), { status: 404, statusText: "Not Found" });
  const db = await getDb();
  const review = await getReviewSummary(db, parsed.data.reviewId);
  if (!review) throw new Response(t("review.notFound"), { status: 404, statusText: "Not Found" });
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
    lng,
    review,
    recommendations,
    paging: { page, pageCount, first: (page - 1) * PAGE_SIZE + 1, total: all.length },
    documents: complete
      ? []
      : reviewDocumentLinks({ ...review, stateName: localStateName(lng, review.stateIso3, review.stateName) }, t),
    canImport: user !== null,
    isAdmin: user?.role === "admin",
  };
}

export default function ReviewPage() {
  const { review, recommendations, paging, documents, canImport, isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const f = useFormat();
  const last = paging.first + recommendations.length - 1;
  const state = f.state(review.stateIso3, review.stateName);
  const notKnown = t("common.dateNotKnown");
  return (
    <>
      <p className="crumbs">
        <Link to={review.stateIso3 ? `/?state=${review.stateIso3}` : "/reviews"}>
          {t("review.crumbReviewsOf", { state })}
        </Link>{" "}
        / {t("review.cycleTitle", { cycle: review.cycle })}
      </p>
      <h1>{t("review.title", { state, cycle: review.cycle })}</h1>
      <dl className="facts">
        <dt>{t("common.review")}</dt>
        <dd>
          {f.date(review.reviewDate, notKnown)} ({t("common.sessionN", { session: review.session })}
          {review.reviewDateEstimated ? `; ${t("review.estimatedReviewDate")}` : ""})
        </dd>
        <dt>{t("review.adoption")}</dt>
        <dd>
          {f.date(review.adoptionDate, notKnown)}
          {review.adoptionDateEstimated
            ? ` (${t("review.estimatedAdoptionDate", { months: MONTHS_TO_ADOPTION })})`
            : ""}
        </dd>
        <dt>{t("review.report")}</dt>
        <dd>{review.reportSymbol ?? notKnown}</dd>
        <dt>{t("review.imported")}</dt>
        <dd>
          {review.officialReceived === null
            ? t("common.importedOfficialUnknown", { imported: f.number(review.imported) })
            : t("common.importedOfOfficial", {
                imported: f.number(review.imported),
                official: f.number(review.officialReceived),
              })}
        </dd>
        <dt>{t("review.responses")}</dt>
        <dd>
          {t("review.responsesCounts", { supported: f.number(review.supported), noted: f.number(review.noted) })}
          {review.pending ? t("review.responsesPending", { pending: f.number(review.pending) }) : ""}
        </dd>
      </dl>
      {isAdmin ? <CorrectDates review={review} /> : null}
      {documents.length > 0 || review.imported === 0 ? (
        <section className="panel no-print" aria-labelledby="documents-heading" data-testid="review-documents">
          <h2 id="documents-heading">
            {review.officialReceived === null
              ? t("review.officialUnknown")
              : review.imported < review.officialReceived
                ? t("review.notAllHeld", {
                    count: review.officialReceived - review.imported,
                    missing: f.number(review.officialReceived - review.imported),
                    official: f.number(review.officialReceived),
                  })
                : t("review.moreHeld", {
                    count: review.imported - review.officialReceived,
                    more: f.number(review.imported - review.officialReceived),
                    official: f.number(review.officialReceived),
                  })}
          </h2>
          <p>{canImport ? t("review.documentsEditor") : t("review.documentsReader")}</p>
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
              <Link to="/import">{t("review.importLink")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <p className="no-print">
        <Link to={`/reviews/${review.id}/report`}>{t("review.reportPrintable")}</Link> ·{" "}
        <a href={`/reviews/${review.id}/report.docx`}>{t("review.reportDocx")}</a> ·{" "}
        <Link to={`/dashboard?state=${review.stateIso3 ?? ""}&cycle=${review.cycle}`}>{t("layout.nav.dashboard")}</Link>{" "}
        ·{" "}
        <Link to={`/recommendations?state=${review.stateIso3 ?? ""}&cycle=${review.cycle}`}>
          {t("review.searchThese")}
        </Link>
      </p>
      {recommendations.length === 0 ? (
        <p data-testid="no-texts">
          {canImport ? (
            <Trans i18nKey="review.notImportedEditor" components={[<Link key="0" to="/import" />]} />
          ) : (
            t("review.notImported")
          )}
        </p>
      ) : (
        <section aria-labelledby="list-heading">
          <h2 id="list-heading">
            {paging.pageCount > 1
              ? t("review.listHeadingPaged", {
                  first: f.number(paging.first),
                  last: f.number(last),
                  total: f.number(paging.total),
                })
              : t("review.listHeading", { total: f.number(paging.total) })}
          </h2>
          <p className="muted small">{t("review.eachOpens")}</p>
          <CompactRecommendationList rows={recommendations} start={paging.first} />
          {paging.pageCount > 1 ? (
            <nav className="pager" aria-label={t("review.pages")}>
              {paging.page > 1 ? <Link to={`?page=${paging.page - 1}`}>{t("review.previous")}</Link> : <span />}
              <span>{t("common.pageOf", { page: f.number(paging.page), pages: f.number(paging.pageCount) })}</span>
              {paging.page < paging.pageCount ? (
                <Link to={`?page=${paging.page + 1}`}>{t("review.next")}</Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}

function CorrectDates({ review }: { review: ReturnType<typeof useLoaderData<typeof loader>>["review"] }) {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors: DatesErrors = result?.errors ?? {};
  const estimated = review.reviewDateEstimated || review.adoptionDateEstimated;
  return (
    <details className="panel no-print" open={estimated || Object.keys(errors).length > 0 || undefined}>
      <summary>{estimated ? t("review.correctEstimatedDates") : t("review.correctDates")}</summary>
      {result?.saved ? (
        <p role="status" className="ok">
          {t("review.datesSaved")}
        </p>
      ) : null}
      <Form method="post" className="form-grid">
        <FormField
          id="reviewDate"
          label={t("review.dayOfReview")}
          hint={t("review.dayOfReviewHint")}
          error={errors.reviewDate?.[0]}
        >
          {(c) => <input {...c} type="date" required defaultValue={review.reviewDate ?? ""} />}
        </FormField>
        <FormField
          id="adoptionDate"
          label={t("review.adoptionOfOutcome")}
          hint={t("review.adoptionOfOutcomeHint")}
          error={errors.adoptionDate?.[0]}
        >
          {(c) => <input {...c} type="date" defaultValue={review.adoptionDate ?? ""} />}
        </FormField>
        <p>
          <button type="submit">{t("review.saveDates")}</button>
        </p>
      </Form>
    </details>
  );
}
