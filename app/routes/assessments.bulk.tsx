// Bulk assessment: filter recommendations by review, response and coalition issue, tick them, and give
// them one status with one evidence note (one assessment each, all or nothing).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ignoredParameter } from "~/lib/query-params";
import { RESPONSES } from "../../db/schema";
import { AssessmentForm, type AssessmentFormValues } from "~/components/assessment-form";
import { FilterSelect } from "~/components/filter-select";
import {
  chooseColumn,
  paragraphColumn,
  RecommendationTable,
  responseColumn,
  statusColumn,
  textColumn,
} from "~/components/recommendation-table";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { AssessmentFields, fieldErrorsOf } from "~/lib/assessment-input";
import { todayUtc } from "~/lib/dates";
import { RESPONSE_LABELS } from "~/lib/format";
import { recordAssessments } from "~/models/assessments.server";
import { listIssues } from "~/models/issues.server";
import { listRecommendationsForBulk } from "~/models/recommendations.server";
import { listReviewsForState } from "~/models/reviews.server";
import { listOrganisations } from "~/models/users.server";
import { assertSameOrigin, requireEditor } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Assess many recommendations: UPR Monitor" }];

/** Unknown filter values are dropped (and reported), never an error. */
const Filter = z.object({
  review: z.coerce.number().int().positive().optional().catch(undefined),
  response: z.enum(RESPONSES).optional().catch(undefined),
  issue: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional()
    .catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEditor(request);
  const url = new URL(request.url);
  const raw = Object.fromEntries(url.searchParams);
  const filter = Filter.parse(raw);
  const db = await getDb();
  const [reviews, issues, organisations] = await Promise.all([
    listReviewsForState(db, env().DEFAULT_STATE),
    listIssues(db),
    listOrganisations(db),
  ]);
  const ignored: string[] = [];
  if (raw.review && !reviews.some((r) => r.id === filter.review)) {
    ignored.push(ignoredParameter("review", raw.review));
    filter.review = undefined;
  }
  if (raw.response && !filter.response) ignored.push(ignoredParameter("response", raw.response));
  if (raw.issue && !issues.some((i) => i.slug === filter.issue)) {
    ignored.push(ignoredParameter("issue", raw.issue));
    filter.issue = undefined;
  }
  const recommendations = await listRecommendationsForBulk(db, {
    reviewId: filter.review,
    response: filter.response,
    issueSlug: filter.issue,
  });
  return { user, filter, ignored, reviews, issues, organisations, recommendations, today: todayUtc() };
}

type ActionResult =
  | { kind: "invalid"; fieldErrors: Record<string, string | undefined>; values: AssessmentFormValues; ids: number[] }
  | { kind: "saved"; count: number };

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireEditor(request);
  const form = await request.formData();
  const ids = z.array(z.coerce.number().int().positive()).max(5000).safeParse(form.getAll("ids"));
  const raw = Object.fromEntries(form) as Record<string, string>;
  const values: AssessmentFormValues = {
    status: raw.status ?? "",
    asOf: raw.asOf ?? "",
    evidence: raw.evidence ?? "",
    sourceUrls: raw.sourceUrls ?? "",
    organisationId: raw.organisationId ?? "",
  };
  const chosen = ids.success ? ids.data : [];
  const fields = AssessmentFields.safeParse(raw);
  if (!fields.success || !ids.success) {
    const fieldErrors = fields.success ? {} : fieldErrorsOf(fields.error);
    if (!ids.success) fieldErrors.recommendationIds = "The chosen recommendations could not be read";
    return data<ActionResult>({ kind: "invalid", fieldErrors, values, ids: chosen }, 400);
  }
  const result = await recordAssessments(await getDb(), { id: user.id, role: user.role }, chosen, fields.data);
  if (result.ok) return data<ActionResult>({ kind: "saved", count: result.count });
  if (result.kind === "not_found")
    return data<ActionResult>(
      {
        kind: "invalid",
        fieldErrors: { recommendationIds: "Some chosen recommendations no longer exist; reload the list" },
        values,
        ids: chosen,
      },
      400,
    );
  return data<ActionResult>({ kind: "invalid", fieldErrors: result.fieldErrors, values, ids: chosen }, 400);
}

export default function BulkAssessmentPage() {
  const { user, filter, ignored, reviews, issues, organisations, recommendations, today } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const invalid = result?.kind === "invalid" ? result : undefined;
  const checked = new Set(invalid?.ids ?? []);
  return (
    <>
      <h1>Assess many recommendations at once</h1>
      <p className="lead">
        Choose recommendations, then give them one status and one evidence note. Each gets an assessment of its own.
      </p>
      {ignored.length ? (
        <p className="warn" role="status">
          Ignored unknown filter values: {ignored.join(", ")}.
        </p>
      ) : null}
      <Form method="get" className="filters">
        <FilterSelect
          name="review"
          label="Review"
          value={filter.review}
          options={reviews.map((r) => ({ value: r.id, label: `Cycle ${r.cycle} (${r.imported})` }))}
        />
        <FilterSelect
          name="response"
          label="Response"
          value={filter.response}
          options={RESPONSES.map((r) => ({ value: r, label: RESPONSE_LABELS[r] }))}
        />
        <FilterSelect
          name="issue"
          label="Coalition issue"
          value={filter.issue}
          options={issues.map((i) => ({ value: i.slug, label: i.title }))}
        />
        <button type="submit">Filter</button>
      </Form>
      {result?.kind === "saved" ? (
        <p className="ok" role="status" data-testid="bulk-saved">
          Saved {result.count} assessments.
        </p>
      ) : null}
      <Form method="post" className="bulk">
        {invalid?.fieldErrors.recommendationIds ? (
          <p className="error">{invalid.fieldErrors.recommendationIds}</p>
        ) : null}
        <RecommendationTable
          caption={`${recommendations.length === 1 ? "1 recommendation" : `${recommendations.length} recommendations`} match`}
          rows={recommendations}
          columns={[
            chooseColumn((r) => checked.has(r.id)),
            paragraphColumn(),
            textColumn(),
            responseColumn(true),
            statusColumn(),
          ]}
        />
        <AssessmentFormFields
          organisations={organisations}
          defaults={
            invalid?.values ?? {
              status: "",
              asOf: today,
              evidence: "",
              sourceUrls: "",
              organisationId: String(user.organisationId),
            }
          }
          errors={invalid?.fieldErrors ?? {}}
          today={today}
          busy={navigation.state === "submitting"}
        />
      </Form>
    </>
  );
}

/** The same fields as one assessment, inside the bulk form (so the ticked boxes are posted with them). */
function AssessmentFormFields(props: {
  organisations: { id: number; name: string }[];
  defaults: AssessmentFormValues;
  errors: Record<string, string | undefined>;
  today: string;
  busy: boolean;
}) {
  return (
    <AssessmentForm
      {...props}
      minDate={null}
      hidden={{}}
      submitLabel="Record for the chosen recommendations"
      embedded
    />
  );
}
