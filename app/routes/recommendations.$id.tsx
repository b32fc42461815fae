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
import { z } from "zod";
import { themeFilterValue, topicOfLabel } from "~/lib/themes/theme-vocabulary";
import { AssessmentForm, type AssessmentFormValues } from "~/components/assessment-form";
import { Followups } from "~/components/followups";
import { IssueLinks } from "~/components/issue-links";
import { StateLinks } from "~/components/state-links";
import { StatusBadge } from "~/components/status-badge";
import { TagLinks } from "~/components/tag-links";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { sdgLabel } from "~/lib/sdgs";
import { getDb } from "~/db.server";
import type { Status } from "../../db/schema";
import { AssessmentFields, fieldErrorsOf } from "~/lib/assessment-input";
import { todayUtc } from "~/lib/dates";
import { formatDate, RESPONSE_LABELS, STATUS_LABELS } from "~/lib/format";
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
const notFound = () => new Response("There is no such recommendation.", { status: 404, statusText: "Not Found" });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageMeta(
        metaT(matches),
        `${data.recommendation.stateName} ${data.recommendation.paragraph ?? ""}`.trim(),
        `${data.recommendation.text} (${RESPONSE_LABELS[data.recommendation.response]})`,
      )
    : pageMeta(metaT(matches), "Recommendation not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Id.safeParse(params.id);
  if (!id.success) throw notFound();
  const db = await getDb();
  const recommendation = await getRecommendation(db, id.data);
  if (!recommendation) throw notFound();
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
  if (!id.success) throw notFound();
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const intent = Intent.safeParse(form);
  if (!intent.success) throw new Response("Unknown action.", { status: 400 });
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
    return followupOrIssueAction(actor, id.data, intent.data);

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
    return data<ActionResult>({ kind: "invalid", fieldErrors: fieldErrorsOf(fields.error), values, assessmentId }, 400);

  const result =
    intent.data.intent === "record"
      ? await recordAssessment(db, actor, id.data, fields.data, { basedOn: intent.data.basedOn })
      : await editAssessment(db, actor, intent.data.assessmentId, intent.data.version, fields.data);
  if (result.ok) return redirect(`/recommendations/${id.data}?saved=${result.assessment.id}#history`, 303);
  if (result.kind === "not_found") throw notFound();
  // The page's recommendation is gone: the answer is the error page, with what happened.
  if (result.kind === "removed_by_undo") throw new Response(REMOVED_BY_UNDO, { status: 410, statusText: "Gone" });
  if (result.kind === "invalid")
    return data<ActionResult>({ kind: "invalid", fieldErrors: result.fieldErrors, values, assessmentId }, 400);
  return data<ActionResult>({ kind: "conflict", current: result.current, values, assessmentId }, 409);
}

