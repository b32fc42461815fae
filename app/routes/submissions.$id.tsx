// One submission: its word count against the limit, its asks under the coalition's issues, and per ask the
// recommendations of the review that take it up (suggested by similarity, confirmed or rejected by an
// editor), with their response and status since. The uptake report prints (A4) and downloads as CSV.
import { StateLinks } from "~/components/state-links";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { fieldErrorsOf } from "~/lib/assessment-input";
import { formatDate, RESPONSE_LABELS } from "~/lib/format";
import { SubmissionForm } from "~/components/submission-form";
import { FormField } from "~/components/form-field";
import {
  AskFields,
  SubmissionFields,
  type SubmissionFormValues,
  submissionFormValues,
  UptakeDecision,
} from "~/lib/submission-input";
import { summariseUptake } from "~/lib/uptake";
import { checkLimits, countDocument, WORD_LIMITS } from "~/lib/word-count";
import { listIssues } from "~/models/issues.server";
import { listStatesUnderReview } from "~/models/states.server";
import { addAsk, deleteAsk, getSubmission, setSubmissionPublic, updateSubmission } from "~/models/submissions.server";
import { decideUptake, findUptake } from "~/models/uptake.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${d.submission.title}: submission and uptake, UPR Monitor` : "Submission not found: UPR Monitor" },
];

const Id = z.coerce.number().int().positive();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Id.safeParse(params.id);
  if (!id.success) throw new Response("No such submission.", { status: 404 });
  const db = await getDb();
  const user = await getOptionalUser(request);
  const submission = await getSubmission(db, id.data, { signedIn: user !== null });
  if (!submission) throw new Response("No such submission.", { status: 404 });
  const words = countDocument({ body: submission.body, footnotes: submission.footnotes });
  const limit = checkLimits(words.total, WORD_LIMITS).find((l) => l.key === submission.kind)!;
  const issues = user
    ? (await listIssues(db)).filter((i) => !i.archived).map((i) => ({ id: i.id, title: i.title }))
    : [];
  const { body, footnotes, ...rest } = submission;
  // Editors get the fields to edit (the text can be long: readers do not download it).
  const edit = user
    ? {
        states: await listStatesUnderReview(db),
        values: {
          title: submission.title,
          kind: submission.kind,
          state: submission.stateIso3 ?? "",
          cycle: String(submission.cycle),
          organisations: submission.organisations.join("\n"),
          body,
          footnotes,
          isPublic: submission.isPublic,
        } satisfies SubmissionFormValues,
      }
    : null;
  const search = new URL(request.url).searchParams;
  return {
    submission: rest,
    words: words.total,
    limit,
    summary: summariseUptake(submission.asks),
    issues,
    canEdit: user !== null,
    edit,
    created: search.has("created"),
    edited: search.get("edited"),
  };
}

type ActionResult =
  | { kind: "ask"; fieldErrors: Record<string, string | undefined>; text: string }
  | { kind: "edit"; fieldErrors: Record<string, string | undefined>; values: SubmissionFormValues }
  | { kind: "notice"; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const id = Id.safeParse(params.id);
  if (!id.success) throw new Response("No such submission.", { status: 404 });
  const db = await getDb();
  const actor = { id: user.id, role: user.role };
  const form = await request.formData();
  const intent = form.get("intent");
  const back = (hash = "") => redirect(`/submissions/${id.data}${hash}`, 303);
  if (intent === "add-ask") {
    const text = String(form.get("text") ?? "").slice(0, 5001);
    const fields = AskFields.safeParse({ text, issueId: form.get("issueId") ?? "" });
    if (!fields.success)
      return data<ActionResult>({ kind: "ask", fieldErrors: fieldErrorsOf(fields.error), text }, 400);
    const r = await addAsk(db, actor, id.data, fields.data);
    if (!r.ok)
      return data<ActionResult>(
        {
          kind: "ask",
          fieldErrors: { issueId: r.kind === "unknown_issue" ? "Choose one of the issues" : "No such submission" },
          text,
        },
        r.kind === "not_found" ? 404 : 400,
      );
    return back(`#ask-${r.id}`);
  }
  if (intent === "edit") {
    const values = submissionFormValues(form);
    const fields = SubmissionFields.safeParse(values);
    if (!fields.success)
      return data<ActionResult>({ kind: "edit", fieldErrors: fieldErrorsOf(fields.error), values }, 400);
    const r = await updateSubmission(db, actor, id.data, fields.data);
    if (!r.ok) {
      if (r.kind === "not_found") throw new Response("No such submission.", { status: 404 });
      return data<ActionResult>({ kind: "edit", fieldErrors: r.fieldErrors, values }, 400);
    }
    return redirect(`/submissions/${id.data}?edited=${r.changed ? "saved" : "unchanged"}`, 303);
  }
  if (intent === "publish" || intent === "make-private") {
    const r = await setSubmissionPublic(db, actor, id.data, intent === "publish");
    if (!r.ok) throw new Response("No such submission.", { status: 404 });
    return back();
  }
  if (intent === "delete-ask") {
    const askId = Id.safeParse(form.get("askId"));
    if (!askId.success || !(await deleteAsk(db, actor, id.data, askId.data)).ok)
      throw new Response("No such ask.", { status: 404 });
    return back("#asks");
  }
  if (intent === "find-uptake") {
    const r = await findUptake(db, actor, id.data);
    if (!r.ok)
      return data<ActionResult>(
        {
          kind: "notice",
          message:
            r.kind === "no_review"
              ? "The review's recommendations are not held yet: import them first, then look for uptake again."
              : "No such submission.",
        },
        r.kind === "not_found" ? 404 : 409,
      );
    return data<ActionResult>({
      kind: "notice",
      message: `Looked through the review's recommendations for ${r.asks} ${r.asks === 1 ? "ask" : "asks"}: ${r.suggested} new ${r.suggested === 1 ? "suggestion" : "suggestions"}, ${r.kept} decided ${r.kept === 1 ? "one" : "ones"} kept.`,
    });
  }
  if (intent === "decide") {
    const d = UptakeDecision.safeParse(Object.fromEntries(form));
    if (!d.success) throw new Response("Unknown decision.", { status: 400 });
    const r = await decideUptake(db, actor, id.data, d.data.askId, d.data.recommendationId, d.data.decision);
    if (!r.ok) throw new Response("No such ask or recommendation.", { status: 404 });
    return back(`#ask-${d.data.askId}`);
  }
  throw new Response("Unknown action.", { status: 400 });
}

