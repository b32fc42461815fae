// One coalition issue: what it is, the recommendations linked to it, and for editors the suggested
// recommendations (accept or reject, one by one or ticked together), unlinking, editing and archiving.
// Every form works without JavaScript; a successful change redirects back here with a short message.
import { chosenState } from "~/http/chosen-state.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
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
import { useFormat } from "~/i18n/hooks";
import { requestT } from "~/http/language.server";
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

const notFound = (request: Request) =>
  new Response(requestT(request)("issues.notFound"), { status: 404, statusText: "Not Found" });
const Slug = z.string().max(80).regex(SLUG_RE);
/** The linked recommendations are listed this many to a page (?page=N; anything else is page 1). */
const LINKED_PAGE_SIZE = 100;
const PageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);
const Id = z.coerce.number().int().positive().max(2_147_483_647);

const SUGGESTIONS_SHOWN = 15;
const SUGGESTIONS_MORE = 100;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return data
    ? pageMeta(t, data.issue.title, data.issue.description || t("issues.metaDescriptionOne"))
    : pageMeta(t, t("issues.notFoundTitle"));
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = Slug.safeParse(params.slug);
  if (!slug.success) throw notFound(request);
  const db = await getDb();
  const page = PageParam.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  const [issue, user] = await Promise.all([
    getIssueBySlug(db, slug.data, { page, pageSize: LINKED_PAGE_SIZE }),
    getOptionalUser(request),
  ]);
  if (!issue) throw notFound(request);
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

const Decide = z.string().regex(/^(accepted|rejected):([0-9]{1,10}|chosen)$/);

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

