// Bulk assessment: search and filter recommendations (the same filters as /recommendations), tick them
// (or all shown), and give them one status with one evidence note (one assessment each, all or nothing).
// A save redirects (the ticks and the text are cleared) with a notice; the form carries a one-time key
// stored with the save, so a resubmitted form (back button, double click) saves nothing again.
import crypto from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AssessmentForm, type AssessmentFormValues } from "~/components/assessment-form";
import { RecommendationFilters } from "~/components/recommendation-filters";
import { TickAllShown } from "~/components/tick-all-shown";
import {
  chooseColumn,
  paragraphColumn,
  RecommendationTable,
  responseColumn,
  statusColumn,
  textColumn,
} from "~/components/recommendation-table";
import { getDb } from "~/db.server";
import { filterFromRequest } from "~/http/filter-request.server";
import { AssessmentFields, fieldErrorsOf, translateFieldErrors } from "~/lib/assessment-input";
import { requestT } from "~/http/language.server";
import { useFormat } from "~/i18n/hooks";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { todayUtc } from "~/lib/dates";
import { filterToSearchParams } from "~/lib/recommendation-filter";
import { recordAssessments, REMOVED_BY_UNDO } from "~/models/assessments.server";
import { searchRecommendations } from "~/models/search.server";
import { listOrganisations } from "~/models/users.server";
import { assertSameOrigin, requireEditor } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("assess.title"));
};

const PAGE_SIZE = 100;
const PATH = "/assessments/bulk";
const count = z.coerce.number().int().min(0).max(100_000);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEditor(request);
  const { db, filter, options, ignored, url } = await filterFromRequest(request);
  const [result, organisations] = await Promise.all([
    searchRecommendations(db, filter, options, PAGE_SIZE),
    listOrganisations(db),
  ]);
  const saved = count.safeParse(url.searchParams.get("saved") ?? undefined);
  const duplicate = count.safeParse(url.searchParams.get("duplicate") ?? undefined);
  return {
    user,
    filter,
    options: { ...options, page: result.page },
    ignored,
    result,
    organisations,
    today: todayUtc(),
    // A new key for each form shown; the save stores it (recordAssessments).
    formKey: crypto.randomBytes(18).toString("base64url"),
    saved: saved.success ? saved.data : null,
    duplicate: duplicate.success ? duplicate.data : null,
  };
}

const BulkForm = z.object({
  allShown: z.literal("1").optional().catch(undefined),
  ids: z.array(z.coerce.number().int().positive()).max(5000),
  shown: z.array(z.coerce.number().int().positive()).max(5000),
  formKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/),
});

type ActionResult = {
  kind: "invalid";
  fieldErrors: Record<string, string | undefined>;
  values: AssessmentFormValues;
  ids: number[];
  allShown: boolean;
};

/** The page's own address after a save, with its filters and one notice. */
function back(request: Request, notice: "saved" | "duplicate", n: number): string {
  const params = new URL(request.url).searchParams;
  params.delete("saved");
  params.delete("duplicate");
  params.set(notice, String(n));
  return `${PATH}?${params}`;
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireEditor(request);
  const t = requestT(request);
  const form = await request.formData();
  const raw = Object.fromEntries(form) as Record<string, string>;
  const values: AssessmentFormValues = {
    status: raw.status ?? "",
    asOf: raw.asOf ?? "",
    evidence: raw.evidence ?? "",
    sourceUrls: raw.sourceUrls ?? "",
    organisationId: raw.organisationId ?? "",
  };
  const parsed = BulkForm.safeParse({
    allShown: raw.allShown,
    ids: form.getAll("ids"),
    shown: form.getAll("shown"),
    formKey: raw.formKey,
  });
  if (!parsed.success)
    return data<ActionResult>(
      {
        kind: "invalid",
        fieldErrors: { recommendationIds: t("assess.unreadable") },
        values,
        ids: [],
        allShown: false,
      },
      400,
    );
  const { formKey } = parsed.data;
  const allShown = parsed.data.allShown === "1";
  // "Tick all shown" (a box of its own, so it works without JavaScript) means every recommendation the page showed.
  const ids = allShown ? parsed.data.shown : parsed.data.ids;
  const fields = AssessmentFields.safeParse(raw);
  if (!fields.success)
    return data<ActionResult>(
      { kind: "invalid", fieldErrors: fieldErrorsOf(fields.error, t), values, ids, allShown },
      400,
    );
  const result = await recordAssessments(await getDb(), { id: user.id, role: user.role }, ids, fields.data, {
    formKey,
  });
  if (result.ok) return redirect(back(request, "saved", result.count), 303);
  if (result.kind === "duplicate") return redirect(back(request, "duplicate", result.count), 303);
  if (result.kind === "removed_by_undo") {
    const recommendationIds =
      ids.length === 1
        ? t("recommendation.removedByUndo", { defaultValue: REMOVED_BY_UNDO })
        : t("assess.removedByUndo", { count: result.count });
    return data<ActionResult>({ kind: "invalid", fieldErrors: { recommendationIds }, values, ids, allShown }, 409);
  }
  const fieldErrors =
    result.kind === "not_found" ? { recommendationIds: t("assess.gone") } : translateFieldErrors(result.fieldErrors, t);
  return data<ActionResult>({ kind: "invalid", fieldErrors, values, ids, allShown }, 400);
}