export default function SubmissionPage() {
  const {
    submission: s,
    words,
    limit,
    summary,
    issues,
    canEdit,
    edit,
    created,
    edited,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const askErrors = result?.kind === "ask" ? result.fieldErrors : {};
  return (
    <article className="submission">
      <p className="muted">
        <Link to="/submissions">Submissions</Link> · {s.stateName}, cycle {s.cycle}
      </p>
      <h1>{s.title}</h1>
      {s.isSample ? <p className="notice">Sample data: these asks are made up to show how the pages work.</p> : null}
      {created ? (
        <p className="notice" role="status">
          The submission is recorded. Add its asks below.
        </p>
      ) : null}
      {edited ? (
        <p className="notice" role="status">
          {edited === "saved" ? "The changes are saved." : "Nothing had changed; nothing was saved."}
        </p>
      ) : null}
      <p>
        {s.kind === "joint" ? "Joint submission" : "Individual submission"}
        {s.organisations.length ? ` of ${s.organisations.join(", ")}` : ""}.{" "}
        {canEdit ? (s.isPublic ? "Public." : "Private: only signed-in users see it.") : null}
      </p>
      {canEdit ? (
        <Form method="post">
          <input type="hidden" name="intent" value={s.isPublic ? "make-private" : "publish"} />
          <button type="submit" className="secondary">
            {s.isPublic ? "Make private" : "Publish: everyone can read it, its asks and their uptake"}
          </button>
        </Form>
      ) : null}
      {edit ? (
        <details className="panel" id="edit" open={result?.kind === "edit"}>
          <summary>Edit the submission: title, organisations, text, review</summary>
          <SubmissionForm
            states={edit.states}
            defaults={result?.kind === "edit" ? result.values : edit.values}
            errors={result?.kind === "edit" ? result.fieldErrors : {}}
            submitLabel="Save changes"
            intent="edit"
          />
        </details>
      ) : null}
      <p>
        {words.toLocaleString("en")} words (footnotes included) of the {limit.limit.toLocaleString("en")} allowed:{" "}
        {limit.within ? (
          `${limit.left.toLocaleString("en")} left.`
        ) : (
          <strong>{limit.over.toLocaleString("en")} over the limit.</strong>
        )}
      </p>
      <section aria-labelledby="uptake-summary" className="panel">
        <h2 id="uptake-summary">Uptake at the review</h2>
        {s.review ? (
          <p>
            {summary.takenUp} of {summary.asks} {summary.asks === 1 ? "ask was" : "asks were"} taken up by{" "}
            {summary.recommendations} {summary.recommendations === 1 ? "recommendation" : "recommendations"} of the{" "}
            <Link to={`/reviews/${s.review.id}`}>review</Link> ({summary.byResponse.supported} supported,{" "}
            {summary.byResponse.noted} noted
            {summary.byResponse.pending ? `, ${summary.byResponse.pending} pending` : ""}).
            {summary.undecided ? ` ${summary.undecided} still to decide.` : ""}
          </p>
        ) : (
          <p>The review's recommendations are not held yet: once they are imported, look for the asks' uptake here.</p>
        )}
        {summary.byState.length ? (
          <p>
            Taken up by:{" "}
            {summary.byState.map((st, i) => (
              <span key={st.name}>
                {i ? ", " : ""}
                {st.iso3 ? <Link to={`/lobbying/${st.iso3}?state=${s.stateIso3 ?? ""}`}>{st.name}</Link> : st.name} (
                {st.asks})
              </span>
            ))}
            .
          </p>
        ) : null}
        <p>
          <Link to={`/submissions/${s.id}/report`}>Printable uptake report</Link> ·{" "}
          <a href={`/submissions/${s.id}/uptake.csv`} download>
            Uptake as CSV
          </a>
        </p>
        {canEdit && s.review ? (
          <Form method="post">
            <input type="hidden" name="intent" value="find-uptake" />
            <button type="submit">Look for uptake among the review's {s.review.recommendations} recommendations</button>
          </Form>
        ) : null}
        {result?.kind === "notice" ? (
          <p className="notice" role="status">
            {result.message}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="asks" id="asks">
        <h2 id="asks-heading">Asks</h2>
        {s.asks.length === 0 ? <p>No ask is recorded yet.</p> : null}
        <ol className="asks">
          {s.asks.map((a) => (
            <li key={a.id} id={`ask-${a.id}`} className="card">
              <p className="muted">
                {a.issue ? <Link to={`/issues/${a.issue.slug}`}>{a.issue.title}</Link> : "No issue"}
              </p>
              <p className="ask-text">{a.text}</p>
              {a.uptake.filter((u) => canEdit || u.status === "confirmed").length ? (
                <ul className="uptake">
                  {a.uptake
                    .filter((u) => canEdit || u.status === "confirmed")
                    .map((u) => (
                      <li key={u.recommendationId} className={`uptake-${u.status}`}>
                        <p>
                          <strong>
                            {u.status === "confirmed" ? "Taken up" : u.status === "rejected" ? "Rejected" : "Suggested"}
                          </strong>
                          {u.status === "suggested" ? ` (similarity ${u.similarity.toFixed(2)})` : ""}:{" "}
                          <Link to={`/recommendations/${u.recommendationId}`}>
                            {u.paragraph ?? `#${u.recommendationId}`}
                          </Link>{" "}
                          {u.text}{" "}
                          <span className="muted">
                            (<StateLinks states={u.recommendingStates} />) · {RESPONSE_LABELS[u.response]} ·{" "}
                          </span>
                          <StatusBadge status={u.currentStatus} />
                          {u.currentAsOf ? <span className="muted"> as of {formatDate(u.currentAsOf)}</span> : null}
                        </p>
                        {canEdit && u.status !== "confirmed" ? (
                          <DecideButton
                            askId={a.id}
                            recommendationId={u.recommendationId}
                            decision="confirmed"
                            label="Confirm: it takes the ask up"
                          />
                        ) : null}
                        {canEdit && u.status !== "rejected" ? (
                          <DecideButton
                            askId={a.id}
                            recommendationId={u.recommendationId}
                            decision="rejected"
                            label="Reject"
                          />
                        ) : null}
                      </li>
                    ))}
                </ul>
              ) : s.review ? (
                <p className="muted">No recommendation is known to take this ask up.</p>
              ) : null}
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-ask" />
                  <input type="hidden" name="askId" value={a.id} />
                  <button type="submit" className="secondary">
                    Remove this ask
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
        {canEdit ? (
          <Form method="post" className="stack panel" noValidate>
            <h3>Add an ask</h3>
            <input type="hidden" name="intent" value="add-ask" />
            <FormField
              id="ask-text"
              name="text"
              label="The recommendation the submission asks for, in its own words"
              error={askErrors.text}
            >
              {(control) => <textarea {...control} rows={3} defaultValue={result?.kind === "ask" ? result.text : ""} />}
            </FormField>
            <FormField id="ask-issue" name="issueId" label="Issue" error={askErrors.issueId}>
              {(control) => (
                <select {...control} defaultValue="">
                  <option value="">No issue</option>
                  {issues.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.title}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <button type="submit">Add ask</button>
          </Form>
        ) : null}
      </section>
    </article>
  );
}

function DecideButton(props: {
  askId: number;
  recommendationId: number;
  decision: "confirmed" | "rejected";
  label: string;
}) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="askId" value={props.askId} />
      <input type="hidden" name="recommendationId" value={props.recommendationId} />
      <input type="hidden" name="decision" value={props.decision} />
      <button type="submit" className={props.decision === "rejected" ? "secondary" : undefined}>
        {props.label}
      </button>
    </Form>
  );
}
