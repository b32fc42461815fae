// One coalition issue: what it is, the recommendations linked to it, and for editors the suggested
// recommendations (accept or reject, one by one or ticked together), unlinking, editing and archiving.
// Every form works without JavaScript; a successful change redirects back here with a short message.
import { chosenState } from "~/http/chosen-state.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ChartFigure } from "~/components/charts/chart-figure";
import { ProgressArea } from "~/components/charts/progress-area";
import { IssueForm, type IssueFormValues } from "~/components/issue-form";
import {
  chooseColumn,
  paragraphColumn,
  RecommendationTable,
  responseColumn,
  statusColumn,
  textColumn,
} from "~/components/recommendation-table";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { getDb } from "~/db.server";
import { fieldErrorsOf } from "~/lib/assessment-input";
import { todayUtc } from "~/lib/dates";
import { formatDate } from "~/lib/format";
import { issueProgressTable, latestProgress, progressChartRows } from "~/lib/issue-progress";
import { issueProgressForPage } from "~/models/dashboard.server";
import { IssueFields, joinKeywords, SLUG_RE } from "~/lib/issue-input";
import { decideSuggestions, suggestionsForIssue } from "~/models/issue-suggestions.server";
import {
  archiveIssue,
  getIssueBySlug,
  MAX_BULK_LINKS,
  unarchiveIssue,
  unlinkRecommendations,
  updateIssue,
} from "~/models/issues.server";
import { getOptionalUser, requireEditor } from "~/http/session.server";

const notFound = () => new Response("There is no such coalition issue.", { status: 404, statusText: "Not Found" });
const Slug = z.string().max(80).regex(SLUG_RE);
/** The linked recommendations are listed this many to a page (?page=N; anything else is page 1). */
const LINKED_PAGE_SIZE = 100;
const PageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);
const Id = z.coerce.number().int().positive().max(2_147_483_647);

const SUGGESTIONS_SHOWN = 15;
const SUGGESTIONS_MORE = 100;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageMeta(
        metaT(matches),
        data.issue.title,
        data.issue.description || "A coalition issue and the UPR recommendations linked to it.",
      )
    : pageMeta(metaT(matches), "Coalition issue not found");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = Slug.safeParse(params.slug);
  if (!slug.success) throw notFound();
  const db = await getDb();
  const page = PageParam.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  const [issue, user] = await Promise.all([
    getIssueBySlug(db, slug.data, { page, pageSize: LINKED_PAGE_SIZE }),
    getOptionalUser(request),
  ]);
  if (!issue) throw notFound();
  const more = new URL(request.url).searchParams.get("more") === "1";
  const suggestions =
    user && !issue.archivedAt
      ? await suggestionsForIssue(db, issue.id, { limit: (more ? SUGGESTIONS_MORE : SUGGESTIONS_SHOWN) + 1 })
      : [];
  const shown = more ? SUGGESTIONS_MORE : SUGGESTIONS_SHOWN;
  const state = chosenState(request).iso3;
  const progress = await issueProgressForPage(db, issue.slug, state, todayUtc());
  // Who linked a recommendation is for signed-in users only (the public never sees editors' e-mails).
  const shownIssue = user
    ? issue
    : { ...issue, recommendations: issue.recommendations.map((r) => ({ ...r, linkedBy: null })) };
  return {
    issue: shownIssue,
    canEdit: user !== null,
    progress,
    state,
    suggestions: suggestions.slice(0, shown),
    moreSuggestions: suggestions.length > shown,
    more,
  };
}

const Decide = z.string().regex(/^(accepted|rejected):([0-9]{1,10}|chosen)$/, "Choose Accept or Reject");

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update") }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("unarchive") }),
  z.object({ intent: z.literal("unlink"), recommendationId: Id }),
  z.object({ intent: z.literal("suggestions"), decide: Decide, ids: z.array(Id).max(MAX_BULK_LINKS) }),
]);

type ActionResult =
  | { kind: "invalid"; fieldErrors: Record<string, string | undefined>; values: IssueFormValues }
  | { kind: "problem"; message: string };