export default function BulkAssessmentPage() {
  const { user, filter, options, ignored, result, organisations, today, formKey, saved, duplicate } =
    useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const fmt = useFormat();
  const kept = actionResult;
  const checked = new Set(kept?.ids ?? []);
  const query = filterToSearchParams(filter, { sort: options.sort, page: result.page }).toString();
  const here = query ? `${PATH}?${query}` : PATH;
  const link = (page: number) => {
    const qs = filterToSearchParams(filter, { sort: options.sort, page }).toString();
    return qs ? `${PATH}?${qs}` : PATH;
  };
  const filterQs = filterToSearchParams(filter).toString();
  const exportQuery = filterQs ? `?${filterQs}` : "";
  const first = (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.total, result.page * result.pageSize);
  return (
    <>
      <h1>{t("assess.heading")}</h1>
      <p className="lead">{t("assess.lead")}</p>
      {ignored.length ? (
        <p className="warn" role="status">
          {t("dashboard.ignored")} <span dir="auto">{ignored.join(", ")}</span>.
        </p>
      ) : null}
      <RecommendationFilters action={PATH} filter={filter} facets={result.facets} />
      {saved !== null ? (
        <p className="ok" role="status" data-testid="bulk-saved">
          {t("assess.saved", { count: saved, n: fmt.number(saved) })}
        </p>
      ) : null}
      {duplicate !== null ? (
        <p className="warn" role="status" data-testid="bulk-duplicate">
          {t("assess.duplicate", { count: duplicate, n: fmt.number(duplicate) })}
        </p>
      ) : null}
      <p role="status" data-testid="result-count">
        {result.total === 0
          ? t("recommendations.noMatch")
          : result.pageCount > 1
            ? t("assess.matchShown", {
                count: result.total,
                n: fmt.number(result.total),
                first: fmt.number(first),
                last: fmt.number(last),
              })
            : t("assess.match", { count: result.total, n: fmt.number(result.total) })}{" "}
        {result.total > 0 ? (
          <span className="small">
            {t("assess.reportTable")}{" "}
            <a href={`/export/report-table${exportQuery}`} download>
              CSV
            </a>{" "}
            ·{" "}
            <a
              href={`/export/report-table?${new URLSearchParams([...new URLSearchParams(exportQuery), ["format", "xlsx"]])}`}
              download
            >
              Excel
            </a>
          </span>
        ) : null}
      </p>
      {/* A new key (each form shown) makes a new form: the ticks and the text of the last save are gone. */}
      <Form method="post" action={here} className="bulk" key={formKey}>
        <input type="hidden" name="formKey" value={formKey} />
        {result.rows.map((r) => (
          <input key={r.id} type="hidden" name="shown" value={r.id} />
        ))}
        {kept?.fieldErrors.recommendationIds ? (
          <p className="error" role="alert">
            {kept.fieldErrors.recommendationIds}
          </p>
        ) : null}
        {result.rows.length ? (
          <TickAllShown count={result.rows.length} defaultChecked={kept?.allShown ?? false} />
        ) : null}
        <RecommendationTable
          caption={t("assess.shown", { count: result.rows.length, n: fmt.number(result.rows.length) })}
          rows={result.rows}
          columns={[
            chooseColumn((r) => checked.has(r.id)),
            paragraphColumn(),
            textColumn(),
            responseColumn(true),
            statusColumn(),
          ]}
        />
        {result.pageCount > 1 ? (
          <nav className="pager" aria-label={t("recommendations.pages")}>
            {result.page > 1 ? <Link to={link(result.page - 1)}>{t("recommendations.previous")}</Link> : <span />}
            <span>{t("common.pageOf", { page: fmt.number(result.page), pages: fmt.number(result.pageCount) })}</span>
            {result.page < result.pageCount ? (
              <Link to={link(result.page + 1)}>{t("recommendations.next")}</Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
        <AssessmentForm
          organisations={organisations}
          defaults={
            kept?.values ?? {
              status: "",
              asOf: today,
              evidence: "",
              sourceUrls: "",
              organisationId: String(user.organisationId),
            }
          }
          errors={kept?.fieldErrors ?? {}}
          today={today}
          minDate={null}
          hidden={{}}
          submitLabel={t("assess.submit")}
          busy={navigation.state === "submitting"}
          embedded
        />
      </Form>
    </>
  );
}
