import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { themeFilterValue, topicOfLabel } from "~/lib/themes/theme-vocabulary";
import { AssessmentForm, type AssessmentFormValues } from "~/components/assessment-form";
import { Followups } from "~/components/followups";
import { IssueLinks } from "~/components/issue-links";
import { StateLinks } from "~/components/state-links";
import { StatusBadge } from "~/components/status-badge";
import { TagLinks } from "~/components/tag-links";
import { metaT } from "~/i18n/i18n";
import { useFormat, useLanguage } from "~/i18n/hooks";
import { localStateName } from "~/i18n/format";
import { isLanguage, textDirection } from "~/i18n/languages";
import { readerLanguage, requestT } from "~/http/language.server";
import { pageMeta } from "~/lib/meta";
import { sdgLabel } from "~/lib/sdgs";
import { getDb } from "~/db.server";
import type { Status } from "../../db/schema";
import { AssessmentFields, fieldErrorsOf, translateFieldErrors } from "~/lib/assessment-input";
import { todayUtc } from "~/lib/dates";
import { STATUSES } from "../../db/schema";
import {
  type AssessmentView,
  deleteAssessment,
  editAssessment,
  getCurrentAssessment,
  latestByOrganisation,
  listAssessmentHistory,
  recordAssessment,
  REMOVED_BY_UNDO,
} from "~/models/assessments.server";
import { decideFollowup, listFollowupsFor } from "~/models/followups.server";
import { linkRecommendations, listIssuesForRecommendation, unlinkRecommendations } from "~/models/issues.server";
import { getRecommendation } from "~/models/recommendations.server";
import { listOrganisations } from "~/models/users.server";
import { assertSameOrigin, getOptionalUser, requireAdmin, requireEditor } from "~/http/session.server";

const Id = z.coerce.number().int().positive().max(2_147_483_647);
const notFound = (request: Request) =>
  new Response(requestT(request)("recommendation.notFound"), { status: 404, statusText: "Not Found" });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  if (!data) return pageMeta(t, t("recommendation.notFoundTitle"));
  const root = matches.find((m) => m.id === "root")?.data as { lng?: unknown } | undefined;
  const lng = isLanguage(root?.lng) ? root.lng : "en";
  const rec = data.recommendation;
  const state = localStateName(lng, rec.stateIso3, rec.stateName);
  const response = t(`common.response.${rec.response}`);
  // The text itself where it is in the reader's language; else what it is, in the reader's words.
  const description =
    rec.textLanguage === lng
      ? t("recommendation.metaDescriptionText", { text: rec.text, response })
      : t("recommendation.metaDescription", {
          paragraph: rec.paragraph ?? "",
          state,
          cycle: rec.cycle,
          language: t(`common.languageName.${rec.textLanguage}` as "common.languageName.en"),
          response,
        });
  return pageMeta(t, `${state} ${rec.paragraph ?? ""}`.trim(), description);
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Id.safeParse(params.id);
  if (!id.success) throw notFound(request);
  const db = await getDb();
  const recommendation = await getRecommendation(db, id.data, readerLanguage(request).lng);
  if (!recommendation) throw notFound(request);
  const [user, history, byOrganisation, current] = await Promise.all([
    getOptionalUser(request),
    listAssessmentHistory(db, id.data),
    latestByOrganisation(db, id.data),
    getCurrentAssessment(db, id.data),
  ]);
  const organisations = user ? await listOrganisations(db) : [];
  // Follow-ups across cycles and coalition issue links (app/components/followups.tsx, issue-links.tsx).
  const [followups, issueChoices] = await Promise.all([
    listFollowupsFor(db, id.data),
    user ? listIssuesForRecommendation(db, id.data) : [],
  ]);
  // Anonymous readers see which organisation made an assessment, never which person (nor their e-mail).
  if (!user) {
    const anonymous = <T extends { authorEmail: string | null }>(a: T): T => ({ ...a, authorEmail: null });
    return {
      recommendation,
      history: history.map(anonymous),
      byOrganisation: { ...byOrganisation, latest: byOrganisation.latest.map(anonymous) },
      current: current ? anonymous(current) : null,
      basedOn: history.reduce((m, a) => Math.max(m, a.id), 0),
      user,
      organisations,
      today: todayUtc(),
      followups: followups.map((f) => ({ ...f, decidedBy: null })),
      issueChoices,
    };
  }
  return {
    recommendation,
    history,
    byOrganisation,
    current: current ?? null,
    basedOn: history.reduce((m, a) => Math.max(m, a.id), 0),
    user,
    organisations,
    today: todayUtc(),
    followups,
    issueChoices,
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("record"), basedOn: z.coerce.number().int().min(0) }),
  z.object({
    intent: z.literal("edit"),
    assessmentId: z.coerce.number().int().positive(),
    version: z.coerce.number().int().positive(),
  }),
  z.object({
    intent: z.literal("delete"),
    assessmentId: z.coerce.number().int().positive(),
    version: z.coerce.number().int().positive(),
  }),
  // Follow-ups and coalition issue links: handled by followupOrIssueAction below.
  z.object({ intent: z.literal("followup"), earlierId: Id, decision: z.enum(["confirmed", "rejected"]) }),
  z.object({ intent: z.literal("link-issue"), issueId: Id }),
  z.object({ intent: z.literal("unlink-issue"), issueId: Id }),
]);