const MESSAGES: Record<string, (n: number) => string> = {
  created: () => "The issue was added. Add keywords to get suggestions, or link recommendations from their pages.",
  updated: () => "Saved.",
  unchanged: () => "Nothing to change.",
  archived: () => "Archived: the issue keeps its links and stays readable, but takes no new links.",
  unarchived: () => "The issue is active again.",
  unlinked: () => "The recommendation was unlinked.",
  accepted: (n) => (n === 1 ? "Linked 1 recommendation." : `Linked ${n} recommendations.`),
  rejected: (n) =>
    n === 1
      ? "Rejected 1 suggestion: it will not be suggested again."
      : `Rejected ${n} suggestions: they will not be suggested again.`,
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const slug = Slug.safeParse(params.slug);
  if (!slug.success) throw notFound();
  const db = await getDb();
  const issue = await getIssueBySlug(db, slug.data);
  if (!issue) throw notFound();
  const actor = { id: user.id, role: user.role };
  const formData = await request.formData();
  const form = { ...Object.fromEntries(formData), ids: formData.getAll("ids") } as Record<string, unknown>;
  const intent = Intent.safeParse(form);
  if (!intent.success) {
    if (form.intent === "suggestions")
      return data<ActionResult>(
        { kind: "problem", message: "The chosen suggestions could not be read; reload the page." },
        400,
      );
    throw new Response("Unknown action.", { status: 400 });
  }
  const back = (message: string, n = 0, hash = "") =>
    redirect(`/issues/${issue.slug}?done=${message}${n ? `&n=${n}` : ""}${hash}`, 303);

  switch (intent.data.intent) {
    case "update": {
      const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string).slice(0, 6000) : "");
      const values: IssueFormValues = {
        title: text("title"),
        description: text("description"),
        keywords: text("keywords"),
      };
      const fields = IssueFields.safeParse(values);
      if (!fields.success)
        return data<ActionResult>({ kind: "invalid", fieldErrors: fieldErrorsOf(fields.error), values }, 400);
      const result = await updateIssue(db, actor, issue.id, fields.data);
      if (!result.ok) throw notFound();
      return back(result.changed ? "updated" : "unchanged");
    }
    case "archive":
    case "unarchive": {
      const result =
        intent.data.intent === "archive"
          ? await archiveIssue(db, actor, issue.id)
          : await unarchiveIssue(db, actor, issue.id);
      if (!result.ok) throw notFound();
      return back(result.changed ? `${intent.data.intent}d` : "unchanged");
    }
    case "unlink": {
      const result = await unlinkRecommendations(db, actor, issue.id, [intent.data.recommendationId]);
      if (!result.ok) return data<ActionResult>({ kind: "problem", message: "There is no such recommendation." }, 404);
      return back("unlinked", 0, "#linked");
    }
    case "suggestions": {
      const [decision, which] = intent.data.decide.split(":") as ["accepted" | "rejected", string];
      const ids = which === "chosen" ? intent.data.ids : [Number(which)];
      if (!ids.length)
        return data<ActionResult>({ kind: "problem", message: "Tick the suggestions to accept or reject first." }, 400);
      const result = await decideSuggestions(db, actor, issue.id, ids, decision);
      if (!result.ok) {
        const message =
          result.kind === "archived"
            ? "This issue is archived: unarchive it to link recommendations."
            : "Some of these recommendations no longer exist; reload the page.";
        return data<ActionResult>({ kind: "problem", message }, result.kind === "archived" ? 409 : 404);
      }
      return back(decision, result.decided, "#suggestions");
    }
  }
}

