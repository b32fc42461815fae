// One submission: its word count against the limit, its asks under the coalition's issues, and per ask the
// recommendations of the review that take it up (suggested by similarity, confirmed or rejected by an
// editor), with their response and status since. The uptake report prints (A4) and downloads as CSV.
import { StateLinks } from "~/components/state-links";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db.server";
import { fieldErrorsOf } from "~/lib/assessment-input";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { intlLocale, type Language } from "~/i18n/languages";
import { pageMeta } from "~/lib/meta";
import { requestT } from "~/http/language.server";
import { SubmissionForm } from "~/components/submission-form";
import { FormField } from "~/components/form-field";
import {
  AskFields,
  SubmissionFields,
  type SubmissionFormValues,
  submissionErrorText,
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

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const t = metaT(matches);
  return pageMeta(t, d ? t("submissions.metaTitle", { title: d.submission.title }) : t("submissions.notFoundTitle"));
};

const Id = z.coerce.number().int().positive();

/** A similarity as the reader writes decimals: 0.53, 0,53. */
function twoDecimals(lng: Language, n: number): string {
  return new Intl.NumberFormat(intlLocale(lng), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = requestT(request);
  const id = Id.safeParse(params.id);
  if (!id.success) throw new Response(t("submissions.notFound"), { status: 404 });
  const db = await getDb();
  const user = await getOptionalUser(request);
  const submission = await getSubmission(db, id.data, { signedIn: user !== null });
  if (!submission) throw new Response(t("submissions.notFound"), { status: 404 });
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
  const t = requestT(request);
  const id = Id.safeParse(params.id);
  if (!id.success) throw new Response(t("submissions.notFound"), { status: 404 });
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
      if (r.kind === "not_found") throw new Response(t("submissions.notFound"), { status: 404 });
      return data<ActionResult>({ kind: "edit", fieldErrors: r.fieldErrors, values }, 400);
    }
    return redirect(`/submissions/${id.data}?edited=${r.changed ? "saved" : "unchanged"}`, 303);
  }
  if (intent === "publish" || intent === "make-private") {
    const r = await setSubmissionPublic(db, actor, id.data, intent === "publish");
    if (!r.ok) throw new Response(t("submissions.notFound"), { status: 404 });
    return back();
  }
  if (intent === "delete-ask") {
    const askId = Id.safeParse(form.get("askId"));
    if (!askId.success || !(await deleteAsk(db, actor, id.data, askId.data)).ok)
      throw new Response(t("submissions.noSuchAsk"), { status: 404 });
    return back("#asks");
  }
  if (intent === "find-uptake") {
    const r = await findUptake(db, actor, id.data);
    if (!r.ok)
      return data<ActionResult>(
        {
          kind: "notice",
          message: r.kind === "no_review" ? t("submissions.uptakeNoReview") : t("submissions.notFound"),
        },
        r.kind === "not_found" ? 404 : 409,
      );
    return data<ActionResult>({
      kind: "notice",
      message: t("submissions.lookedThrough", {
        asks: t("submissions.asksCount", { count: r.asks }),
        suggested: t("submissions.newSuggestions", { count: r.suggested }),
        kept: t("submissions.keptDecided", { count: r.kept }),
      }),
    });
  }
  if (intent === "decide") {
    const d = UptakeDecision.safeParse(Object.fromEntries(form));
    if (!d.success) throw new Response(t("submissions.unknownDecision"), { status: 400 });
    const r = await decideUptake(db, actor, id.data, d.data.askId, d.data.recommendationId, d.data.decision);
    if (!r.ok) throw new Response(t("submissions.noSuchAskOrRecommendation"), { status: 404 });
    return back(`#ask-${d.data.askId}`);
  }
  throw new Response(t("issues.unknownAction"), { status: 400 });
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
  const { t } = useTranslation();
  const f = useFormat();
  const askErrors = result?.kind === "ask" ? result.fieldErrors : {};
  const askError = (field: string) => {
    const message = askErrors[field];
    return message ? submissionErrorText(t, message, f.number) : undefined;
  };
  return (
    <article className="submission">
      <p className="muted">
        <Link to="/submissions">{t("layout.nav.submissions")}</Link> ·{" "}
        {t("changes.place", { state: f.state(s.stateIso3, s.stateName), cycle: s.cycle })}
      </p>
      <h1 dir="auto">{s.title}</h1>
      {s.isSample ? <p className="notice">{t("submissions.sampleNotice")}</p> : null}
      {created ? (
        <p className="notice" role="status">
          {t("submissions.created")}
        </p>
      ) : null}
      {edited ? (
        <p className="notice" role="status">
          {edited === "saved" ? t("submissions.saved") : t("submissions.unchanged")}
        </p>
      ) : null}
      <p>
        {s.kind === "joint" ? t("submissions.joint") : t("submissions.individual")}
        {s.organisations.length ? (
          <>
            {" "}
            {t("submissions.of")} <span dir="auto">{s.organisations.join(t("reviews.comma"))}</span>
          </>
        ) : null}
        . {canEdit ? (s.isPublic ? t("submissions.public") : t("submissions.private")) : null}
      </p>
      {canEdit ? (
        <Form method="post">
          <input type="hidden" name="intent" value={s.isPublic ? "make-private" : "publish"} />
          <button type="submit" className="secondary">
            {s.isPublic ? t("submissions.makePrivate") : t("submissions.publish")}
          </button>
        </Form>
      ) : null}
      {edit ? (
        <details className="panel" id="edit" open={result?.kind === "edit"}>
          <summary>{t("submissions.editSummary")}</summary>
          <SubmissionForm
            states={edit.states}
            defaults={result?.kind === "edit" ? result.values : edit.values}
            errors={result?.kind === "edit" ? result.fieldErrors : {}}
            submitLabel={t("issues.saveChanges")}
            intent="edit"
          />
        </details>
      ) : null}
      <p>
        {t("submissions.wordsOf", { count: words, number: f.number(words), limit: f.number(limit.limit) })}{" "}
        {limit.within ? (
          t("submissions.wordsLeft", { number: f.number(limit.left) })
        ) : (
          <strong>{t("submissions.wordsOver", { number: f.number(limit.over) })}</strong>
        )}
      </p>
      <section aria-labelledby="uptake-summary" className="panel">
        <h2 id="uptake-summary">{t("submissions.uptakeHeading")}</h2>
        {s.review ? (
          <p>
            <Trans
              i18nKey="submissions.uptakeSummary"
              count={summary.asks}
              values={{
                takenUp: f.number(summary.takenUp),
                asks: f.number(summary.asks),
                recommendations: t("submissions.recommendationsCount", {
                  count: summary.recommendations,
                  number: f.number(summary.recommendations),
                }),
                supported: f.number(summary.byResponse.supported),
                noted: f.number(summary.byResponse.noted),
                pending: summary.byResponse.pending
                  ? t("submissions.uptakePending", { pending: f.number(summary.byResponse.pending) })
                  : "",
              }}
              components={[<Link key="0" to={`/reviews/${s.review.id}`} />]}
            />
            {summary.undecided ? ` ${t("submissions.stillToDecide", { number: f.number(summary.undecided) })}` : ""}
          </p>
        ) : (
          <p>{t("submissions.reviewNotHeld")}</p>
        )}
        {summary.byState.length ? (
          <p>
            {t("submissions.takenUpBy")}{" "}
            {summary.byState.map((st, i) => (
              <span key={st.name}>
                {i ? t("reviews.comma") : ""}
                {st.iso3 ? (
                  <Link to={`/lobbying/${st.iso3}?state=${s.stateIso3 ?? ""}`}>{f.state(st.iso3, st.name)}</Link>
                ) : (
                  st.name
                )}{" "}
                ({f.number(st.asks)})
              </span>
            ))}
            .
          </p>
        ) : null}
        <p>
          <Link to={`/submissions/${s.id}/report`}>{t("submissions.printableReport")}</Link> ·{" "}
          <a href={`/submissions/${s.id}/uptake.csv`} download>
            {t("submissions.uptakeCsv")}
          </a>
        </p>
        {canEdit && s.review ? (
          <Form method="post">
            <input type="hidden" name="intent" value="find-uptake" />
            <button type="submit">
              {t("submissions.lookForUptake", {
                count: s.review.recommendations,
                number: f.number(s.review.recommendations),
              })}
            </button>
          </Form>
        ) : null}
        {result?.kind === "notice" ? (
          <p className="notice" role="status">
            {result.message}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="asks" id="asks">
        <h2 id="asks-heading">{t("submissions.asks")}</h2>
        {s.asks.length === 0 ? <p>{t("submissions.noAsk")}</p> : null}
        <ol className="asks">
          {s.asks.map((a) => (
            <li key={a.id} id={`ask-${a.id}`} className="card">
              <p className="muted">
                {a.issue ? (
                  <Link to={`/issues/${a.issue.slug}`} dir="auto">
                    {a.issue.title}
                  </Link>
                ) : (
                  t("submissions.noIssue")
                )}
              </p>
              <p className="ask-text" dir="auto">
                {a.text}
              </p>
              {a.uptake.filter((u) => canEdit || u.status === "confirmed").length ? (
                <ul className="uptake">
                  {a.uptake
                    .filter((u) => canEdit || u.status === "confirmed")
                    .map((u) => (
                      <li key={u.recommendationId} className={`uptake-${u.status}`}>
                        <p>
                          <strong>{t(`submissions.uptakeStatus.${u.status}`)}</strong>
                          {u.status === "suggested"
                            ? ` ${t("submissions.similarity", { value: twoDecimals(f.lng, u.similarity) })}`
                            : ""}
                          :{" "}
                          <Link to={`/recommendations/${u.recommendationId}`}>
                            {u.paragraph ?? `#${u.recommendationId}`}
                          </Link>{" "}
                          <span lang="en">{u.text}</span>{" "}
                          <span className="muted">
                            (
                            <StateLinks states={u.recommendingStates} />) · {t(`common.response.${u.response}`)} ·{" "}
                          </span>
                          <StatusBadge status={u.currentStatus} />
                          {u.currentAsOf ? (
                            <span className="muted"> {t("states.statusAsOf", { date: f.date(u.currentAsOf) })}</span>
                          ) : null}
                        </p>
                        {canEdit && u.status !== "confirmed" ? (
                          <DecideButton
                            askId={a.id}
                            recommendationId={u.recommendationId}
                            decision="confirmed"
                            label={t("submissions.confirm")}
                          />
                        ) : null}
                        {canEdit && u.status !== "rejected" ? (
                          <DecideButton
                            askId={a.id}
                            recommendationId={u.recommendationId}
                            decision="rejected"
                            label={t("issues.reject")}
                          />
                        ) : null}
                      </li>
                    ))}
                </ul>
              ) : s.review ? (
                <p className="muted">{t("submissions.noUptake")}</p>
              ) : null}
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-ask" />
                  <input type="hidden" name="askId" value={a.id} />
                  <button type="submit" className="secondary">
                    {t("submissions.removeAsk")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
        {canEdit ? (
          <Form method="post" className="stack panel" noValidate>
            <h3>{t("submissions.addAskHeading")}</h3>
            <input type="hidden" name="intent" value="add-ask" />
            <FormField id="ask-text" name="text" label={t("submissions.askText")} error={askError("text")}>
              {(control) => (
                <textarea {...control} dir="auto" rows={3} defaultValue={result?.kind === "ask" ? result.text : ""} />
              )}
            </FormField>
            <FormField id="ask-issue" name="issueId" label={t("submissions.issue")} error={askError("issueId")}>
              {(control) => (
                <select {...control} defaultValue="">
                  <option value="">{t("submissions.noIssue")}</option>
                  {issues.map((i) => (
                    <option key={i.id} value={i.id} dir="auto">
                      {i.title}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <button type="submit">{t("submissions.addAsk")}</button>
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