type ActionResult =
  | {
      kind: "invalid";
      fieldErrors: Record<string, string | undefined>;
      values: AssessmentFormValues;
      assessmentId?: number;
    }
  | { kind: "conflict"; current: AssessmentView | null; values: AssessmentFormValues; assessmentId?: number }
  | { kind: "gone" };

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await requireEditor(request);
  const id = Id.safeParse(params.id);
  if (!id.success) throw notFound(request);
  const t = requestT(request);
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const intent = Intent.safeParse(form);
  if (!intent.success) throw new Response(t("recommendation.unknownAction"), { status: 400 });
  const db = await getDb();
  const actor = { id: user.id, role: user.role };
  const values: AssessmentFormValues = {
    status: form.status ?? "",
    asOf: form.asOf ?? "",
    evidence: form.evidence ?? "",
    sourceUrls: form.sourceUrls ?? "",
    organisationId: form.organisationId ?? "",
  };
  if (intent.data.intent === "followup" || intent.data.intent === "link-issue" || intent.data.intent === "unlink-issue")
    return followupOrIssueAction(request, actor, id.data, intent.data);

  if (intent.data.intent === "delete") {
    await requireAdmin(request);
    const result = await deleteAssessment(db, actor, intent.data.assessmentId, intent.data.version);
    if (result.ok) return redirect(`/recommendations/${id.data}?deleted=${result.auditId}`, 303);
    if (result.kind === "conflict")
      return data<ActionResult>(
        { kind: "conflict", current: result.current, values, assessmentId: intent.data.assessmentId },
        409,
      );
    return data<ActionResult>({ kind: "gone" }, 404);
  }

  const fields = AssessmentFields.safeParse(form);
  const assessmentId = intent.data.intent === "edit" ? intent.data.assessmentId : undefined;
  if (!fields.success)
    return data<ActionResult>(
      { kind: "invalid", fieldErrors: fieldErrorsOf(fields.error, t), values, assessmentId },
      400,
    );

  const result =
    intent.data.intent === "record"
      ? await recordAssessment(db, actor, id.data, fields.data, { basedOn: intent.data.basedOn })
      : await editAssessment(db, actor, intent.data.assessmentId, intent.data.version, fields.data);
  if (result.ok) return redirect(`/recommendations/${id.data}?saved=${result.assessment.id}#history`, 303);
  if (result.kind === "not_found") throw notFound(request);
  // The page's recommendation is gone: the answer is the error page, with what happened.
  if (result.kind === "removed_by_undo")
    throw new Response(t("recommendation.removedByUndo", { defaultValue: REMOVED_BY_UNDO }), {
      status: 410,
      statusText: "Gone",
    });
  if (result.kind === "invalid")
    return data<ActionResult>(
      { kind: "invalid", fieldErrors: translateFieldErrors(result.fieldErrors, t), values, assessmentId },
      400,
    );
  return data<ActionResult>({ kind: "conflict", current: result.current, values, assessmentId }, 409);
}