export default function IssuePage() {
  const { issue, canEdit, progress, state, suggestions, moreSuggestions, more } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const doneMessage = done && MESSAGES[done] ? MESSAGES[done](Number(searchParams.get("n")) || 0) : null;
  const invalid = result?.kind === "invalid" ? result : undefined;
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;

  return (
    <>
      <p className="crumbs">
        <Link to="/issues">Coalition issues</Link> / {issue.title}
      </p>
      <h1>{issue.title}</h1>
      {issue.archivedAt ? (
        <p className="warn" data-testid="archived">
          Archived on {formatDate(new Date(issue.archivedAt).toISOString().slice(0, 10))}: this issue keeps its links
          but takes no new ones.
        </p>
      ) : null}
      {issue.description ? <p className="lead">{issue.description}</p> : null}
      {issue.keywords.length ? (
        <p>
          <span className="muted">Keywords: </span>
          <span className="keywords" data-testid="keywords">
            {issue.keywords.map((k) => (
              <span key={k} className="keyword">
                {k}
              </span>
            ))}
          </span>
        </p>
      ) : null}
      {doneMessage ? (
        <p className="ok" role="status" data-testid="done">
          {doneMessage}
        </p>
      ) : null}
      {result?.kind === "problem" ? (
        <p className="error" role="alert">
          {result.message}
        </p>
      ) : null}

      <section aria-labelledby="progress-heading" id="progress">
        <h2 id="progress-heading">Progress</h2>
        {progress ? (
          <>
            <p className="big" data-testid="issue-progress-summary">
              {latestProgress(progress.points, progress.pointsToDate).summary}.
            </p>
            <ChartFigure
              table={issueProgressTable({ title: issue.title, points: progress.points }, progress, true)}
              query={`state=${state}&cycle=${progress.cycle}&issue=${issue.slug}`}
              testKey="issue-progress"
              collapseTable
              chart={() => (
                <ProgressArea
                  id="issue-progress"
                  rows={progressChartRows(progress.points, progress.pointsToDate)}
                  milestones={progress.period.milestones}
                  height={360}
                />
              )}
              note={
                <p className="small">
                  <Link to={`/dashboard?issue=${issue.slug}`}>This issue on the dashboard</Link> ·{" "}
                  <Link to={`/changes?issue=${issue.slug}`}>What changed</Link>
                </p>
              }
            />
          </>
        ) : (
          <p>No review with a date holds recommendations yet, so there is no progress to show.</p>
        )}
      </section>

      <section aria-labelledby="linked-heading" id="linked">
        <h2 id="linked-heading">Linked recommendations</h2>
        {issue.linkedTotal === 0 ? (
          <p>No recommendation is linked to this issue yet.</p>
        ) : (
          <RecommendationTable
            testId="linked"
            caption={
              issue.linkedTotal === 1
                ? "1 linked recommendation"
                : issue.pageCount > 1
                  ? `${issue.linkedTotal} linked recommendations (${issue.first}–${issue.first + issue.recommendations.length - 1} shown)`
                  : `${issue.linkedTotal} linked recommendations`
            }
            rows={issue.recommendations}
            columns={[
              paragraphColumn({ fallback: "Recommendation" }),
              { header: "Review", cell: (r) => `${r.stateName}, cycle ${r.cycle}` },
              textColumn(),
              responseColumn(),
              statusColumn(),
              {
                header: "Linked",
                className: "small",
                cell: (r) =>
                  `${formatDate(new Date(r.linkedAt).toISOString().slice(0, 10))}${canEdit && r.linkedBy ? ` by ${r.linkedBy}` : ""}`,
              },
              ...(canEdit
                ? [
                    {
                      header: "Change",
                      cell: (r: (typeof issue.recommendations)[number]) => (
                        <Form method="post" className="inline" preventScrollReset>
                          <input type="hidden" name="intent" value="unlink" />
                          <input type="hidden" name="recommendationId" value={r.id} />
                          <button type="submit" className="link danger" aria-label={`Unlink ${r.paragraph ?? r.id}`}>
                            Unlink
                          </button>
                        </Form>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
        {issue.pageCount > 1 ? (
          <nav className="pager" aria-label="Pages of linked recommendations">
            {issue.page > 1 ? <Link to={`?page=${issue.page - 1}#linked`}>← Previous</Link> : <span />}
            <span>
              Page {issue.page} of {issue.pageCount}
            </span>
            {issue.page < issue.pageCount ? <Link to={`?page=${issue.page + 1}#linked`}>Next →</Link> : <span />}
          </nav>
        ) : null}
      </section>

      {canEdit ? (
        <>
          <section aria-labelledby="suggestions-heading" id="suggestions" className="panel">
            <h2 id="suggestions-heading">Suggested recommendations</h2>
            {issue.archivedAt ? (
              <p>An archived issue gets no suggestions.</p>
            ) : suggestions.length === 0 ? (
              <p>
                {issue.keywords.length
                  ? "No more suggestions: every recommendation that matches this issue's keywords or title is linked or was rejected."
                  : "No suggestions: add keywords to this issue (below) to get some."}
              </p>
            ) : (
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="suggestions" />
                <p className="note">
                  Ranked by the issue's keywords (and, less, the words of its title) found in each recommendation; rare
                  words count more. Accept links the recommendation to this issue; a rejected suggestion does not come
                  back.
                </p>
                <RecommendationTable
                  testId="suggestions"
                  caption={`${suggestions.length === 1 ? "1 suggestion" : `${suggestions.length} suggestions`}, best first`}
                  rows={suggestions}
                  rowAttributes={(s) => ({ "data-paragraph": s.paragraph ?? "" })}
                  columns={[
                    chooseColumn(),
                    paragraphColumn<(typeof suggestions)[number]>({
                      fallback: "Recommendation",
                      below: (s) => (
                        <span className="muted small">
                          <br />
                          {s.stateName}, cycle {s.cycle}
                        </span>
                      ),
                    }),
                    textColumn(),
                    { header: "Matched", className: "small", cell: (s) => s.matched.join(", ") },
                    {
                      header: "Decide",
                      className: "decide",
                      cell: (s) => (
                        <>
                          <button
                            type="submit"
                            name="decide"
                            value={`accepted:${s.id}`}
                            aria-label={`Accept ${s.paragraph ?? s.id}`}
                          >
                            Accept
                          </button>{" "}
                          <button
                            type="submit"
                            name="decide"
                            value={`rejected:${s.id}`}
                            className="secondary"
                            aria-label={`Reject ${s.paragraph ?? s.id}`}
                          >
                            Reject
                          </button>
                        </>
                      ),
                    },
                  ]}
                />
                <p className="actions">
                  <button type="submit" name="decide" value="accepted:chosen" disabled={busy("suggestions")}>
                    Accept the ticked suggestions
                  </button>
                  <button
                    type="submit"
                    name="decide"
                    value="rejected:chosen"
                    className="secondary"
                    disabled={busy("suggestions")}
                  >
                    Reject the ticked suggestions
                  </button>
                </p>
                {moreSuggestions ? (
                  <p>
                    <Link to={`/issues/${issue.slug}?more=1#suggestions`}>Show more suggestions</Link>
                  </p>
                ) : more ? (
                  <p className="muted small">These are all the suggestions.</p>
                ) : null}
              </Form>
            )}
          </section>

          <section aria-labelledby="edit-heading" id="edit" className="panel">
            <h2 id="edit-heading">Edit this issue</h2>
            <IssueForm
              idPrefix="edit"
              intent="update"
              defaults={
                invalid?.values ?? {
                  title: issue.title,
                  description: issue.description,
                  keywords: joinKeywords(issue.keywords),
                }
              }
              errors={invalid?.fieldErrors ?? {}}
              busy={busy("update")}
              submitLabel="Save changes"
            />
            <Form method="post">
              <input type="hidden" name="intent" value={issue.archivedAt ? "unarchive" : "archive"} />
              <p>
                <button type="submit" className="secondary" disabled={busy("archive") || busy("unarchive")}>
                  {issue.archivedAt ? "Unarchive this issue" : "Archive this issue"}
                </button>{" "}
                <span className="note">
                  {issue.archivedAt
                    ? "It will take new links and get suggestions again."
                    : "An archived issue keeps its links and stays readable, but takes no new links."}
                </span>
              </p>
            </Form>
          </section>
        </>
      ) : (
        <p className="muted">
          <Link to={`/login?redirectTo=/issues/${issue.slug}`}>Sign in</Link> as an editor to link recommendations to
          this issue.
        </p>
      )}
    </>
  );
}