/** The messages of `?done=` after a change (issues.done.<done> in the catalogue; counted ones take n). */
const DONE = ["created", "updated", "unchanged", "archived", "unarchived", "unlinked", "accepted", "rejected"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireEditor(request);
  const slug = Slug.safeParse(params.slug);
  if (!slug.success) throw notFound(request);
  const db = await getDb();
  const issue = await getIssueBySlug(db, slug.data);
  if (!issue) throw notFound(request);
  const actor = { id: user.id, role: user.role };
  const t = requestT(request);
  const formData = await request.formData();
  const form = { ...Object.fromEntries(formData), ids: formData.getAll("ids") } as Record<string, unknown>;
  const intent = Intent.safeParse(form);
  if (!intent.success) {
    if (form.intent === "suggestions")
      return data<ActionResult>({ kind: "problem", message: t("issues.problem.unreadable") }, 400);
    throw new Response(t("issues.unknownAction"), { status: 400 });
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
      if (!result.ok) throw notFound(request);
      return back(result.changed ? "updated" : "unchanged");
    }
    case "archive":
    case "unarchive": {
      const result =
        intent.data.intent === "archive"
          ? await archiveIssue(db, actor, issue.id)
          : await unarchiveIssue(db, actor, issue.id);
      if (!result.ok) throw notFound(request);
      return back(result.changed ? `${intent.data.intent}d` : "unchanged");
    }
    case "unlink": {
      const result = await unlinkRecommendations(db, actor, issue.id, [intent.data.recommendationId]);
      if (!result.ok)
        return data<ActionResult>({ kind: "problem", message: t("issues.problem.noSuchRecommendation") }, 404);
      return back("unlinked", 0, "#linked");
    }
    case "suggestions": {
      const [decision, which] = intent.data.decide.split(":") as ["accepted" | "rejected", string];
      const ids = which === "chosen" ? intent.data.ids : [Number(which)];
      if (!ids.length) return data<ActionResult>({ kind: "problem", message: t("issues.problem.tickFirst") }, 400);
      const result = await decideSuggestions(db, actor, issue.id, ids, decision);
      if (!result.ok) {
        const message = result.kind === "archived" ? t("issues.problem.archived") : t("issues.problem.gone");
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
  const { t } = useTranslation();
  const f = useFormat();
  const done = DONE.find((d) => d === searchParams.get("done"));
  const doneMessage = done ? t(`issues.done.${done}`, { count: Number(searchParams.get("n")) || 0 }) : null;
  const invalid = result?.kind === "invalid" ? result : undefined;
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const day = (at: string | Date) => f.date(new Date(at).toISOString().slice(0, 10));

  return (
    <>
      <p className="crumbs">
        <Link to="/issues">{t("common.issues")}</Link> / <span dir="auto">{issue.title}</span>
      </p>
      <h1 dir="auto">{issue.title}</h1>
      {issue.archivedAt ? (
        <p className="warn" data-testid="archived">
          {t("issues.archivedOn", { date: day(issue.archivedAt) })}
        </p>
      ) : null}
      {issue.description ? (
        <p className="lead" dir="auto">
          {issue.description}
        </p>
      ) : null}
      {issue.keywords.length ? (
        <p>
          <span className="muted">{t("issues.keywordsLabel")} </span>
          <span className="keywords" data-testid="keywords">
            {issue.keywords.map((k) => (
              <span key={k} className="keyword" dir="auto">
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
        <h2 id="progress-heading">{t("issues.progress")}</h2>
        {progress ? (
          <>
            <p className="big" data-testid="issue-progress-summary">
              {latestProgress(progress.points, progress.pointsToDate, "supported", t, f.lng).summary}.
            </p>
            <ChartFigure
              table={issueProgressTable(
                { title: issue.title, points: progress.points },
                { ...progress, stateName: f.state(state, progress.stateName) },
                true,
                t,
                f.lng,
              )}
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
                  <Link to={`/dashboard?issue=${issue.slug}`}>{t("issues.onDashboard")}</Link> ·{" "}
                  <Link to={`/changes?issue=${issue.slug}`}>{t("changes.title")}</Link>
                </p>
              }
            />
          </>
        ) : (
          <p>{t("issues.noProgress")}</p>
        )}
      </section>

      <section aria-labelledby="linked-heading" id="linked">
        <h2 id="linked-heading">{t("issues.linkedHeading")}</h2>
        {issue.linkedTotal === 0 ? (
          <p>{t("issues.noneLinked")}</p>
        ) : (
          <RecommendationTable
            testId="linked"
            caption={
              issue.pageCount > 1 && issue.linkedTotal > 1
                ? t("issues.linkedCaptionShown", {
                    count: issue.linkedTotal,
                    number: f.number(issue.linkedTotal),
                    first: f.number(issue.first),
                    last: f.number(issue.first + issue.recommendations.length - 1),
                  })
                : t("issues.linkedCount", { count: issue.linkedTotal, number: f.number(issue.linkedTotal) })
            }
            rows={issue.recommendations}
            columns={[
              paragraphColumn({ fallback: t("common.recommendation") }),
              {
                header: t("common.review"),
                cell: (r) => t("changes.place", { state: f.state(r.stateIso3, r.stateName), cycle: r.cycle }),
              },
              textColumn(),
              responseColumn(),
              statusColumn(),
              {
                header: t("issues.linked"),
                className: "small",
                cell: (r) =>
                  canEdit && r.linkedBy ? (
                    <>
                      {t("issues.linkedOnBy", { date: day(r.linkedAt) })} <span dir="auto">{r.linkedBy}</span>
                    </>
                  ) : (
                    day(r.linkedAt)
                  ),
              },
              ...(canEdit
                ? [
                    {
                      header: t("issues.change"),
                      cell: (r: (typeof issue.recommendations)[number]) => (
                        <Form method="post" className="inline" preventScrollReset>
                          <input type="hidden" name="intent" value="unlink" />
                          <input type="hidden" name="recommendationId" value={r.id} />
                          <button
                            type="submit"
                            className="link danger"
                            aria-label={t("issues.unlinkLabel", { paragraph: r.paragraph ?? r.id })}
                          >
                            {t("issues.unlink")}
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
          <nav className="pager" aria-label={t("issues.linkedPages")}>
            {issue.page > 1 ? <Link to={`?page=${issue.page - 1}#linked`}>{t("review.previous")}</Link> : <span />}
            <span>{t("common.pageOf", { page: f.number(issue.page), pages: f.number(issue.pageCount) })}</span>
            {issue.page < issue.pageCount ? (
              <Link to={`?page=${issue.page + 1}#linked`}>{t("review.next")}</Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>

      {canEdit ? (
        <>
          <section aria-labelledby="suggestions-heading" id="suggestions" className="panel">
            <h2 id="suggestions-heading">{t("issues.suggestedHeading")}</h2>
            {issue.archivedAt ? (
              <p>{t("issues.archivedNoSuggestions")}</p>
            ) : suggestions.length === 0 ? (
              <p>{issue.keywords.length ? t("issues.noMoreSuggestions") : t("issues.noSuggestionsAddKeywords")}</p>
            ) : (
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="suggestions" />
                <p className="note">{t("issues.suggestionsNote")}</p>
                <RecommendationTable
                  testId="suggestions"
                  caption={t("issues.suggestionsCaption", {
                    count: suggestions.length,
                    number: f.number(suggestions.length),
                  })}
                  rows={suggestions}
                  rowAttributes={(s) => ({ "data-paragraph": s.paragraph ?? "" })}
                  columns={[
                    chooseColumn(),
                    paragraphColumn<(typeof suggestions)[number]>({
                      fallback: t("common.recommendation"),
                      below: (s) => (
                        <span className="muted small">
                          <br />
                          {t("changes.place", { state: f.state(s.stateIso3, s.stateName), cycle: s.cycle })}
                        </span>
                      ),
                    }),
                    textColumn(),
                    {
                      header: t("issues.matched"),
                      className: "small",
                      cell: (s) => <span dir="auto">{s.matched.join(", ")}</span>,
                    },
                    {
                      header: t("issues.decide"),
                      className: "decide",
                      cell: (s) => (
                        <>
                          <button
                            type="submit"
                            name="decide"
                            value={`accepted:${s.id}`}
                            aria-label={t("issues.acceptLabel", { paragraph: s.paragraph ?? s.id })}
                          >
                            {t("issues.accept")}
                          </button>{" "}
                          <button
                            type="submit"
                            name="decide"
                            value={`rejected:${s.id}`}
                            className="secondary"
                            aria-label={t("issues.rejectLabel", { paragraph: s.paragraph ?? s.id })}
                          >
                            {t("issues.reject")}
                          </button>
                        </>
                      ),
                    },
                  ]}
                />
                <p className="actions">
                  <button type="submit" name="decide" value="accepted:chosen" disabled={busy("suggestions")}>
                    {t("issues.acceptTicked")}
                  </button>
                  <button
                    type="submit"
                    name="decide"
                    value="rejected:chosen"
                    className="secondary"
                    disabled={busy("suggestions")}
                  >
                    {t("issues.rejectTicked")}
                  </button>
                </p>
                {moreSuggestions ? (
                  <p>
                    <Link to={`/issues/${issue.slug}?more=1#suggestions`}>{t("issues.showMore")}</Link>
                  </p>
                ) : more ? (
                  <p className="muted small">{t("issues.allShown")}</p>
                ) : null}
              </Form>
            )}
          </section>

          <section aria-labelledby="edit-heading" id="edit" className="panel">
            <h2 id="edit-heading">{t("issues.editHeading")}</h2>
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
              submitLabel={t("issues.saveChanges")}
            />
            <Form method="post">
              <input type="hidden" name="intent" value={issue.archivedAt ? "unarchive" : "archive"} />
              <p>
                <button type="submit" className="secondary" disabled={busy("archive") || busy("unarchive")}>
                  {issue.archivedAt ? t("issues.unarchive") : t("issues.archive")}
                </button>{" "}
                <span className="note">{issue.archivedAt ? t("issues.unarchiveNote") : t("issues.archiveNote")}</span>
              </p>
            </Form>
          </section>
        </>
      ) : (
        <p className="muted">
          <Trans
            i18nKey="issues.signInToLink"
            components={[<Link key="0" to={`/login?redirectTo=/issues/${issue.slug}`} />]}
          />
        </p>
      )}
    </>
  );
}