/** Follow-ups and coalition issue links: change, then back to the page with a note (read by the components). */
async function followupOrIssueAction(
  request: Request,
  actor: { id: number; role: "admin" | "editor" },
  recommendationId: number,
  input:
    | { intent: "followup"; earlierId: number; decision: "confirmed" | "rejected" }
    | { intent: "link-issue" | "unlink-issue"; issueId: number },
) {
  const db = await getDb();
  const back = (note: string, hash: string) =>
    redirect(`/recommendations/${recommendationId}?note=${note}${hash}`, 303);
  if (input.intent === "followup") {
    const result = await decideFollowup(db, actor, input.earlierId, recommendationId, input.decision);
    return back(result.ok ? `followup-${input.decision}` : "followup-gone", "#followups");
  }
  const result =
    input.intent === "link-issue"
      ? await linkRecommendations(db, actor, input.issueId, [recommendationId])
      : await unlinkRecommendations(db, actor, input.issueId, [recommendationId]);
  if (result.ok) return back(input.intent === "link-issue" ? "issue-linked" : "issue-unlinked", "#issues");
  if (result.kind === "not_found" && !(await getRecommendation(db, recommendationId))) throw notFound(request);
  return back(result.kind === "archived" ? "issue-archived" : "issue-gone", "#issues");
}