/** Follow-ups and coalition issue links: change, then back to the page with a note (read by the components). */
async function followupOrIssueAction(
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
  if (result.kind === "not_found" && !(await getRecommendation(db, recommendationId))) throw notFound();
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
        <Link to={rec.stateIso3 ? `/?state=${rec.stateIso3}` : "/reviews"}>Reviews of {rec.stateName}</Link> /{" "}
        <Link to={`/reviews/${rec.reviewId}`}>Cycle {rec.cycle}</Link> / {rec.paragraph ?? "Recommendation"}
      </p>
      <h1>
        {rec.kind === "pledge" ? "Voluntary pledge" : "Recommendation"} {rec.paragraph ?? ""} to {rec.stateName}
      </h1>
      <blockquote className="verbatim">{rec.text}</blockquote>
      <dl className="facts">
        <dt>Review</dt>
        <dd>
          Cycle {rec.cycle}, {formatDate(rec.reviewDate)} (session {rec.session})
          {rec.reportSymbol ? `, report ${rec.reportSymbol}` : ""}
        </dd>
        {rec.kind === "recommendation" ? (
          <>
            <dt>Recommended by</dt>
            <dd>{rec.recommendingStates.length ? <StateLinks states={rec.recommendingStates} /> : "not known"}</dd>
          </>
        ) : null}
        <dt>Response</dt>
        <dd>
          <span className={`response response-${rec.response}`}>{RESPONSE_LABELS[rec.response]}</span>
        </dd>
        {rec.actionCategory ? (
          <>
            <dt>Action category</dt>
            <dd>{rec.actionCategory}</dd>
          </>
        ) : null}
        {rec.themes.length ? (
          <>
            <dt>Themes</dt>
            <dd>
              {rec.themes.map((theme, i) => (
                <span key={theme}>
                  {i > 0 ? "; " : ""}
                  <Link
                    to={`/recommendations?theme=${encodeURIComponent(themeFilterValue(theme))}`}
                    title={
                      topicOfLabel(theme) ? `${topicOfLabel(theme)!.name}: UPR Info's and OHCHR's labels` : undefined
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
            <dt>Sustainable Development Goals</dt>
            <dd data-testid="sdgs">
              <TagLinks param="sdg" values={rec.sdgs} label={sdgLabel} />
            </dd>
          </>
        ) : null}
        {rec.affectedPersons.length ? (
          <>
            <dt>Affected persons</dt>
            <dd data-testid="affected-persons">
              <TagLinks param="affected" values={rec.affectedPersons} label={(v) => v} />
            </dd>
          </>
        ) : null}
        <dt>Coalition issues</dt>
        <dd>
          {rec.issues.length
            ? rec.issues
                .map((i) => (
                  <Link key={i.slug} to={`/issues/${i.slug}`}>
                    {i.title}
                  </Link>
                ))
                .reduce<React.ReactNode[]>((acc, el, i) => (i ? [...acc, "; ", el] : [el]), [])
            : "none linked"}
        </dd>
        <dt>Current status</dt>
        <dd data-testid="current-status">
          {current ? <StatusBadge status={current.status} /> : <StatusBadge status="not_assessed" />}
          {current ? ` as of ${formatDate(current.asOf)} (${current.organisationName})` : ""}
        </dd>
      </dl>

      <Followups followups={followups} canDecide={Boolean(user)} />
      {user ? <IssueLinks issues={issueChoices} /> : null}

      {byOrganisation.latest.length > 1 ? (
        <section aria-labelledby="by-org">
          <h2 id="by-org">Each organisation's latest assessment</h2>
          {byOrganisation.disagree ? (
            <p className="warn" data-testid="disagreement">
              ⚠ The organisations disagree on the status of this recommendation.
            </p>
          ) : null}
          <ul>
            {byOrganisation.latest.map((a) => (
              <li key={a.organisationId}>
                {a.organisationName}: <StatusBadge status={a.status} /> as of {formatDate(a.asOf)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {user ? (
        <section aria-labelledby="record" className="panel">
          <h2 id="record">
            {editing ? `Correct the assessment of ${formatDate(editing.asOf)}` : "Record an assessment"}
          </h2>
          {searchParams.get("saved") ? (
            <p className="ok" role="status">
              Saved.
            </p>
          ) : null}
          {searchParams.get("deleted") ? (
            <p className="ok" role="status">
              Deleted. An admin can restore it from the <Link to="/admin/audit?entity=assessment">audit log</Link>.
            </p>
          ) : null}
          {result?.kind === "conflict" ? (
            <div className="conflict" role="alert" data-testid="conflict">
              <p>
                <strong>Not saved:</strong> someone else saved an assessment of this recommendation after you opened
                this page. Both versions are shown; your text is still in the form below. Check theirs, then save again
                if yours should stand.
              </p>
              <div className="versions">
                <div>
                  <h3>Saved meanwhile</h3>
                  {result.current ? <AssessmentSummary a={result.current} /> : <p>It has since been deleted.</p>}
                </div>
                <div>
                  <h3>Yours (not saved)</h3>
                  <p>
                    {result.values.status in STATUS_LABELS
                      ? STATUS_LABELS[result.values.status as Status]
                      : result.values.status}{" "}
                    as of {result.values.asOf}
                  </p>
                  <p className="pre">{result.values.evidence}</p>
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
            submitLabel={editing ? "Save correction" : "Record assessment"}
          />
          {editing ? (
            <p>
              <Link to={`/recommendations/${rec.id}`}>Cancel the correction</Link>
            </p>
          ) : null}
        </section>
      ) : (
        <p className="muted">
          <Link to={`/login?redirectTo=/recommendations/${rec.id}`}>Sign in</Link> as an editor to record an assessment.
        </p>
      )}

      <section aria-labelledby="history" id="history">
        <h2 id="history-heading">History of assessments</h2>
        {history.length === 0 ? (
          <p>No assessment yet.</p>
        ) : (
          <ol className="history" data-testid="history">
            {history.map((a) => (
              <li key={a.id}>
                <AssessmentSummary a={a} />
                {user ? (
                  <div className="actions">
                    <Link to={`/recommendations/${rec.id}?edit=${a.id}#record`}>Correct</Link>
                    {user.role === "admin" ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="assessmentId" value={a.id} />
                        <input type="hidden" name="version" value={a.version} />
                        <button type="submit" className="link danger">
                          Delete
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
  return (
    <div className="assessment">
      <p>
        <StatusBadge status={a.status} /> as of <strong>{formatDate(a.asOf)}</strong> · {a.organisationName}
        {a.isSample ? <span className="sample-tag"> · sample data, not a real assessment</span> : null}
      </p>
      {a.evidence ? <p className="pre">{a.evidence}</p> : null}
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
        {signedIn ? `Recorded by ${a.authorEmail ?? "an unknown user"} on ` : "Recorded on "}
        {new Date(a.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC
        {a.version > 1 ? ` · corrected (version ${a.version})` : ""}
      </p>
    </div>
  );
}