/** After a refused save (conflict), reload the page's data so the history shows what was saved meanwhile. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as ActionResult | undefined)?.kind === "conflict" ? true : defaultShouldRevalidate;

export default function RecommendationPage() {
  const {
    recommendation: rec,
    history,
    byOrganisation,
    current,
    basedOn,
    user,
    organisations,
    today,
    followups,
    issueChoices,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation();
  const fmt = useFormat();
  const stateName = fmt.state(rec.stateIso3, rec.stateName);
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const editId =
    Number(searchParams.get("edit")) || (result && "assessmentId" in result ? result.assessmentId : undefined);
  const editing = editId ? history.find((a) => a.id === editId) : undefined;
  const defaults: AssessmentFormValues = editing
    ? {
        status: editing.status,
        asOf: editing.asOf,
        evidence: editing.evidence,
        sourceUrls: editing.sourceUrls.join("\n"),
        organisationId: String(editing.organisationId),
      }
    : { status: "", asOf: today, evidence: "", sourceUrls: "", organisationId: String(user?.organisationId ?? "") };

  return (
    <>
      <p className="crumbs">
        <Link to={rec.stateIso3 ? `/?state=${rec.stateIso3}` : "/reviews"}>
          {t("recommendation.reviewsOf", { state: stateName })}
        </Link>{" "}
        / <Link to={`/reviews/${rec.reviewId}`}>{t("charts.cycleN", { cycle: rec.cycle })}</Link> /{" "}
        {rec.paragraph ?? t("common.recommendation")}
      </p>
      <h1>
        {t(rec.kind === "pledge" ? "recommendation.pledgeTo" : "recommendation.recommendationTo", {
          paragraph: rec.paragraph ?? "",
          state: stateName,
        }).replace(/\s+/g, " ")}
      </h1>
      <RecommendationText rec={rec} />
      <dl className="facts">
        <dt>{t("common.review")}</dt>
        <dd>
          {t("recommendation.reviewFacts", {
            cycle: rec.cycle,
            date: fmt.date(rec.reviewDate, t("common.dateNotKnown")),
            session: rec.session,
          })}
          {rec.reportSymbol ? (
            <>
              {t("recommendation.reportSymbol")} <span translate="no">{rec.reportSymbol}</span>
            </>
          ) : null}
        </dd>
        {rec.kind === "recommendation" ? (
          <>
            <dt>{t("recommendations.recommendedBy")}</dt>
            <dd>
              {rec.recommendingStates.length ? (
                <StateLinks states={rec.recommendingStates.map((s) => ({ ...s, name: fmt.state(s.iso3, s.name) }))} />
              ) : (
                t("common.dateNotKnown")
              )}
            </dd>
          </>
        ) : null}
        <dt>{t("common.response_label")}</dt>
        <dd>
          <span className={`response response-${rec.response}`}>{t(`common.response.${rec.response}`)}</span>
        </dd>
        {rec.actionCategory ? (
          <>
            <dt>{t("filters.actionCategory")}</dt>
            <dd>{rec.actionCategory}</dd>
          </>
        ) : null}
        {rec.themes.length ? (
          <>
            <dt>{t("common.themes")}</dt>
            <dd lang="en">
              {rec.themes.map((theme, i) => (
                <span key={theme}>
                  {i > 0 ? "; " : ""}
                  <Link
                    to={`/recommendations?theme=${encodeURIComponent(themeFilterValue(theme))}`}
                    title={
                      topicOfLabel(theme)
                        ? t("recommendation.themeTopicTitle", { topic: topicOfLabel(theme)!.name })
                        : undefined
                    }
                  >
                    {theme}
                  </Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {rec.sdgs.length ? (
          <>
            <dt>{t("recommendation.sdgs")}</dt>
            <dd data-testid="sdgs">
              <TagLinks param="sdg" values={rec.sdgs} label={(code) => sdgLabel(code, t)} />
            </dd>
          </>
        ) : null}
        {rec.affectedPersons.length ? (
          <>
            <dt>{t("filters.affected")}</dt>
            <dd data-testid="affected-persons" lang="en">
              <TagLinks param="affected" values={rec.affectedPersons} label={(v) => v} />
            </dd>
          </>
        ) : null}
        <dt>{t("common.issues")}</dt>
        <dd>
          {rec.issues.length
            ? rec.issues
                .map((i) => (
                  <Link key={i.slug} to={`/issues/${i.slug}`} dir="auto">
                    {i.title}
                  </Link>
                ))
                .reduce<React.ReactNode[]>((acc, el, i) => (i ? [...acc, "; ", el] : [el]), [])
            : t("recommendation.noneLinked")}
        </dd>
        <dt>{t("filters.currentStatus")}</dt>
        <dd data-testid="current-status">
          {current ? <StatusBadge status={current.status} /> : <StatusBadge status="not_assessed" />}
          {current ? (
            <>
              {" "}
              {t("recommendation.asOf", { date: fmt.date(current.asOf) })} (
              <span dir="auto">{current.organisationName}</span>)
            </>
          ) : null}
        </dd>
      </dl>

      <Followups followups={followups} canDecide={Boolean(user)} />
      {user ? <IssueLinks issues={issueChoices} /> : null}

      {byOrganisation.latest.length > 1 ? (
        <section aria-labelledby="by-org">
          <h2 id="by-org">{t("recommendation.byOrganisation")}</h2>
          {byOrganisation.disagree ? (
            <p className="warn" data-testid="disagreement">
              ⚠ {t("recommendation.disagree")}
            </p>
          ) : null}
          <ul>
            {byOrganisation.latest.map((a) => (
              <li key={a.organisationId}>
                <span dir="auto">{a.organisationName}</span>: <StatusBadge status={a.status} />{" "}
                {t("recommendation.asOf", { date: fmt.date(a.asOf) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {user ? (
        <section aria-labelledby="record" className="panel">
          <h2 id="record">
            {editing
              ? t("recommendation.correctTitle", { date: fmt.date(editing.asOf) })
              : t("recommendation.recordTitle")}
          </h2>
          {searchParams.get("saved") ? (
            <p className="ok" role="status">
              {t("recommendation.saved")}
            </p>
          ) : null}
          {searchParams.get("deleted") ? (
            <p className="ok" role="status">
              <Trans
                i18nKey="recommendation.deleted"
                components={[<Link key="0" to="/admin/audit?entity=assessment" />]}
              />
            </p>
          ) : null}
          {result?.kind === "conflict" ? (
            <div className="conflict" role="alert" data-testid="conflict">
              <p>
                <Trans i18nKey="recommendation.conflict" components={[<strong key="0" />]} />
              </p>
              <div className="versions">
                <div>
                  <h3>{t("recommendation.savedMeanwhile")}</h3>
                  {result.current ? (
                    <AssessmentSummary a={result.current} />
                  ) : (
                    <p>{t("recommendation.deletedSince")}</p>
                  )}
                </div>
                <div>
                  <h3>{t("recommendation.yours")}</h3>
                  <p>
                    {(STATUSES as readonly string[]).includes(result.values.status)
                      ? t(`common.status.${result.values.status as Status}`)
                      : result.values.status}{" "}
                    {t("recommendation.asOf", { date: result.values.asOf })}
                  </p>
                  <p className="pre" dir="auto">
                    {result.values.evidence}
                  </p>
                </div>
              </div>
            </div>
          ) : null}
          <AssessmentForm
            key={`${editing?.id ?? "new"}-${basedOn}`}
            organisations={organisations}
            defaults={result && result.kind !== "gone" ? result.values : defaults}
            errors={result?.kind === "invalid" ? result.fieldErrors : {}}
            today={today}
            minDate={rec.reviewDate}
            busy={navigation.state === "submitting"}
            hidden={
              editing
                ? { intent: "edit", assessmentId: String(editing.id), version: String(editing.version) }
                : { intent: "record", basedOn: String(basedOn) }
            }
            submitLabel={editing ? t("recommendation.saveCorrection") : t("recommendation.recordSubmit")}
          />
          {editing ? (
            <p>
              <Link to={`/recommendations/${rec.id}`}>{t("recommendation.cancelCorrection")}</Link>
            </p>
          ) : null}
        </section>
      ) : (
        <p className="muted">
          <Trans
            i18nKey="recommendation.signInToRecord"
            components={[<Link key="0" to={`/login?redirectTo=/recommendations/${rec.id}`} />]}
          />
        </p>
      )}

      <section aria-labelledby="history" id="history">
        <h2 id="history-heading">{t("recommendation.history")}</h2>
        {history.length === 0 ? (
          <p>{t("recommendation.noAssessment")}</p>
        ) : (
          <ol className="history" data-testid="history">
            {history.map((a) => (
              <li key={a.id}>
                <AssessmentSummary a={a} />
                {user ? (
                  <div className="actions">
                    <Link to={`/recommendations/${rec.id}?edit=${a.id}#record`}>{t("recommendation.correct")}</Link>
                    {user.role === "admin" ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="assessmentId" value={a.id} />
                        <input type="hidden" name="version" value={a.version} />
                        <button type="submit" className="link danger">
                          {t("recommendation.delete")}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** Signed-in users see who recorded an assessment; the public sees the organisation (above) and when. */
function AssessmentSummary({ a }: { a: AssessmentView }) {
  const signedIn = Boolean(useLoaderData<typeof loader>().user);
  const { t } = useTranslation();
  const fmt = useFormat();
  const recorded = new Date(a.createdAt).toISOString();
  return (
    <div className="assessment">
      <p>
        <StatusBadge status={a.status} />{" "}
        <Trans
          i18nKey="recommendation.asOfStrong"
          values={{ date: fmt.date(a.asOf) }}
          components={[<strong key="0" />]}
        />{" "}
        · <span dir="auto">{a.organisationName}</span>
        {a.isSample ? <span className="sample-tag"> · {t("recommendation.sampleTag")}</span> : null}
      </p>
      {a.evidence ? (
        <p className="pre" dir="auto">
          {a.evidence}
        </p>
      ) : null}
      {a.sourceUrls.length ? (
        <ul className="sources">
          {a.sourceUrls.map((u) => (
            <li key={u}>
              <a href={u} rel="noopener noreferrer nofollow" target="_blank">
                {u}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">
        {signedIn
          ? t("recommendation.recordedBy", {
              who: a.authorEmail ?? t("recommendation.unknownUser"),
              date: recorded.slice(0, 10),
              time: recorded.slice(11, 16),
            })
          : t("recommendation.recordedOn", { date: recorded.slice(0, 10), time: recorded.slice(11, 16) })}
        {a.version > 1 ? ` · ${t("recommendation.corrected", { version: a.version })}` : ""}
      </p>
    </div>
  );
}

/**
 * The UN text, in the reader's language where it is held, else as issued; marked with its language, and
 * saying so when it is not the reader's (with the original under a translation).
 */
function RecommendationText({
  rec,
}: {
  rec: { text: string; textLanguage: string; originalText: string; originalLanguage: string };
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const name = (code: string) => t(`common.languageName.${code}` as "common.languageName.en");
  return (
    <>
      <blockquote className="verbatim" lang={rec.textLanguage} dir={textDirection(rec.textLanguage)}>
        {rec.text}
      </blockquote>
      {rec.textLanguage !== lng ? (
        <p className="text-language" data-testid="text-language">
          {t("common.textOriginal", { language: name(rec.textLanguage) })}
        </p>
      ) : null}
      {rec.textLanguage !== rec.originalLanguage ? (
        <details className="text-language">
          <summary>{t("common.textAsIssued", { language: name(rec.originalLanguage) })}</summary>
          <blockquote className="verbatim" lang={rec.originalLanguage} dir={textDirection(rec.originalLanguage)}>
            {rec.originalText}
          </blockquote>
        </details>
      ) : null}
    </>
  );
}
